"""Full-text search of penalty decisions inside the portal's own database.

Each public decision's public (masked) text is kept as space-separated character bigrams in a table of the same
database, written by the same transaction that changes the decision (``lifecycle._record`` calls ``sync``). A
search is then one more condition of the same SQL query as the filters, the count and the page, so they always
agree with the data they read, on every host sharing the database, with no index to build or refresh.

- SQLite: an FTS5 table ``penalty_fts`` (``ascii`` tokenizer: every non-ASCII character is part of a token, so
  each bigram stays whole whatever Unicode version SQLite knows); a query is an FTS5 phrase of bigrams. Its rowid
  is the decision's place in list order (``sort_key``: decision date, then id), so the index hands out matches
  newest first and a page of a common word reads a page of the index, not every match; it counts its matches
  without touching the decisions (``count``). A marker token per row (``MARKER`` + id, never produced by a
  query) finds a decision's row when its date has changed.
- PostgreSQL: a table ``penalty_text`` whose stored column ``tsv`` is ``to_tsvector('simple', body)``, under a GIN
  index; a query is a ``to_tsquery('simple', ...)`` of bigrams joined by ``<->`` (followed-by). No extension.

Only what the public may read is indexed (``public.public_view``), so a search for a masked name finds nothing.
Each CJK run becomes its overlapping bigrams plus its last character, so a query of two or more characters is
a phrase that matches exactly the decisions containing it, and a one-character query is a prefix; phrases never
cross runs or fields.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

from sqlalchemy import column, func, literal, select, table, text

from ..extensions import db
from ..models import PUBLIC_STATUSES, Penalty, PenaltyChange
from ..search import query as search_query
from ..search import relaxed
from ..search.analysis import CJK_RUN, bigrams, normalize
from ..search.fts_backend import index_text, phrase_query
from .public import public_view

# Latin letters and digits as whole words; hyphens and dots split them (the same on both databases' parsers).
TOKEN = re.compile(f"{CJK_RUN.pattern}|[0-9a-z]+")
# The public fields searched, in this order: the violation first (it names the case), then the rest.
FIELDS = ("violation", "party_name", "facts", "basis", "content", "document_number", "party_type", "power_code")

_fts = table("penalty_fts", column("rowid"), column("violation"), column("body"))

# The FTS5 rowid of a decision: days since 1970-01-01 of its decision date, times 2**31, plus its id (ids are
# 31-bit), so rowid order is the list order (decision date, then id, both descending when read backwards).
ID_SPAN = 2**31
EPOCH = dt.date(1970, 1, 1)
# A private-use character: normalize() and the query tokenizer never yield it, so no search can match the marker.
MARKER = "\ue000"
_pg = table("penalty_text", column("penalty_id"), column("violation"), column("body"))


def document(view: dict) -> str:
    """The indexed text of a public view: every public field's tokens, space-separated."""
    parts = [view.get(f) or "" for f in FIELDS] + ["、".join(view.get("categories") or [])]
    return " ".join(text for text in (index_text(part, TOKEN) for part in parts) if text)


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _table_name() -> str:
    return "penalty_text" if _postgres() else "penalty_fts"


def sort_key(decided_on: dt.date, penalty_id: int) -> int:
    """A decision's FTS5 rowid on SQLite: its place in list order (see ``ID_SPAN``)."""
    return (decided_on - EPOCH).days * ID_SPAN + penalty_id


def _delete(penalty_id: int) -> None:
    if _postgres():
        db.session.execute(_pg.delete().where(_pg.c.penalty_id == penalty_id))
    else:
        # By the marker, not the rowid: a correction may have moved the decision date the rowid was made of.
        db.session.execute(
            text(
                "DELETE FROM penalty_fts WHERE rowid IN (SELECT rowid FROM penalty_fts WHERE penalty_fts MATCH :m)"
            ).bindparams(m=f'"{MARKER}{penalty_id}"')
        )


def _insert(rows: list[tuple[Penalty, str, str]]) -> None:
    if not rows:
        return
    if _postgres():
        db.session.execute(_pg.insert(), [{"penalty_id": p.id, "violation": v, "body": b} for p, v, b in rows])
    else:
        stmt = text("INSERT INTO penalty_fts (rowid, violation, body) VALUES (:i, :v, :b)")
        params = [{"i": sort_key(p.decided_on, p.id), "v": v, "b": f"{b} {MARKER}{p.id}"} for p, v, b in rows]
        db.session.execute(stmt, params)


