"""Suggestions while typing: item names, common searches and synonyms by prefix, and by pinyin prefix too.

Everything is prepared once into sorted key lists (a prefix is then two binary searches) and kept per app for
``TTL`` seconds or until this process changes the index or the synonyms (``invalidate``), so a keystroke costs
a lookup, never a scan of the list.
"""

from __future__ import annotations

import bisect
import re
import threading
import time
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from .analysis import CJK_RUN, jieba_words, normalize

TTL = 300.0
LIMIT = 8
ITEMS = 3  # at most this many item names among the suggestions; the rest are words to search for
ITEM_WORDS_UP_TO = 5000  # lists up to this size also find an item by any word of its name
SCAN = 200  # prefix matches looked at before ranking
# Kinds, best first: a common search residents already make, a synonym, an item, a word of an item name.
RANK = {"popular": 0, "synonym": 1, "item": 2, "word": 3}
LATIN = re.compile(r"^[a-z]+$")
_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str
    code: str | None = None
    weight: int = 0

    def as_json(self) -> dict:
        return {"text": self.text, "kind": self.kind, **({"code": self.code} if self.code else {})}


class Table:
    """Sorted (key, suggestion) pairs; ``prefix(p)`` walks the keys that start with p."""

    def __init__(self, pairs):
        pairs = sorted(pairs, key=lambda kv: kv[0])
        self.keys = [k for k, _ in pairs]
        self.values = [v for _, v in pairs]

    def prefix(self, p: str):
        start = bisect.bisect_left(self.keys, p)
        end = bisect.bisect_left(self.keys, p + "\uffff", start, min(len(self.keys), start + SCAN))
        return self.values[start:end]


def _spell(text: str) -> tuple[str, str]:
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def build(
    items: list[tuple[str, str, str]],
    synonyms: list[tuple[str, str]],
    popular: list[tuple[str, int]],
    vocabulary: dict | None = None,
) -> tuple[Table, Table]:
    """Chinese and pinyin tables from (code, name, sub_item) rows, synonym pairs, (query, count) rows and the
    index's pinyin vocabulary (the words of item names, already spelled by the index writer)."""
    chinese, latin = [], []

    def add(key_text: str, s: Suggestion, spell: bool = True):
        key = normalize(key_text)
        if not key:
            return
        chinese.append((key, s))
        if spell and CJK_RUN.fullmatch(key) and len(key) <= 16:
            full, initials = _spell(key)
            for k in {full, initials}:
                if k:
                    latin.append((k, s))

    for query, count in popular:
        add(query, Suggestion(query, "popular", weight=count))
    for term, canonical in synonyms:
        add(term, Suggestion(term, "synonym"))
        add(canonical, Suggestion(canonical, "synonym"))
    by_word = len(items) <= ITEM_WORDS_UP_TO
    for code, name, sub_item in items:
        s = Suggestion(name, "item", code)
        # Names read 对…的处罚: the words after 对 are what a resident starts typing, and in a list of ordinary
        # size so is any word of the name (消防 → 对个人占用、堵塞、封闭消防车通道的处罚).
        add(name.removeprefix("对"), s, spell=False)
        if by_word:
            chinese.extend((w, s) for w in {w for w in jieba_words(name) if len(w) >= 2 and CJK_RUN.fullmatch(w)})
        if sub_item:
            add(sub_item, Suggestion(sub_item, "word"), spell=False)
    for table in ("full", "initials"):
        for key, words in (vocabulary or {}).get(table, {}).items():
            for word in words:
                s = Suggestion(word, "word")
                latin.append((key, s))
                if table == "full":
                    chinese.append((word, s))
    return Table(chinese), Table(latin)


def rank(found: list[Suggestion], limit: int = LIMIT) -> list[Suggestion]:
    best: dict[tuple[str, str | None], Suggestion] = {}
    for s in found:
        key = (s.text, s.code)
        if key not in best or RANK[s.kind] < RANK[best[key].kind]:
            best[key] = s
    texts, words, items = set(), [], []
    for s in sorted(best.values(), key=lambda s: (RANK[s.kind], -s.weight, len(s.text), s.text)):
        if s.code is None and s.text in texts:
            continue
        texts.add(s.text)
        (items if s.code else words).append(s)
    shown_items = items[: max(ITEMS, limit - len(words))]
    return (words[: limit - len(shown_items)] + shown_items)[:limit]


def lookup(tables: tuple[Table, Table], q: str, limit: int = LIMIT) -> list[Suggestion]:
    """Suggestions for what has been typed so far (prefix of a Chinese text, or of its pinyin or initials)."""
    q = normalize(q).strip()
    if not q or len(q) > 40:
        return []
    chinese, latin = tables
    found = chinese.prefix(q)
    if LATIN.match(q):
        found = found + latin.prefix(q)
    return rank(found, limit)


def tables(app, loader) -> tuple[Table, Table]:
    """The app's tables, rebuilt from ``loader()`` (items, synonyms, popular) when older than TTL or invalidated."""
    cached = app.extensions.get("portal_suggest")
    now = time.monotonic()
    if cached and now - cached[0] < TTL:
        return cached[1]
    with _lock:
        cached = app.extensions.get("portal_suggest")
        if cached and now - cached[0] < TTL:
            return cached[1]
        built = build(*loader())
        app.extensions["portal_suggest"] = (time.monotonic(), built)
        return built


def invalidate(app) -> None:
    app.extensions.pop("portal_suggest", None)
