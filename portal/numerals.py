"""Chinese article numbers: 34 <-> 第三十四条, as laws number their articles."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_ARTICLE_RE = re.compile(r"第([零一二三四五六七八九十百千]+|\d+)条")


def to_chinese(n: int) -> str:
    """Write 1..9999 the way article numbers are written (十一, 一百一十八, 一百零一)."""
    if not 0 < n < 10000:
        raise ValueError(f"article number out of range: {n}")
    parts, zero_pending = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(_DIGITS[digit] + unit)
        elif parts:
            zero_pending = True
    text = "".join(parts)
    # 10..19 read 十, 十一 …, never 一十 (but 一百一十 keeps its 一).
    return text[1:] if text.startswith("一十") else text


def article_label(n: int) -> str:
    return f"第{to_chinese(n)}条"


def parse_chinese(text: str) -> int:
    """Inverse of to_chinese; also accepts Arabic digits."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in units:
            total += (digit or 1) * units[ch]
            digit = 0
        else:
            digit = _DIGITS.index(ch)
    return total + digit


def find_articles(text: str) -> list[int]:
    """Article numbers cited in free text: '第三十四条' or '第34条' -> [34]."""
    return [parse_chinese(m.group(1)) for m in _ARTICLE_RE.finditer(text)]