def sync(p: Penalty) -> None:
    """Bring one decision's searchable text in step with its status, in the caller's transaction."""
    db.session.flush()
    _delete(p.id)
    if p.status in PUBLIC_STATUSES:
        view = public_view(p)
        _insert([(p, view["violation"], document(view))])


def rebuild(batch: int = 2000) -> int:
    """Rewrite the whole table from the decisions (after a migration, or to repair); returns how many."""
    db.session.execute(_pg.delete() if _postgres() else text("DELETE FROM penalty_fts"))
    last, count = 0, 0
    while True:
        rows = list(
            db.session.scalars(
                select(Penalty)
                .where(Penalty.status.in_(PUBLIC_STATUSES), Penalty.id > last)
                .order_by(Penalty.id)
                .limit(batch)
            )
        )
        if not rows:
            break
        _insert([(p, v["violation"], document(v)) for p, v in ((p, public_view(p)) for p in rows)])
        count += len(rows)
        last = rows[-1].id
        db.session.flush()
        db.session.expunge_all()
    db.session.commit()
    return count


def needs_rebuild() -> bool:
    """Are there public decisions but no searchable text (a database upgraded from before migration 0009)?"""
    if db.session.scalar(text(f"SELECT count(*) FROM (SELECT 1 FROM {_table_name()} LIMIT 1) t")):
        return False
    return db.session.scalar(select(func.count()).where(Penalty.status.in_(PUBLIC_STATUSES))) > 0


# ---- queries ------------------------------------------------------------------------------------------------


def _phrase_fts(alternative: str) -> str | None:
    phrase = phrase_query(alternative, TOKEN)
    return f"({phrase})" if phrase else None


def _phrase_pg(alternative: str) -> str | None:
    runs = TOKEN.findall(normalize(alternative))
    phrases = []
    for run in runs:
        if CJK_RUN.fullmatch(run) and len(run) == 1:
            phrases.append(f"'{run}':*")
        elif CJK_RUN.fullmatch(run):
            phrases.append("(" + " <-> ".join(f"'{g}'" for g in bigrams(run)) + ")")
        else:
            phrases.append(f"'{run}'")
    return "(" + " & ".join(phrases) + ")" if phrases else None


def expression(parsed: search_query.ParsedQuery, postgres: bool) -> str | None:
    """The MATCH (FTS5) or tsquery (PostgreSQL) string: every concept, each by any of its alternatives.

    Only CJK runs and Latin/digit words reach it, so no user text can form an operator.
    """
    phrase, conj, disj = (_phrase_pg, " & ", " | ") if postgres else (_phrase_fts, " AND ", " OR ")
    clauses = []
    for concept in parsed.concepts:
        alternatives = [a for a in (phrase(alt) for alt in concept.alternatives) if a]
        if not alternatives:
            continue
        clauses.append("(" + disj.join(alternatives) + ")")
    return conj.join(clauses) if clauses else None


def _match(expr: str):
    return text("penalty_fts MATCH :penalty_match").bindparams(penalty_match=expr)


def matches_up_to(expr: str, limit: int) -> int:
    """PostgreSQL: how many decisions' texts match ``expr``, counted up to ``limit`` (read from the GIN index)."""
    inner = select(_pg.c.penalty_id).where(text("penalty_text.tsv @@ to_tsquery('simple', :q)").bindparams(q=expr))
    return db.session.scalar(select(func.count()).select_from(inner.limit(limit).subquery()))


