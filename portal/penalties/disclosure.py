"""What the public sees of penalty decisions: the filtered list, one decision, downloads and the change log.

Visibility is decided here once (published or corrected and within the publicity period, on today's date in
China), so pages, API, feeds, downloads and the change log cannot disagree. Everything this module hands out
is a public view built by ``penalties.public`` (masked by construction), never a ``Penalty`` row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from flask import g, has_request_context
from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles

from .. import clock
from ..cache import cache
from ..errors import PortalError
from ..extensions import db
from ..models import PUBLIC_STATUSES, Law, Penalty, PenaltyChange
from . import lifecycle, publicity, textsearch
from .public import public_record, public_view, rescrub

CHANGES_PAGE = 500
SEQ_MAX = 2**31 - 1  # the largest change-log sequence number the INTEGER column holds


@dataclass
class PenaltyFilters:
    q: str = ""
    year: int | None = None
    category: str | None = None
    party_type: str | None = None
    law: str | None = None
    power_code: str | None = None
    page: int = 1
    per_page: int = 20
    after: str | None = None  # a cursor (``next`` of the previous page): keyset paging, however deep


class _Unindexed(ColumnElement):
    """A column the SQLite planner must not pick an index for (rendered ``+col``; plain elsewhere)."""

    inherit_cache = True

    def __init__(self, column):
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.column, **kw)


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return "+" + compiler.process(element.column, **kw)


def visible(day: dt.date, include_withdrawn: bool = False, ordered: bool = False):
    """SQL condition: public today (and, for feeds, withdrawn notices still within their period).

    ``ordered``: for a query that returns rows in date order. Most decisions are visible, so SQLite should walk
    the date index and stop after a page instead of using the visibility index and sorting every row (measured:
    0.1 ms against 185 ms at 100,000 decisions). PostgreSQL's planner finds this by itself.
    """
    statuses = (*PUBLIC_STATUSES, "withdrawn") if include_withdrawn else PUBLIC_STATUSES
    status, until = Penalty.status, Penalty.publicity_until
    if ordered:
        status, until = _Unindexed(status), _Unindexed(until)
    return and_(status.in_(statuses), until >= day)


def _conditions(f: PenaltyFilters, day: dt.date, include_withdrawn: bool, match: str | None, ordered: bool) -> list:
    conds = [visible(day, include_withdrawn, ordered)]
    if f.year:
        conds += [Penalty.decided_on >= dt.date(f.year, 1, 1), Penalty.decided_on <= dt.date(f.year, 12, 31)]
    if f.category:
        conds.append((literal(";") + Penalty.categories + literal(";")).like(f"%;{f.category};%"))
    if f.party_type:
        conds.append(Penalty.party_type == f.party_type)
    if f.law:
        conds.append(Penalty.law_id.in_(select(Law.id).where(or_(Law.name == f.law, Law.full_name == f.law))))
    if f.power_code:
        conds.append(Penalty.power_code == f.power_code)
    if match is not None:
        conds.append(textsearch.condition(match))
    return conds


def _sort_key(by_change: bool):
    return Penalty.updated_at if by_change else Penalty.decided_on


# A cursor is two numbers, "<key>_<id>": the key is days since 1970-01-01 (list order: decision date) or
# microseconds since then in UTC (feed order: last change). Any value of that shape is accepted (clamped to the
# representable range), so only a malformed cursor is a 400.
CURSOR = re.compile(r"([0-9]{1,18})_([0-9]{1,10})")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ID_MAX = 2**31 - 1


def cursor(p: Penalty, by_change: bool = False) -> str:
    """The keyset cursor just after ``p`` in list order (decision date) or feed order (last change)."""
    if by_change:
        value = p.updated_at if p.updated_at.tzinfo else p.updated_at.replace(tzinfo=dt.UTC)
        return f"{(value - EPOCH) // dt.timedelta(microseconds=1)}_{p.id}"
    return f"{(p.decided_on - EPOCH.date()).days}_{p.id}"


def _after(raw: str, by_change: bool):
    """The condition "after this cursor" in the order of ``filtered``; a malformed cursor is a 400."""
    match = CURSOR.fullmatch(raw)
    if not match:
        raise PortalError("bad_request", "参数“after”无效：应为上一页返回的 next 值", 400)
    number, ident = int(match.group(1)), min(int(match.group(2)), ID_MAX)
    if by_change:
        limit = (dt.datetime(9999, 12, 31, tzinfo=dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)
        value = EPOCH + dt.timedelta(microseconds=min(number, limit))
        if db.session.get_bind().dialect.name == "sqlite":
            value = value.replace(tzinfo=None)  # stored as naive UTC text there; compared as text
    else:
        value = EPOCH.date() + dt.timedelta(days=min(number, (dt.date(9999, 12, 31) - EPOCH.date()).days))
    column = _sort_key(by_change)
    return or_(column < value, and_(column == value, Penalty.id < ident))


def filtered(
    f: PenaltyFilters,
    day: dt.date,
    include_withdrawn: bool = False,
    match: str | None = None,
    by_change: bool = False,
):
    """A select of the decisions matching ``f`` that are visible on ``day``: newest decision first, or for
    feeds (``by_change``) newest change first; after ``f.after`` when given. ``match``: a text-search
    expression (``text_match``)."""
    stmt = select(Penalty).where(*_conditions(f, day, include_withdrawn, match, ordered=True))
    if f.after:
        stmt = stmt.where(_after(f.after, by_change))
    return stmt.order_by(_sort_key(by_change).desc(), Penalty.id.desc())


def fetch(stmt, limit: int, offset: int = 0) -> list[Penalty]:
    """One page of ``filtered(...)``: ids first, then their rows, so sorting carries two columns, not whole rows."""
    return _rows(list(db.session.scalars(stmt.with_only_columns(Penalty.id).limit(limit).offset(offset))))


def _rows(ids: list[int]) -> list[Penalty]:
    rows = {p.id: p for p in db.session.scalars(select(Penalty).where(Penalty.id.in_(ids)))} if ids else {}
    return [rows[i] for i in ids]


def count(f: PenaltyFilters, day: dt.date, include_withdrawn: bool = False, match: str | None = None) -> int:
    """How many decisions ``filtered`` would return (nothing is sorted, so the visibility index serves)."""
    conds = _conditions(f, day, include_withdrawn, match, ordered=False)
    return db.session.scalar(select(func.count()).select_from(Penalty).where(*conds))


def _count_key(f: PenaltyFilters, day: dt.date, include_withdrawn: bool) -> str | None:
    # Counts are kept per data version (portal/cache.py): every page of one search counts once per change.
    version = g.get("cache_version") if has_request_context() else None
    if version is None:
        return None
    fields = (f.q, f.year, f.category, f.party_type, f.law, f.power_code, include_withdrawn, day.isoformat())
    return "count:" + hashlib.sha256(repr((version, fields)).encode()).hexdigest()


@dataclass
class PenaltyPage:
    filters: PenaltyFilters
    total: int
    items: list[dict]  # public records (public.public_record), newest first
    expansions: list[tuple[str, str]]
    next: str | None = None  # cursor of the next page (``after=``), None on the last page
    # The second tier, shown under “相关处罚决定” after the strict matches: public records, best first.
    related: list[dict] = field(default_factory=list)
    # When nothing matched as typed but a word read the same way did (占到经营 → 占道经营): that word; ``items``
    # and ``related`` are then its results.
    did_you_mean: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def text_match(q: str) -> tuple[str | None, list[tuple[str, str]]]:
    """``q`` as a text-search expression for ``filtered`` (None: no text query) and the expansions it searched."""
    if not q.strip():
        return None, []
    parsed = textsearch.parse(q)
    if parsed.empty:
        return None, parsed.expansions
    postgres = db.session.get_bind().dialect.name == "postgresql"
    return textsearch.expression(parsed, postgres), parsed.expansions


def find(f: PenaltyFilters, day: dt.date | None = None, include_withdrawn: bool = False) -> PenaltyPage:
    """One page of the public decisions matching ``f``, newest first, then the related tier: filter, search,
    count and page are queries of one database, so they agree with each other and with the data.

    Strict matches (every word of the query, or a synonym in its place) are ``items``, counted by ``total``.
    When none match, a word read the same way that does match (a typo or homophone) is searched instead and
    named in ``did_you_mean``. On the first page, when the strict matches end there, ``related`` lists the
    other decisions sharing the query's words (``textsearch.related``), under the same filters and visibility.
    """
    day = day or clock.today()
    page, searched = _strict(f, day, include_withdrawn)
    if searched and page.total == 0:
        for word in textsearch.same_sound(f.q):
            other, _ = _strict(replace(f, q=word), day, include_withdrawn)
            if other.total:
                page = replace(other, filters=f, did_you_mean=word)
                break
    if searched and f.page == 1 and not f.after and page.total <= f.per_page:
        rq = textsearch.relaxed_query(page.did_you_mean or f.q)
        conditions = _conditions(f, day, include_withdrawn, None, ordered=False)
        ids = textsearch.related(rq, conditions, [d["id"] for d in page.items], page.total)
        page.related = [public_record(p) for p in _rows(ids)]
    return page


def _strict(f: PenaltyFilters, day: dt.date, include_withdrawn: bool) -> tuple[PenaltyPage, bool]:
    """The strict tier's page of ``f``, and whether ``f.q`` searched for anything.

    ``f.after`` (a cursor) pages by keyset, as cheap at the thousandth page as at the first; ``f.page`` by
    offset, for people. The total is counted once per data version; a text search that is not counted yet
    gets its page and its total from one query (its matches are sorted anyway).
    """
    match, expansions = text_match(f.q)
    stmt = filtered(f, day, include_withdrawn, match)
    offset = 0 if f.after else (f.page - 1) * f.per_page
    key = _count_key(f, day, include_withdrawn)
    total = cache.get(key) if key else None
    if total is None and match is not None and not f.after:
        pairs = db.session.execute(
            stmt.with_only_columns(Penalty.id, func.count().over()).limit(f.per_page + 1).offset(offset)
        ).all()
        ids = [i for i, _ in pairs]
        total = pairs[0][1] if pairs else count(f, day, include_withdrawn, match)
    else:
        ids = list(db.session.scalars(stmt.with_only_columns(Penalty.id).limit(f.per_page + 1).offset(offset)))
        if total is None:
            total = count(f, day, include_withdrawn, match)
    if key:
        cache.set(key, total)
    rows = _rows(ids[: f.per_page])
    after = cursor(rows[-1]) if len(ids) > f.per_page else None
    return PenaltyPage(f, total, [public_record(p) for p in rows], expansions, after), match is not None


def feed_page(f: PenaltyFilters, limit: int, offset: int = 0, day: dt.date | None = None) -> tuple[list[dict], list]:
    """Public records for feeds, newest change first, withdrawal notices included while within their period,
    with each record's cursor (``after=`` the last one continues the archive)."""
    day = day or clock.today()
    stmt = filtered(f, day, include_withdrawn=True, match=text_match(f.q)[0], by_change=True)
    rows = fetch(stmt, limit, 0 if f.after else offset)
    return [public_record(p) for p in rows], [cursor(p, by_change=True) for p in rows]


