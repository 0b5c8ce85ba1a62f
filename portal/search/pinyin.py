"""Pinyin search: turn "zhandao" or "ljfl" into the Chinese words they spell.

The index writer builds a vocabulary from the words of item names and synonyms (pinyin of each word, full and
initials); a query of Latin letters is segmented into known pinyin words, and the Chinese words found are then
searched like any Chinese query, so pinyin gets the same recall, synonyms and highlighting.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pypinyin import Style, lazy_pinyin

LATIN = re.compile(r"^[a-z]+$")
MAX_WORD_PINYIN = 40


def _keys(word: str) -> tuple[str, str]:
    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def build_vocabulary(words: set[str]) -> dict:
    """{"full": {pinyin: [words]}, "initials": {letters: [words]}} for words of two or more characters."""
    full, initials = defaultdict(set), defaultdict(set)
    for word in words:
        if len(word) < 2:
            continue
        f, i = _keys(word)
        if f and len(f) <= MAX_WORD_PINYIN:
            full[f].add(word)
            initials[i].add(word)
    return {
        "full": {k: sorted(v) for k, v in full.items()},
        "initials": {k: sorted(v) for k, v in initials.items()},
    }


def candidates(query: str, vocab: dict, limit: int = 8) -> list[str]:
    """Chinese phrases a Latin-letter query may spell, best first; [] when it spells nothing we know."""
    query = query.lower()
    if not LATIN.match(query) or not vocab:
        return []
    found: list[str] = []
    for table in ("full", "initials"):
        words = vocab.get(table, {}).get(query)
        if words:
            found += [w for w in words if w not in found]
    if not found:
        found = _segment(query, vocab.get("full", {}))
    return found[:limit]


def _segment(query: str, table: dict) -> list[str]:
    # Dynamic programme over the letters: fewest known words that spell the whole query ("lajifenlei" ->
    # 垃圾 + 分类). Only the first word of each pinyin key is used, to keep the result small and stable.
    n = len(query)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, min(n, i + MAX_WORD_PINYIN) + 1):
            words = table.get(query[i:j])
            if words and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = best[i] + [words[0]]
    return ["".join(best[n])] if best[n] else []