def condition(expr: str, walk: str | None = None, listed: bool = False):
    """SQL condition on ``penalties``: the decision's public text matches ``expr`` (from ``expression``).

    SQLite: by default the matching ids are listed once (an IN list) and looked up by id. For a query that walks
    an index of its own order (``walk_order``): ``walk="list"`` checks each decision it reaches against that list,
    ``walk="probe"`` looks each one up in the text index by its key instead (no list at all).
    PostgreSQL gets a correlated EXISTS and picks the order from its statistics of the bigrams: for a common
    word it walks the date index and probes the text of each decision until a page is full, for a rare one it
    reads the matches from the GIN index and sorts them (measured at 100,000: 0.7 ms for 烧烤, 0.3 ms for a word
    found nowhere). ``listed`` (PostgreSQL, for matches known to be few): the matching ids are read once from
    the GIN index (an init plan) and looked up, whatever the planner would guess.
    """
    if _postgres() and listed:
        return text(
            "penalties.id = ANY(ARRAY(SELECT penalty_text.penalty_id FROM penalty_text "
            "WHERE penalty_text.tsv @@ to_tsquery('simple', :penalty_tsquery)))"
        ).bindparams(penalty_tsquery=expr)
    if _postgres():
        return text(
            "EXISTS (SELECT 1 FROM penalty_text WHERE penalty_text.penalty_id = penalties.id "
            "AND penalty_text.tsv @@ to_tsquery('simple', :penalty_tsquery))"
        ).bindparams(penalty_tsquery=expr)
    if walk == "probe":
        days = func.cast(func.julianday(Penalty.decided_on) - 2440587.5, db.Integer)
        return (
            select(literal(1)).select_from(_fts).where(_match(expr), _fts.c.rowid == days * ID_SPAN + Penalty.id)
        ).exists()
    listed_ids = select(_fts.c.rowid % ID_SPAN).where(_match(expr))
    if walk == "list":  # "+ 0": the id must not offer SQLite its primary key, or it looks every match up and sorts
        return (Penalty.id + 0).in_(listed_ids)
    return Penalty.id.in_(listed_ids)


# Probing the index for one decision costs about as much as listing this many matches, per term of the query
# (measured at 100,000: listing 12,620 matches takes 3.7 ms, 0.3 µs each; a probe 0.1 ms a term, as FTS5 parses
# the query and seeks each term's list again).
PROBE_COST = 300


# Walking an index and checking the list costs about a third of looking a match up by id (measured at 100,000:
# 3.7 ms against 27 ms for the 12,620 matches of 烧烤 in change order).
LOOKUP_COST = 3


def walk_order(expr: str, wanted: int) -> str | None:
    """SQLite: how a query wanting ``wanted`` rows in an order other than the text index's should find them
    (``condition(walk=...)``): ``"probe"`` for a word so common that walking the order meets ``wanted`` matches
    sooner than the list of matches is written; ``"list"`` when walking still beats looking every match up;
    None (look the matches up by id and sort them) for a rare word."""
    if _postgres():
        return None
    matches = db.session.scalar(select(func.count()).select_from(_fts).where(_match(expr)))
    decisions = db.session.scalar(select(func.max(Penalty.id))) or 0
    if matches == 0:
        return None
    walked = wanted * decisions / matches  # rows walked to meet ``wanted`` matches
    terms = sum(len(phrase.split()) for phrase in re.findall(r'"([^"]*)"', expr))  # a probe seeks each one
    if walked * PROBE_COST * terms < matches:
        return "probe"
    return "list" if walked < matches * LOOKUP_COST else None


def _key_bounds(first: dt.date | None, last: dt.date | None, before: int | None) -> list:
    """Conditions on the FTS5 rowid: decided between ``first`` and ``last``, before the key ``before``."""
    bounds = []
    if first:
        bounds.append(_fts.c.rowid >= sort_key(first, 0))
    if last:
        bounds.append(_fts.c.rowid < sort_key(last + dt.timedelta(days=1), 0))
    if before is not None:
        bounds.append(_fts.c.rowid < before)
    return bounds


