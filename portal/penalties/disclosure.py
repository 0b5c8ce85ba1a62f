"""What the public sees of penalty decisions: the filtered list, one decision, downloads and the change log.

Visibility is decided here once (published or corrected and within the publicity period, on today's date in
China), so pages, API, feeds, downloads and the change log cannot disagree. Everything this module hands out
is a public view built by ``penalties.public`` (masked by construction), never a ``Penalty`` row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import joinedload

from .. import clock
from ..cache import per_version, version_known
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


def unindexed(column) -> _Unindexed:
    """``column`` as SQLite's planner must not use an index for (see ``visible``)."""
    return _Unindexed(column)


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


def _conditions(
    f: PenaltyFilters,
    day: dt.date,
    include_withdrawn: bool,
    match: str | None,
    ordered: bool,
    walk: str | None = None,
    listed: bool = False,
) -> list:
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
        conds.append(textsearch.condition(match, walk, listed))
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
    walk: str | None = None,
    listed: bool = False,
):
    """A select of the decisions matching ``f`` that are visible on ``day``: newest decision first, or for
    feeds (``by_change``) newest change first; after ``f.after`` when given. ``match``: a text-search
    expression (``text_match``); ``walk``, ``listed``: see ``textsearch.condition``."""
    conds = _conditions(f, day, include_withdrawn, match, ordered=True, walk=walk, listed=listed)
    stmt = select(Penalty).where(*conds)
    if f.after:
        stmt = stmt.where(_after(f.after, by_change))
    return stmt.order_by(_sort_key(by_change).desc(), Penalty.id.desc())


def fetch(stmt, limit: int, offset: int = 0) -> list[Penalty]:
    """One page of ``filtered(...)``: ids first, then their rows, so sorting carries two columns, not whole rows."""
    return _rows(list(db.session.scalars(stmt.with_only_columns(Penalty.id).limit(limit).offset(offset))))


def _rows(ids: list[int]) -> list[Penalty]:
    # The law each record names, in the same query (a lazy load per record cost more than the page's query).
    stmt = select(Penalty).where(Penalty.id.in_(ids)).options(joinedload(Penalty.law))
    rows = {p.id: p for p in db.session.scalars(stmt)} if ids else {}
    return [rows[i] for i in ids]


def count(f: PenaltyFilters, day: dt.date, include_withdrawn: bool = False, match: str | None = None) -> int:
    """How many decisions ``filtered`` would return (nothing is sorted, so the visibility index serves)."""
    conds = _conditions(f, day, include_withdrawn, match, ordered=False)
    return db.session.scalar(select(func.count()).select_from(Penalty).where(*conds))


# PostgreSQL: a search whose planner estimate is above this many decisions shows the estimate ("约 N 件",
# ``total_estimated`` in the API) instead of counting every match; at or below it the count is exact.
EXACT_COUNT_LIMIT = 1000


@dataclass
class PenaltyPage:
    filters: PenaltyFilters
    total: int
    items: list[dict]  # public records (public.public_record), newest first
    expansions: list[tuple[str, str]]
    next: str | None = None  # cursor of the next page (``after=``), None on the last page
    estimated: bool = False  # ``total`` is an estimate (only ever above EXACT_COUNT_LIMIT)
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


def _year_bounds(f: PenaltyFilters) -> tuple[dt.date | None, dt.date | None]:
    return (dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)) if f.year else (None, None)


def _cursor_key(raw: str | None) -> int | None:
    """A list cursor ("<days>_<id>") as the SQLite text index's rowid it stands before (``textsearch.sort_key``)."""
    match = CURSOR.fullmatch(raw or "")
    if not match:
        return None
    days = min(int(match.group(1)), (dt.date(9999, 12, 31) - EPOCH.date()).days)
    return days * textsearch.ID_SPAN + min(int(match.group(2)), ID_MAX)


def _planner_estimate(stmt) -> int:
    """PostgreSQL's estimate of how many rows ``stmt`` returns (its plan's top row count; no rows are read)."""
    # Values inline (quoted by SQLAlchemy's literal rendering): EXPLAIN takes no parameters of its own.
    sql = stmt.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(db.text("EXPLAIN (FORMAT JSON) " + str(sql).replace(":", "\\:"))).scalar()
    return int(plan[0]["Plan"]["Plan Rows"])


# PostgreSQL: a search estimated to match at most this many decisions reads its matches from the GIN index and
# sorts them; above it the planner may walk the date index and probe each decision's text until a page is full.
# The planner alone would walk for any word it thinks common enough, and a word whose matches cluster in time
# (a month, a place that joined later) then costs a walk over most decisions (measured: 226 ms at 100,000).
LISTED_LIMIT = 5000


@dataclass
class _Search:
    """How a PostgreSQL text search runs: the estimated total, whether it is certain, how to find the page."""

    estimate: int
    grounded: bool  # every token was in the statistics (else the estimate is a guess)
    listed: bool  # read the matches from the GIN index and sort them (``textsearch.condition(listed=True)``)


def _plan_search(f: PenaltyFilters, day: dt.date, include_withdrawn: bool, match: str) -> _Search:
    unfiltered = select(literal(1)).select_from(Penalty).where(*_conditions(f, day, include_withdrawn, None, False))
    text_share = textsearch.share(textsearch.parse(f.q))
    if text_share is None:  # no statistics yet: the planner's own estimate
        rows = select(literal(1)).select_from(Penalty).where(*_conditions(f, day, include_withdrawn, match, False))
        estimate = _planner_estimate(rows)
        return _Search(estimate, True, estimate <= LISTED_LIMIT)
    # The planner for the filters, the bigram statistics for the text (see textsearch.share). Whether to list
    # goes by the text's matches alone: listing reads all of them, whatever the filters keep.
    estimate = round(_planner_estimate(unfiltered) * text_share[0])
    indexed = db.session.scalar(db.text("SELECT reltuples FROM pg_class WHERE oid = 'penalty_text'::regclass"))
    return _Search(estimate, text_share[1], max(indexed, 0) * text_share[0] <= LISTED_LIMIT)


