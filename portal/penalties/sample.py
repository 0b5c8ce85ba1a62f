"""Whether the decisions on show are the fictional sample of seed_data/penalties.jsonl.

No extra table: the audit trail already records every import (``penalty.import``) and every publication from the
staff side (``penalty.publish``); the seed loader adds ``seed.sample`` when it loads the fictional decisions. The
sample banner shows while the newest of these events is the seed's, so the first real import or publication
switches it off for good (seeding again afterwards adds nothing to a database that holds real decisions).
"""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import AuditEvent

LOADED = "seed.sample"
REAL = ("penalty.import", "penalty.publish")


def record_loaded(count: int, filename: str) -> None:
    """Called by the seed loader in its transaction when it adds sample decisions."""
    if _latest() in REAL:
        return  # real decisions were imported or published already: the sample does not take over again
    audit.record("seed", LOADED, "penalties", None, {"count": count, "file": filename})


def _latest() -> str | None:
    return db.session.scalar(
        select(AuditEvent.action).where(AuditEvent.action.in_((LOADED, *REAL))).order_by(AuditEvent.id.desc()).limit(1)
    )


def active() -> bool:
    """True while the fictional sample is all there is: the banner "示例数据，非真实处罚信息" shows."""
    return _latest() == LOADED
