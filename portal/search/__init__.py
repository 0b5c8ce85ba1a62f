"""Search over the 权责清单: one small interface in front of the engine.

Views call ``search_powers``; maintenance calls ``rebuild`` and ``refresh``. The engine is reached only through
``engine()``: Whoosh (jieba words for ranking, bigrams for recall) or SQLite FTS5 over bigrams, chosen by
``PORTAL_SEARCH_BACKEND``; both implement the small interface described in ``base.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..models import Article, LegalBasis, PowerItem, Synonym
from ..powers.items import articles_for, basis_view
from . import highlight, pinyin, query, relaxed
from .analysis import init_jieba, jieba_words
from .base import IndexBusy, IndexUnavailable
from .fts_backend import Fts5Index
from .whoosh_backend import WhooshIndex

BACKENDS = {"whoosh": WhooshIndex, "fts5": Fts5Index}

log = logging.getLogger(__name__)
__all__ = [
    "SearchParams",
    "SearchResult",
    "search_powers",
    "rebuild",
    "refresh",
    "ensure",
    "engine",
    "IndexBusy",
    "IndexUnavailable",
    "init_jieba",
]


@dataclass
class SearchParams:
    q: str = ""
    category: str | None = None
    department: str | None = None
    law: str | None = None
    article: int | None = None
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    item: PowerItem
    score: float | None
    name_html: Markup
    snippet_html: Markup


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    parsed: query.ParsedQuery
    expansions: list[tuple[str, str]] = field(default_factory=list)
    # The second tier, shown under “相关事项” after the strict matches (on the page where they end).
    related: list[Hit] = field(default_factory=list)
    # When nothing matched as typed but a word read the same way did (占到经营 → 占道经营): that word; the
    # results are then its results.
    did_you_mean: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


def _engine(key: str, suffix: str) -> WhooshIndex | Fts5Index:
    # One object per app and index, so the engines' caches are reused across requests.
    ext = current_app.extensions
    if key not in ext:
        cls = BACKENDS[current_app.config["SEARCH_BACKEND"]]
        ext[key] = cls(current_app.config["INDEX_DIR"] + suffix, current_app.config["INDEX_LOCK_TIMEOUT"])
    return ext[key]


def engine() -> WhooshIndex | Fts5Index:
    """The search engine over the 权责清单 for the current app."""
    return _engine("portal_search", "")


def _items_with_articles(items: list[PowerItem]) -> dict[tuple[int, int], Article]:
    return articles_for([b for i in items for b in i.bases])


def common_bases() -> set[tuple[int, int]]:
    """Articles cited by more than a quarter of the items (行政处罚法第二十四条): text every item shares."""
    n = db.session.scalar(select(db.func.count(PowerItem.id))) or 0
    rows = db.session.execute(
        select(LegalBasis.law_id, LegalBasis.article_number, db.func.count(db.distinct(LegalBasis.item_id))).group_by(
            LegalBasis.law_id, LegalBasis.article_number
        )
    )
    return {(law, art) for law, art, count in rows if count >= 5 and count > n / 4}


def document(item: PowerItem, articles: dict, common: set | frozenset = frozenset()) -> dict:
    """The engine-neutral search document of an item: what is searched and highlighted.

    ``related`` is the text the related tier ranks by: the item's own words (sub-item, remarks, the articles it
    cites and their text), without what every item shares (the category's 责任事项/追责情形/流程 templates,
    the notes on sources, an article cited by a quarter of the list such as 行政处罚法第二十四条), so a query
    about something else (低保申请) does not match them all.
    """
    views = [basis_view(b, articles.get((b.law_id, b.article_number))) for b in item.bases]
    parts = [item.sub_item or ""]
    own = [item.sub_item or "", item.remarks or ""]
    variants = []
    for b, v in zip(item.bases, views, strict=True):
        parts += [v["citation"], v["text"] or "", v["note"]]
        # Citations also without 《》 and by short name, so "某条例第三十四条" typed as one run matches; kept
        # at the end so snippets show the readable citation first.
        variants += [f"{v['law_full_name']}{v['article']}{v['clause']}", f"{v['law']}{v['article']}"]
        if (b.law_id, b.article_number) not in common:
            own += [v["citation"], v["text"] or "", f"{v['law']}{v['article']}"]
    parts += [r.get("text", "") for r in item.responsibilities or []]
    parts += [item.accountability, item.process, item.remarks, item.subject, item.department, *variants]
    return {
        "code": item.code,
        "name": item.name,
        "body": "\n".join(p for p in parts if p),
        "related": "\n".join(p for p in own if p),
        "laws": sorted({v["law"] for v in views} | {v["law_full_name"] for v in views}),
        "articles": sorted({f"{v['law']}:{v['article_number']}" for v in views if v["article_number"]}),
        "category": item.category,
        "department": item.department,
    }


def _load_items(codes=None) -> list[PowerItem]:
    stmt = select(PowerItem).options(db.selectinload(PowerItem.bases).selectinload(LegalBasis.law))
    if codes is not None:
        stmt = stmt.where(PowerItem.code.in_(codes))
    return list(db.session.scalars(stmt.order_by(PowerItem.code)))


def _synonyms() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(select(Synonym.term, Synonym.canonical).order_by(Synonym.id))]


def item_names(items: list[PowerItem]) -> list[str]:
    """The texts whose words pinyin can spell: item names and sub-items."""
    return [i.name for i in items] + [i.sub_item for i in items if i.sub_item]


def vocabulary_words(names: list[str], synonyms: list[tuple[str, str]]) -> set[str]:
    """jieba words of ``names`` plus both sides of every synonym: the pinyin vocabulary's words."""
    words = {w for name in names for w in jieba_words(name)}
    return words | {t for pair in synonyms for t in pair}