def export(f: PenaltyFilters, day: dt.date | None = None) -> list[dict]:
    """Every public decision matching ``f`` as its masked public view (the download and the mirror's truth)."""
    day = day or clock.today()
    return [public_view(p) for p in db.session.scalars(filtered(f, day, match=text_match(f.q)[0]))]


def iter_export(f: PenaltyFilters, day: dt.date | None = None, batch: int = 1000) -> tuple[int, Iterator[dict]]:
    """``export`` as (how many, a generator reading ``batch`` rows at a time): downloads in bounded memory."""
    day = day or clock.today()
    match = text_match(f.q)[0]
    stmt = filtered(f, day, match=match).execution_options(yield_per=batch)

    def rows():
        # The session's identity map holds rows weakly: rows already handed out are freed as the download goes on.
        for p in db.session.scalars(stmt):
            yield public_view(p)

    return count(f, day, match=match), rows()


def changes(since: int, limit: int = CHANGES_PAGE, day: dt.date | None = None) -> dict:
    """Change-log entries after ``since`` in order; applying all of them from 0 gives the public export.

    ``add``/``update`` entries of a decision no longer public today come without ``decision`` (a tombstone).

    Keyset paging by sequence number: one row more than a page says whether there is more, without counting
    the rest of the log.
    """
    lifecycle.expire_due(day)  # an expiry that is due is recorded before anyone reads the log
    # seq is an INTEGER column: a cursor beyond its range is after every entry (and must not reach the database).
    rows = (
        list(
            db.session.scalars(
                select(PenaltyChange).where(PenaltyChange.seq > since).order_by(PenaltyChange.seq).limit(limit + 1)
            )
        )
        if since < SEQ_MAX
        else []
    )
    more, rows = len(rows) > limit, rows[:limit]
    last = rows[-1].seq if rows else since
    # Once a decision has left publicity (expired, withdrawn), its old entries carry only the tombstone: the
    # text stays out of every public output, the log included; the later withdraw/expire entry deletes it.
    ids = {c.penalty_id for c in rows if c.decision is not None}
    public_now = (
        set(db.session.scalars(select(Penalty.id).where(Penalty.id.in_(ids), visible(day or clock.today()))))
        if ids
        else set()
    )
    return {
        "next": last,
        "more": more,
        "changes": [
            {
                "seq": c.seq,
                "op": c.op,
                "id": c.penalty_id,
                "at": clock.local(c.at).isoformat(),
                **({"decision": rescrub(c.decision)} if c.decision is not None and c.penalty_id in public_now else {}),
            }
            for c in rows
        ],
    }


