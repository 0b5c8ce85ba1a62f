"""What the public sees of penalty decisions: the filtered list, downloads and the change log for re-users.

Visibility is decided here once (published or corrected and within the publicity period, on today's date in
China), so pages, API, feeds, downloads and the change log cannot disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from . import penalties, search
from .extensions import db
from .models import Penalty, PenaltyChange
from .penalties import PenaltyFilters

CHANGES_PAGE = 500


@dataclass
class PenaltyPage:
    filters: PenaltyFilters
    total: int
    items: list[Penalty]
    expansions: list[tuple[str, str]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def find(f: PenaltyFilters, day: dt.date | None = None, include_withdrawn: bool = False) -> PenaltyPage:
    """One page of the public decisions matching ``f``, newest first."""
    day = day or penalties.today()
    ids, parsed = search.match_penalty_ids(f.q) if f.q.strip() else (None, None)
    stmt = penalties.filtered(f, day, include_withdrawn, ids)
    total = penalties.count(f, day, include_withdrawn, ids)
    rows = penalties.fetch(stmt, f.per_page, (f.page - 1) * f.per_page)
    return PenaltyPage(f, total, rows, parsed.expansions if parsed else [])


def export(f: PenaltyFilters, day: dt.date | None = None) -> list[dict]:
    """Every public decision matching ``f`` as its masked public view (the download and the mirror's truth)."""
    day = day or penalties.today()
    ids = search.match_penalty_ids(f.q)[0] if f.q.strip() else None
    return [penalties.public_view(p) for p in db.session.scalars(penalties.filtered(f, day, ids=ids))]


def changes(since: int, limit: int = CHANGES_PAGE, day: dt.date | None = None) -> dict:
    """Change-log entries after ``since`` in order; applying all of them from 0 gives the public export."""
    penalties.expire_due(day)  # an expiry that is due is recorded before anyone reads the log
    rows = list(db.session.scalars(select(PenaltyChange).where(PenaltyChange.seq > since)
                                   .order_by(PenaltyChange.seq).limit(limit)))
    last = rows[-1].seq if rows else since
    more = bool(rows) and db.session.scalar(select(func.count()).where(PenaltyChange.seq > last)) > 0
    return {"next": last, "more": more, "changes": [
        {"seq": c.seq, "op": c.op, "id": c.penalty_id, "at": penalties.local(c.at).isoformat(),
         **({"decision": c.decision} if c.decision is not None else {})} for c in rows]}


def latest_change() -> tuple[int, dt.datetime | None]:
    """The newest change-log entry (seq, time): what feeds use for ETag and Last-Modified."""
    row = db.session.execute(select(PenaltyChange.seq, PenaltyChange.at).order_by(PenaltyChange.seq.desc())
                             .limit(1)).first()
    return (row[0], row[1]) if row else (0, None)
