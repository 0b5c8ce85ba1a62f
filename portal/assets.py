"""Static files with a content hash in their URL, so browsers may cache them for a year and still see changes;
and response compression (gzip/brotli) for pages, feeds and JSON."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import current_app, url_for
from flask_compress import Compress

compress = Compress()


@functools.lru_cache(maxsize=64)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def asset(filename: str) -> str:
    """The static file's URL with ?v=<content hash>."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_digest(str(path), path.stat().st_mtime))


def init_app(app) -> None:
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "text/plain",
            "application/javascript",
            "application/json",
            "application/xml",
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
            "image/svg+xml",
            "text/csv",
        ],
    )
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    compress.init_app(app)
    app.add_template_global(asset)
