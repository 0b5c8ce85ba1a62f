"""Parse what a resident typed into search concepts; no syntax, so no query can fail to parse.

Whoosh's own query language is never exposed: quotes, brackets, AND/OR and field prefixes are plain text here.
Each concept is a CJK run, a Latin word (perhaps pinyin) or an item code; all concepts must match, and each
may be satisfied by any of its alternatives (the text itself, a synonym's official term, pinyin's Chinese).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numerals import to_chinese
from . import pinyin
from .analysis import ASCII_WORD, CJK_RUN, normalize

MAX_CONCEPTS = 12
CODE = re.compile(r"^[a-z]{1,4}-[a-z0-9]{1,6}-\d{1,6}$")
OPERATORS = {"and", "or", "not", "to"}
# An article typed with Arabic digits (噪声法82条, 第82条) as laws write it (第八十二条).
ARABIC_ARTICLE = re.compile(r"第?\s*(\d{1,4})\s*条")


@dataclass
class Concept:
    text: str
    alternatives: list[str]
    is_code: bool = False


@dataclass
class ParsedQuery:
    raw: str
    concepts: list[Concept] = field(default_factory=list)
    expansions: list[tuple[str, str]] = field(default_factory=list)  # shown as “同时搜索了”

    @property
    def empty(self) -> bool:
        return not self.concepts

    def terms(self) -> list[str]:
        """Every alternative, longest first: what the highlighter marks."""
        seen = {a for c in self.concepts for a in c.alternatives}
        return sorted(seen, key=len, reverse=True)


def _expand(text: str, synonyms: list[tuple[str, str]], expansions: list) -> list[str]:
    alternatives = [text]
    # Longest terms first, so 占道经营 → 占路经营 is named rather than its part 占道 → 占路.
    for term, canonical in sorted(synonyms, key=lambda pair: -len(pair[0])):
        if term in text:
            alt = text.replace(term, canonical)
            if alt not in alternatives:
                alternatives.append(alt)
                expansions.append((term, canonical))
    return alternatives


def _article(match: re.Match) -> str:
    n = int(match.group(1))
    return f"第{to_chinese(n)}条" if 0 < n < 10000 else match.group(0)


def prepare(raw: str) -> str:
    """Normalised text with Arabic article numbers written out: 噪声法82条 → 噪声法第八十二条."""
    return ARABIC_ARTICLE.sub(_article, normalize(raw))


def parse(raw: str, synonyms: list[tuple[str, str]], vocabulary: dict | None) -> ParsedQuery:
    """Split ``raw`` into concepts with their alternatives; never raises on odd input."""
    parsed = ParsedQuery(raw=raw)
    text = prepare(raw)
    tokens = re.findall(f"{CJK_RUN.pattern}|{ASCII_WORD.pattern}", text)
    if any(t not in OPERATORS for t in tokens):
        tokens = [t for t in tokens if t not in OPERATORS]
    for token in dict.fromkeys(tokens):  # de-duplicate, keep order
        if len(parsed.concepts) >= MAX_CONCEPTS:
            break
        if CJK_RUN.fullmatch(token):
            parsed.concepts.append(Concept(token, _expand(token, synonyms, parsed.expansions)))
        elif CODE.match(token):
            parsed.concepts.append(Concept(token, [token.upper()], is_code=True))
        else:
            alternatives = [token]
            for chinese in pinyin.candidates(token, vocabulary or {}):
                parsed.expansions.append((token, chinese))
                for alt in _expand(chinese, synonyms, parsed.expansions):
                    if alt not in alternatives:
                        alternatives.append(alt)
            parsed.concepts.append(Concept(token, alternatives))
    return parsed