def _count(
    f: PenaltyFilters, day: dt.date, include_withdrawn: bool, match: str | None, search: _Search | None
) -> tuple[int, bool]:
    """(total, estimated) for ``find``: exact, except a PostgreSQL search with more than EXACT_COUNT_LIMIT
    matches, whose total is estimated (counting those would read every match's text)."""
    if match is None:
        return count(f, day, include_withdrawn), False
    if search is None:  # SQLite
        text_and_year_only = not (include_withdrawn or f.category or f.party_type or f.law or f.power_code)
        if text_and_year_only:
            return textsearch.count_public(match, day, *_year_bounds(f)), False
        return count(f, day, include_withdrawn, match), False
    # Few matches of the text (read from the GIN index, never more than the limit): count them exactly, looked up
    # by id; a token the statistics do not know may be rare or not, so it is counted this way too.
    if (search.estimate <= EXACT_COUNT_LIMIT or not search.grounded) and textsearch.matches_up_to(
        match, EXACT_COUNT_LIMIT + 1
    ) <= EXACT_COUNT_LIMIT:
        conds = [*_conditions(f, day, include_withdrawn, None, False), textsearch.condition(match, listed=True)]
        return db.session.scalar(select(func.count()).select_from(Penalty).where(*conds)), False
    return max(search.estimate, EXACT_COUNT_LIMIT + 1), True


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
    offset, for people. On SQLite a text search reads its page from the text index newest first (no sort of
    the matches) and counts exactly from the index; on PostgreSQL the order follows the estimated number of
    matches (``LISTED_LIMIT``) and a total above EXACT_COUNT_LIMIT is that estimate (``PenaltyPage.estimated``).
    The total is kept once per data version.
    """
    match, expansions = text_match(f.q)
    offset = 0 if f.after else (f.page - 1) * f.per_page
    postgres = db.session.get_bind().dialect.name == "postgresql"
    search = _plan_search(f, day, include_withdrawn, match) if match is not None and postgres else None
    if match is not None and not include_withdrawn and not postgres:
        conds = _conditions(f, day, include_withdrawn, None, ordered=True)
        if f.year:  # the index's key range says it (a date index must not drive the join), as for the cursor
            conds = [visible(day, include_withdrawn, ordered=True), *conds[3:]]
        if f.after:
            _after(f.after, by_change=False)  # a malformed cursor is a 400
        first, last = _year_bounds(f)
        ids = textsearch.page_in_order(match, conds, first, last, _cursor_key(f.after), f.per_page + 1, offset)
    else:
        stmt = filtered(f, day, include_withdrawn, match, listed=bool(search and search.listed))
        ids = list(db.session.scalars(stmt.with_only_columns(Penalty.id).limit(f.per_page + 1).offset(offset)))
    # Counted once per data version: every page of one search shares its total.
    fields = (f.q, f.year, f.category, f.party_type, f.law, f.power_code, include_withdrawn, day.isoformat())
    total, estimated = per_version("count", fields, lambda: _count(f, day, include_withdrawn, match, search))
    if estimated and not f.after and ids and len(ids) <= f.per_page:
        total, estimated = offset + len(ids), False  # the last page: the total is known exactly
    elif estimated:  # never fewer than the pages already seen
        total = max(total, offset + len(ids))
    rows = _rows(ids[: f.per_page])
    after = cursor(rows[-1]) if len(ids) > f.per_page else None
    return PenaltyPage(f, total, [public_record(p) for p in rows], expansions, after, estimated), match is not None


def feed_page(f: PenaltyFilters, limit: int, offset: int = 0, day: dt.date | None = None) -> tuple[list[dict], list]:
    """Public records for feeds, newest change first, withdrawal notices included while within their period,
    with each record's cursor (``after=`` the last one continues the archive)."""
    day = day or clock.today()
    match = text_match(f.q)[0]
    skip = 0 if f.after else offset
    # A common word: walk the change order checking each decision, rather than look every match up and sort them.
    walk = textsearch.walk_order(match, limit + skip) if match is not None else None
    stmt = filtered(f, day, include_withdrawn=True, match=match, by_change=True, walk=walk)
    rows = fetch(stmt, limit, skip)
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
    return years_with(visible(day or clock.today(), include_withdrawn=True, ordered=True))


def years_with(*conds) -> list[int]:
    """The years of the decisions meeting ``conds``, newest first: one step down the date index per year
    (the newest matching decision before the year found last), never a read of every decision. ``conds`` must
    not offer SQLite another index (``visible(ordered=True)``, ``unindexed``)."""
    years: list[int] = []
    while True:
        stmt = select(Penalty.decided_on).where(*conds).order_by(Penalty.decided_on.desc()).limit(1)
        if years:
            stmt = stmt.where(Penalty.decided_on < dt.date(years[-1], 1, 1))
        newest = db.session.scalar(stmt)
        if newest is None:
            return years
        years.append(newest.year)


def latest_change() -> tuple[int, dt.datetime | None]:
    """The newest change-log entry (seq, time): what feeds use for ETag and Last-Modified.

    An expiry that is due is recorded first, so the version moves when a decision leaves publicity (a request
    whose data version is known had that done already: ``cache.data_version``).
    """
    if not version_known():
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