def public_years(day: dt.date | None = None) -> list[int]:
    """Years with a decision (or withdrawal notice) public today, newest first: the feeds by year."""
    rows = db.session.scalars(select(Penalty.decided_on).where(visible(day or clock.today(), include_withdrawn=True)))
    return sorted({d.year for d in rows}, reverse=True)


def latest_change() -> tuple[int, dt.datetime | None]:
    """The newest change-log entry (seq, time): what feeds use for ETag and Last-Modified.

    An expiry that is due is recorded first, so the version moves when a decision leaves publicity.
    """
    lifecycle.expire_due()
    row = db.session.execute(
        select(PenaltyChange.seq, PenaltyChange.at).order_by(PenaltyChange.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, None)


def get(penalty_id: int, day: dt.date | None = None) -> dict:
    """One decision as the public sees it today (full text, or the withdrawal notice), else a 404."""
    return public_record(_get_public(penalty_id, day))


def _get_public(penalty_id: int, day: dt.date | None = None) -> Penalty:
    """A decision whose page is public today (full text, or the withdrawal notice), else a 404."""
    p = db.session.get(Penalty, penalty_id)
    day = day or clock.today()
    withdrawn_notice = p is not None and p.status == "withdrawn" and publicity.is_current(p.publicity_until, day)
    if p is None or not (publicity.is_public(p, day) or withdrawn_notice):
        raise PortalError("not_found", "该处罚决定不存在或已不在公示期内", 404)
    return p
