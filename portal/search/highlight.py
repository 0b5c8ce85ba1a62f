"""Highlight matched terms in escaped HTML: the whole name, or a window of the body around the first match."""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def _pattern(terms: list[str]):
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def _marked(text: str, pattern) -> Markup:
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[last : m.start()]), Markup("<mark>"), escape(m.group()), Markup("</mark>")]
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def mark(text: str, terms: list[str]) -> Markup:
    """The whole text, escaped, with every term wrapped in <mark>."""
    pattern = _pattern(terms)
    return _marked(text, pattern) if pattern else escape(text)


def snippet(text: str, terms: list[str], width: int = 80) -> Markup:
    """About ``width`` characters around the first match (the start of the text when nothing matches)."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        return escape(text[:width] + ("…" if len(text) > width else ""))
    start = max(0, match.start() - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    return Markup("").join(
        [
            Markup("…") if start else Markup(""),
            _marked(window, pattern),
            Markup("…") if end < len(text) else Markup(""),
        ]
    )