def page_in_order(
    expr: str, conds: list, first: dt.date | None, last: dt.date | None, before: int | None, limit: int, offset: int
) -> list[int]:
    """SQLite: ids of the decisions matching ``expr`` and ``conds``, newest first (decision date, then id).

    Read from the index newest first and looked up by id until the page is full, so a page costs its offset
    and length divided by the share of matches that pass ``conds`` (all of them, most often), never a sort of
    every match. ``conds`` must not offer SQLite an index on ``penalties`` (``disclosure.visible(ordered=True)``),
    or it might drive the join from the decisions.
    """
    stmt = (
        select(Penalty.id)
        .select_from(_fts)
        .join(Penalty, Penalty.id == _fts.c.rowid % ID_SPAN)
        .where(_match(expr), *_key_bounds(first, last, before), *conds)
        .order_by(_fts.c.rowid.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(db.session.scalars(stmt))


def count_public(expr: str, day: dt.date, first: dt.date | None = None, last: dt.date | None = None) -> int:
    """SQLite: how many decisions public on ``day`` (decided between ``first`` and ``last``) match ``expr``.

    Exact, from the index alone: it holds exactly the decisions whose status is public, so the count is its
    matches less those whose period ended before ``day`` but whose expiry is not recorded yet (found through
    the visibility index; normally none, since every request records due expiries first).
    """
    bounds = _key_bounds(first, last, None)
    indexed = db.session.scalar(select(func.count()).select_from(_fts).where(_match(expr), *bounds))
    if not indexed:
        return 0
    probe = condition(expr, walk="probe")
    ended = [Penalty.status.in_(PUBLIC_STATUSES), Penalty.publicity_until < day]
    if first:
        ended.append(Penalty.decided_on >= first)
    if last:
        ended.append(Penalty.decided_on <= last)
    return indexed - db.session.scalar(select(func.count()).select_from(Penalty).where(*ended, probe))


def _bigram_statistics() -> tuple[dict[str, float], float] | None:
    """ANALYZE's most common bigrams of ``penalty_text`` and their shares, and the share assumed for any other.

    Kept per data version in the process (reading and parsing the statistics costs a few ms); ANALYZE moves them
    between versions only slightly, and they only ever shape an estimate.
    """
    from flask import current_app, g, has_request_context

    version = g.get("cache_version") if has_request_context() else None
    kept = current_app.extensions.get("penalty_bigram_statistics")
    if version is not None and kept and kept[0] == version:
        return kept[1]
    row = db.session.execute(
        text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'penalty_text' AND attname = 'tsv'"
        )
    ).first()
    stats = None
    if row is not None and row[0]:
        elems, freqs = row[0], row[1]
        # The last three freqs are the minimum, the maximum and the share of empty values.
        stats = dict(zip(elems, freqs, strict=False)), freqs[-3] / 2
    if version is not None:
        current_app.extensions["penalty_bigram_statistics"] = (version, stats)
    return stats


def share(parsed: search_query.ParsedQuery) -> tuple[float, bool] | None:
    """PostgreSQL: the estimated share of indexed decisions matching ``parsed``, from ANALYZE's statistics of
    the bigrams (``pg_stats.most_common_elems``), and whether every token was in them (the share of one that is
    not is a guess, and the caller had better count); None before the first ANALYZE.

    The planner's own estimate multiplies the shares of a phrase's bigrams as if they were independent
    (华新街道: 15,684 of 100,000 where 39,868 match); a phrase matches at most as often as its rarest bigram and,
    in text like this, about as often, so a phrase here counts as its rarest bigram. Concepts multiply and
    alternatives add, as for the planner. A bigram outside the statistics counts as half the rarest one in them.
    """
    stats = _bigram_statistics()
    if stats is None:
        return None
    known, unknown = stats
    guessed = False

    def frequency(token: str) -> float:
        nonlocal guessed
        guessed = guessed or token not in known
        return known.get(token, unknown)

    def phrase(alternative: str) -> float:
        result = 1.0
        for run in TOKEN.findall(normalize(alternative)):
            if CJK_RUN.fullmatch(run) and len(run) == 1:
                value = min(1.0, sum(f for e, f in known.items() if e.startswith(run)) or frequency(run))
            elif CJK_RUN.fullmatch(run):
                value = min(frequency(g) for g in bigrams(run))
            else:
                value = frequency(run)
            result *= value
        return result

    total = 1.0
    for concept in parsed.concepts:
        total *= min(1.0, sum(phrase(a) for a in concept.alternatives))
    return total, not guessed


# ---- what a query means: synonyms and pinyin, as for the 权责清单 ---------------------------------------------

_vocab_lock = threading.Lock()


def _vocabulary() -> dict:
    """Pinyin of the words of public violation texts and of the synonyms, rebuilt when the data version moves."""
    from flask import current_app

    from ..search import _synonyms, pinyin, vocabulary_words

    version = db.session.scalar(select(func.max(PenaltyChange.seq))) or 0
    cache = current_app.extensions.setdefault("penalty_vocabulary", {})
    with _vocab_lock:
        if cache.get("version") == version:
            return cache["vocabulary"]
    names = list(db.session.scalars(text(f"SELECT DISTINCT violation FROM {_table_name()}")))
    vocabulary = pinyin.build_vocabulary(vocabulary_words(names, _synonyms()))
    with _vocab_lock:
        cache.update(version=version, vocabulary=vocabulary)
    return vocabulary


def parse(q: str) -> search_query.ParsedQuery:
    """A resident's query as concepts; Latin words that spell a known word in pinyin become that word."""
    from ..search import _synonyms

    needs_pinyin = any(not CJK_RUN.fullmatch(t) for t in TOKEN.findall(normalize(q)))
    vocabulary = _vocabulary() if needs_pinyin else {}
    return search_query.parse(q, _synonyms(), vocabulary)


# ---- the related tier: decisions that share the query's words without containing it -----------------------

# How common a term is, is estimated on the newest SAMPLE decisions of the table (bounded work however large it
# grows); a term the sample lacks is then looked up once in the whole table, so a rare word still counts.
SAMPLE = 1000
# The database ranks all rows of the chosen terms while they are estimated at most this many; beyond that the
# newest rows with the rarest term are the candidates. Either way at most ``relaxed.CANDIDATES`` are scored.
CANDIDATE_ROWS = 600


def relaxed_query(q: str) -> relaxed.RelaxedQuery:
    """The related tier's terms for a resident's query, by the 权责清单's rules: stop words and question endings
    dropped, synonyms as OR alternatives at half weight, Arabic article numbers written out, pinyin read.

    Single characters rank 权责清单 items by their short names; a decision has no such name, and the bigram
    index cannot count characters, so they are not used here.
    """
    from ..search import _synonyms

    needs_pinyin = any(not CJK_RUN.fullmatch(t) for t in TOKEN.findall(normalize(q)))
    rq = relaxed.build(search_query.prepare(q), _synonyms(), _vocabulary() if needs_pinyin else {})
    rq.chars = []
    return rq


def _sample() -> tuple[int, int, int]:
    """(lowest key of the sample, rows in the sample, estimated rows in the table), from a few index lookups: the
    newest rows by id (PostgreSQL) or by decision date (SQLite's rowid, ``sort_key``)."""
    key = "penalty_id" if _postgres() else "rowid"
    ids = f"SELECT {key} FROM {_table_name()} ORDER BY {key} {{}} LIMIT 1 OFFSET :skip"
    top = db.session.scalar(text(ids.format("DESC")).bindparams(skip=0))
    if top is None:
        return 0, 0, 0
    bottom = db.session.scalar(text(ids.format("ASC")).bindparams(skip=0))
    low = db.session.scalar(text(ids.format("DESC")).bindparams(skip=SAMPLE - 1))
    if low is None:  # fewer rows than a sample: the sample is the table
        size = db.session.scalar(text(f"SELECT count(*) FROM {_table_name()}"))
        return bottom, size, size
    # Ids are handed out in order (on SQLite the key is the decision date, then the id: decisions come at a steady
    # pace), so the sample's share of the range estimates the table's size.
    return low, SAMPLE, max(SAMPLE, round(SAMPLE * (top - bottom + 1) / (top - low + 1)))


def _term_fts(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _frequencies(terms: list[str], low: int) -> dict[str, int]:
    """How many decisions of the sample (ids from ``low``) contain each term; 1 for a term only older ones have."""
    if not terms:
        return {}
    if _postgres():
        columns = ", ".join(f"count(*) FILTER (WHERE tsv @@ to_tsquery('simple', :t{i}))" for i in range(len(terms)))
        params = {f"t{i}": f"'{t}'" for i, t in enumerate(terms)}
        row = db.session.execute(
            text(f"SELECT {columns} FROM penalty_text WHERE penalty_id >= :low"), {**params, "low": low}
        ).one()
        freq = dict(zip(terms, row, strict=True))
        exists = "SELECT 1 FROM penalty_text WHERE tsv @@ to_tsquery('simple', :t) LIMIT 1"
        for t in [t for t, n in freq.items() if not n]:
            freq[t] = 1 if db.session.scalar(text(exists), {"t": f"'{t}'"}) else 0
        return freq
    count = "SELECT count(*) FROM penalty_fts WHERE penalty_fts MATCH :m AND rowid >= :low"
    exists = "SELECT 1 FROM penalty_fts WHERE penalty_fts MATCH :m LIMIT 1"
    freq = {}
    for t in terms:
        n = db.session.scalar(text(count), {"m": _term_fts(t), "low": low})
        freq[t] = n or (1 if db.session.scalar(text(exists), {"m": _term_fts(t)}) else 0)
    return freq


def _candidates(terms: list[str], conditions: list, ranked: bool, limit: int) -> list[int]:
    """Ids of public decisions meeting ``conditions`` with any of ``terms``: best first by the database's own
    ranking (FTS5 bm25, PostgreSQL ts_rank), or newest first when ``ranked`` is False (too many rows to rank)."""
    if _postgres():
        tsquery = func.to_tsquery("simple", " | ".join(f"'{t}'" for t in terms))
        tsv = column("tsv")
        order = func.ts_rank(tsv, tsquery).desc() if ranked else Penalty.id.desc()
        stmt = (
            select(Penalty.id)
            .join(_pg, _pg.c.penalty_id == Penalty.id)
            .where(tsv.op("@@")(tsquery), *conditions)
            .order_by(order, Penalty.id.desc())
        )
    else:
        match = text("penalty_fts MATCH :related_match").bindparams(
            related_match=" OR ".join(_term_fts(t) for t in terms)
        )
        order = text("bm25(penalty_fts)") if ranked else _fts.c.rowid.desc()
        stmt = (
            select(Penalty.id)
            .select_from(_fts)
            .join(Penalty, Penalty.id == _fts.c.rowid % ID_SPAN)
            .where(match, *conditions)
            .order_by(order)
        )
    return list(db.session.scalars(stmt.limit(limit)))


def _texts(ids: list[int]) -> list[tuple[int, str, str, str]]:
    """(id, violation bigrams, whole-text tokens, no characters): the rows ``relaxed.bm25f`` scores."""
    if _postgres():
        rows = db.session.execute(
            select(_pg.c.penalty_id, _pg.c.violation, _pg.c.body).where(_pg.c.penalty_id.in_(ids))
        )
    else:  # the rows by their keys (sort_key), found from the decisions' dates
        keys = [
            sort_key(d, i)
            for i, d in db.session.execute(select(Penalty.id, Penalty.decided_on).where(Penalty.id.in_(ids)))
        ]
        rows = db.session.execute(
            select(_fts.c.rowid % ID_SPAN, _fts.c.violation, _fts.c.body).where(_fts.c.rowid.in_(keys))
        )
    return [(i, relaxed.related_text(v), b, "") for i, v, b in rows]


def related(rq: relaxed.RelaxedQuery, conditions: list, exclude: list[int], strict_total: int) -> list[int]:
    """Ids of the related decisions, best first: public ones meeting ``conditions`` (visibility and filters),
    not in ``exclude`` (the strict matches), ranked by the same BM25F as the 权责清单's related items.

    Bounded at any size: term frequencies come from a sample, the database returns at most
    ``relaxed.CANDIDATES`` ids, and only their text is read. A query the decisions have little to do with
    (under half its words occur in them at all) gets at most ``relaxed.FEW`` items, and only items scoring
    within ``relaxed.RELATIVE_CUTOFF`` of the best are kept (``relaxed.keep``), so nothing is padded.
    """
    if rq.empty:
        return []
    low, size, rows = _sample()
    if not size:
        return []
    freq = _frequencies(list(rq.terms), low)
    relaxed.prune(rq, freq, size)
    if rq.empty:
        return []
    conditions = [*conditions, Penalty.id.not_in(exclude)] if exclude else conditions
    # The rarest terms, as many as the database can rank at once (at least one); the rest score below.
    chosen, estimate = [], 0.0
    for term in sorted(rq.terms, key=lambda t: freq[t]):
        share = freq[term] * rows / size
        if chosen and estimate + share > CANDIDATE_ROWS:
            break
        chosen.append(term)
        estimate += share
    ids = _candidates(chosen, conditions, estimate <= CANDIDATE_ROWS, relaxed.CANDIDATES)
    if not ids:
        return []
    texts = _texts(ids)
    avg = tuple(sum(len(r[c].split()) for r in texts) / len(texts) for c in (1, 2, 3))
    scores = relaxed.bm25f(texts, rq, freq, size, avg)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))
    return [i for i, _ in relaxed.keep(ranked, rq, strict_total)]


def same_sound(q: str) -> list[str]:
    """Words of the decisions' vocabulary read like ``q`` (占到经营 → 占道经营), as the 权责清单 search offers."""
    return relaxed.same_sound(search_query.prepare(q), _vocabulary())
