"""The public change log of inspection results: written in the same transaction as the change it records.

A result enters it when it is published (``add``) and again whenever what the public reads of it changes: the
record edited after publication, or the pool entry it names renamed or re-typed (``update``). ``withdraw`` is
reserved for a result taken out of publicity; nothing takes one out today. The entries carry no text: the reader
(``disclosure.changes``) adds the result's current public view, so the log can never hold more than the public
pages show, and replaying it from 0 gives the public export (/downloads/inspections.json).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import InspectionChange, InspectionRecord


def note(record_ids: Iterable[int], op: str, at: dt.datetime | None = None) -> None:
    """Log ``op`` for each record (in the order given), stamped with ``at`` (default: now)."""
    at = clock.utc(at)
    for record_id in record_ids:
        db.session.add(InspectionChange(record_id=record_id, op=op, at=at))


def published_of_object(object_id: int) -> list[int]:
    """The published results naming a pool entry: what changes for the public when the entry changes."""
    return list(
        db.session.scalars(
            select(InspectionRecord.id)
            .where(InspectionRecord.object_id == object_id, InspectionRecord.published_at.is_not(None))
            .order_by(InspectionRecord.id)
        )
    )