def rebuild() -> int:
    """Rebuild the whole index from the database under the writer lock; returns the document count."""
    eng = engine()
    with eng.writer_lock():
        items = _load_items()
        articles = _items_with_articles(items)
        synonyms = _synonyms()
        common = common_bases()
        vocab = pinyin.build_vocabulary(vocabulary_words(item_names(items), synonyms))
        count = eng.rebuild((document(i, articles, common) for i in items), vocab)
    log.info("search index rebuilt: %d items", count)
    return count


def refresh(codes: list[str]) -> None:
    """Bring the index up to date after the given items changed (or were deleted) in the database."""
    if not codes:
        return
    eng = engine()
    try:
        eng.open()
    except IndexUnavailable:
        rebuild()
        return
    with eng.writer_lock():
        items = _load_items(codes)
        found = {i.code for i in items}
        articles = _items_with_articles(items)
        vocab = eng.vocabulary()
        extra = pinyin.build_vocabulary(vocabulary_words(item_names(items), _synonyms()))
        for table in ("full", "initials"):
            merged = vocab.setdefault(table, {})
            for key, words in extra.get(table, {}).items():
                merged[key] = sorted(set(merged.get(key, [])) | set(words))
        common = common_bases()
        eng.update([document(i, articles, common) for i in items], [c for c in codes if c not in found], vocab)


def ensure() -> bool:
    """Rebuild the index if it is missing or unreadable; True when a rebuild happened."""
    eng = engine()
    try:
        eng.open()
        return False
    except IndexUnavailable as err:
        log.warning("search index unavailable (%s); rebuilding from the database", err)
    with eng.writer_lock():
        # Another process may have rebuilt it while we waited for the lock.
        try:
            eng.open()
            return False
        except IndexUnavailable:
            pass
    rebuild()
    return True


def _load_hits(*lists) -> tuple[dict[str, PowerItem], dict]:
    """The items of every list of raw hits and the articles they cite, in one pass (three queries)."""
    codes = sorted({code for raw in lists for code, _ in raw})
    by_code = {i.code: i for i in _load_items(codes)} if codes else {}
    return by_code, _items_with_articles(list(by_code.values()))


def _hits(raw_hits, terms, loaded: tuple[dict[str, PowerItem], dict]) -> list[Hit]:
    by_code, articles = loaded
    hits = []
    for code, score in raw_hits:
        item = by_code.get(code)
        if item is None:  # deleted since the index was written; the next refresh drops it
            continue
        doc = document(item, articles)
        hits.append(Hit(item, score, highlight.mark(item.name, terms), highlight.snippet(doc["body"], terms)))
    return hits


def _run(eng, text: str, synonyms, filters: dict, offset: int, limit: int, with_related: bool):
    parsed = query.parse(text, synonyms, eng.vocabulary())
    rq = None
    if with_related and not parsed.empty and not any(c.is_code for c in parsed.concepts):
        rq = relaxed.build(query.prepare(text), synonyms, eng.vocabulary())
    return parsed, rq, eng.search(parsed, filters, offset, limit, related=rq)


def search_powers(params: SearchParams, related: bool = True) -> SearchResult:
    """Run a resident's search: parse, match, facet, rank, and highlight only the page shown.

    Strict matches come first (their count is ``total``); on the page where they end (the first page when
    there are none), ``related`` lists the items the relaxed tier ranks best among the rest. When nothing
    matches as typed, a vocabulary word that reads the same (a typo or homophone) is searched instead and
    named in ``did_you_mean``.
    """
    eng = engine()
    synonyms = _synonyms()
    filters = {
        "category": params.category,
        "department": params.department,
        "law": params.law,
        "article": f"{params.law}:{params.article}" if params.law and params.article else None,
    }
    offset = (params.page - 1) * params.per_page
    with_related = related
    try:
        parsed, rq, raw = _run(eng, params.q, synonyms, filters, offset, params.per_page, with_related)
    except IndexUnavailable:
        ensure()
        parsed, rq, raw = _run(eng, params.q, synonyms, filters, offset, params.per_page, with_related)
    did_you_mean = None
    if raw["total"] == 0 and not parsed.empty:
        for word in relaxed.same_sound(query.prepare(params.q), eng.vocabulary()):
            p2, rq2, raw2 = _run(eng, word, synonyms, filters, offset, params.per_page, with_related)
            if raw2["total"]:
                did_you_mean, parsed, rq, raw = word, p2, rq2, raw2
                break
    terms = parsed.terms()
    loaded = _load_hits(raw["hits"], raw.get("related", []))
    hits = _hits(raw["hits"], terms, loaded)
    related_terms = sorted(set(terms) | set(rq.terms if rq else ()), key=len, reverse=True)
    related_hits = _hits(raw.get("related", []), related_terms, loaded)
    return SearchResult(
        params,
        raw["total"],
        hits,
        raw["facets"],
        parsed,
        parsed.expansions,
        related=related_hits,
        did_you_mean=did_you_mean,
    )


def count_search(params: SearchParams, result: SearchResult) -> None:
    """Count a resident's search (first page only; the text and the day, nothing about who searched)."""
    if params.page == 1 and params.q.strip():
        from . import learn

        learn.record(params.q, 0 if result.did_you_mean else result.total)
