"""Legal data files (seed_data/*.json) read once and read again whenever the file changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_CACHE: dict = {}


def load_json(path: str | Path, parse: Callable[[dict], T], missing: Callable[[Path], Exception]) -> T:
    """``parse`` of the JSON in ``path``, kept until the file's modification time changes; ``missing(path)`` is
    raised when there is no such file."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise missing(path) from None
    cached = _CACHE.get((path, parse))
    if cached and cached[0] == stamp:
        return cached[1]
    value = parse(json.loads(path.read_text(encoding="utf-8")))
    _CACHE[(path, parse)] = (stamp, value)
    return value
