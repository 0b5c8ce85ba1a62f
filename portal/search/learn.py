"""Learning from searches: counts per normalised query and day, and synonyms staff add from what they see.

A search is counted as its normalised text (NFKC, lower case, spaces collapsed, Arabic article numbers written
out) and the day; nothing else — no address, cookie, account or time. Staff see the most frequent queries that
found nothing strictly and add a synonym for them; the edit is audited and the index reads it at once (synonyms
are read per search; the pinyin vocabulary is rebuilt with them).
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
import weakref

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from .. import audit, clock, permissions
from ..cache import on_every_hit
from ..errors import PortalError
from ..extensions import db
from ..models import SearchCount, Synonym
from . import query, suggest

log = logging.getLogger(__name__)
MAX_QUERY = 200


def normalised(q: str) -> str:
    return " ".join(query.prepare(q or "").split())[:MAX_QUERY]


def _today() -> dt.date:
    return clock.today()


@on_every_hit
def record(q: str, results: int) -> None:
    """Count one search of ``q`` today; a failure to count never fails the search.

    Counts gather in this worker and are written together once ``PORTAL_SEARCH_COUNT_SECONDS`` have passed since
    the last write (at the next search; 0: at once), when the staff page reads them, and when the worker exits:
    a search answered from the response cache then costs no write, while staff still see every search.
    """
    text = normalised(q)
    if not text:
        return
    pending, key = _pending(), (_today(), text)
    with pending.lock:
        count, _ = pending.counts.get(key, (0, results))
        pending.counts[key] = (count + 1, results)
        due = time.monotonic() - pending.written >= current_app.config["SEARCH_COUNT_SECONDS"]
    if due or len(pending.counts) >= _Pending.MOST:
        flush()


class _Pending:
    """One worker's counts not yet written: {(day, text): (searches, results of the last one)}."""

    MOST = 1000  # distinct queries held at most before they are written anyway

    def __init__(self):
        self.counts: dict[tuple[dt.date, str], tuple[int, int]] = {}
        self.lock = threading.Lock()
        self.written = time.monotonic()


def _pending() -> _Pending:
    app = current_app._get_current_object()
    pending = app.extensions.get("search_counts_pending")
    if pending is None:
        pending = app.extensions["search_counts_pending"] = _Pending()
        atexit.register(_flush_at_exit, weakref.ref(app))
    return pending


def _flush_at_exit(app_ref) -> None:
    # A worker that stops (gunicorn's max_requests, a restart) writes what it holds; an app gone already has none.
    app = app_ref()
    if app is not None and app.extensions["search_counts_pending"].counts:
        with app.app_context():
            flush()


def flush() -> None:
    """Write this worker's pending counts: one upsert on its own connection and transaction (committing the
    request's session would expire every object the page is about to render), adding to the day's row."""
    pending = _pending()
    with pending.lock:
        counts, pending.counts, pending.written = pending.counts, {}, time.monotonic()
    if not counts:
        return
    table = SearchCount.__table__
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.day, table.c.query],
        set_={"count": table.c.count + stmt.excluded.count, "results": stmt.excluded.results},
    )
    rows = [{"day": day, "query": text, "count": n, "results": r} for (day, text), (n, r) in sorted(counts.items())]
    try:
        with db.engine.begin() as conn:
            conn.execute(stmt, rows)
    except SQLAlchemyError as err:
        log.warning("%d search counts not recorded: %s", len(rows), err)


def frequent(days: int = 30, limit: int = 50, found: bool | None = False) -> list[tuple[str, int, int]]:
    """(query, searches, strict results when last searched) over the last ``days``, most searched first.

    ``found=False``: only queries with no strict result; True: only those with some; None: all.
    """
    flush()  # this worker's pending counts (others write theirs within PORTAL_SEARCH_COUNT_SECONDS of a search)
    since = _today() - dt.timedelta(days=days - 1)
    last = select(SearchCount.query, SearchCount.results).where(SearchCount.day >= since).order_by(SearchCount.day)
    latest = {q: r for q, r in db.session.execute(last)}
    rows = db.session.execute(
        select(SearchCount.query, func.sum(SearchCount.count).label("n"))
        .where(SearchCount.day >= since)
        .group_by(SearchCount.query)
        .order_by(func.sum(SearchCount.count).desc(), SearchCount.query)
    )
    out = []
    for text, n in rows:
        results = latest.get(text, 0)
        if found is None or (results > 0) == found:
            out.append((text, int(n), results))
        if len(out) >= limit:
            break
    return out


def synonyms() -> list[Synonym]:
    return list(db.session.scalars(select(Synonym).order_by(Synonym.term, Synonym.canonical)))


def add_synonym(term: str, canonical: str, actor) -> Synonym:
    """Add term → canonical (audited); the caller commits and then calls ``applied``."""
    _may_edit(actor)
    term, canonical = " ".join(term.split()), " ".join(canonical.split())
    if not term or not canonical or term == canonical:
        raise PortalError("bad_request", "同义词和规范用语都不能为空，且不能相同", 400)
    if len(term) > 50 or len(canonical) > 50:
        raise PortalError("bad_request", "同义词和规范用语最多50个字", 400)
    if db.session.scalar(select(Synonym).where(Synonym.term == term, Synonym.canonical == canonical)):
        raise PortalError("conflict", f"已有同义词“{term}”→“{canonical}”", 409)
    row = Synonym(term=term, canonical=canonical)
    db.session.add(row)
    db.session.flush()
    audit.record(actor.username, "synonym.add", f"synonym:{row.id}", None, {"term": term, "canonical": canonical})
    return row


def delete_synonym(synonym_id: int, actor) -> None:
    _may_edit(actor)
    row = db.session.get(Synonym, synonym_id)
    if row is None:
        raise PortalError("not_found", "同义词不存在", 404)
    audit.record(
        actor.username, "synonym.delete", f"synonym:{row.id}", {"term": row.term, "canonical": row.canonical}, None
    )
    db.session.delete(row)


def applied() -> None:
    """After a committed synonym change: searches read synonyms per request already; refresh what is cached
    (the pinyin vocabulary in the index, the suggestion tables)."""
    from . import IndexUnavailable, _synonyms, engine, pinyin, rebuild

    suggest.invalidate(current_app)
    eng = engine()
    try:
        eng.open()
    except IndexUnavailable:
        rebuild()
        return
    with eng.writer_lock():
        vocab = eng.vocabulary()
        extra = pinyin.build_vocabulary({t for pair in _synonyms() for t in pair})
        for table in ("full", "initials"):
            merged = vocab.setdefault(table, {})
            for key, words in extra.get(table, {}).items():
                merged[key] = sorted(set(merged.get(key, [])) | set(words))
        eng.update([], [], vocab)


def _may_edit(actor) -> None:
    permissions.require(actor, "synonyms.edit")
