"""Signed decision documents: PDF only, size-limited, stored by content hash, served to staff only."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

from .. import audit
from ..errors import PortalError
from ..extensions import db
from ..models import Attachment, Penalty, User

PDF_MAGIC = b"%PDF-"


def folder() -> Path:
    path = Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(p: Penalty, filename: str, data: bytes, user: User) -> Attachment:
    """Keep a PDF for a decision; anything that is not a PDF, or too large, is refused with a 400/413."""
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if len(data) > limit:
        raise PortalError("too_large", f"文件不能超过 {current_app.config['MAX_UPLOAD_MB']} MB", 413)
    name = Path(filename or "").name[:200] or "决定书.pdf"
    # The content decides, not the name: a PDF starts with %PDF- (and an .exe renamed .pdf does not).
    if not data.startswith(PDF_MAGIC) or not name.lower().endswith(".pdf"):
        raise PortalError("bad_request", "只接受 PDF 格式的决定书", 400)
    digest = hashlib.sha256(data).hexdigest()
    path = folder() / f"{digest}.pdf"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    item = Attachment(penalty_id=p.id, filename=name, sha256=digest, size=len(data), uploaded_by=user.id)
    db.session.add(item)
    db.session.flush()
    audit.record(
        user.username,
        "attachment.add",
        f"penalty:{p.id}",
        None,
        {"attachment": item.id, "filename": name, "sha256": digest, "size": len(data)},
    )
    return item


def path_of(item: Attachment) -> Path:
    return folder() / f"{item.sha256}.pdf"
