"""What of a penalty decision may be public: names masked, identifiers never shown (rules.md, 行政处罚法 art. 50).

A natural person keeps only the surname (张某某). A 个体工商户 named after its operator (no trade name) is masked
the same way on public pages; the credit platform gets the full name through publish/, never through here.
ID numbers, phone numbers, bank accounts and addresses introduced as such (住址, 家住, 户籍地…) never appear in
public text, wherever they were typed.
"""

from __future__ import annotations

import re

MARK = "某某"
PERSON = "自然人"
SOLE_TRADER = "个体工商户"
ORGANISATION = "法人及非法人组织"
PARTY_TYPES = (ORGANISATION, PERSON, SOLE_TRADER)

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 澹台 "
    "公冶 太史 申屠 闻人 万俟 赫连 钟离 宗政 濮阳 淳于 单于 公羊 拓跋 左丘 东郭 第五".split()
)
# What makes a 个体工商户's name a trade name rather than its operator's personal name.
TRADE_WORDS = re.compile(
    r"(店|铺|部|厂|行|馆|社|坊|中心|商贸|超市|餐厅|饭庄|酒家|工作室|经营|门市|公司|摊|场|所|站|园|堂|阁|轩|屋|吧)"
)

# Identifiers that must never reach a public page, whatever field they were typed in.
_SECRETS = [
    (
        re.compile(
            r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
            r"(?![0-9A-Za-z])"
        ),
        "[身份证号已隐去]",
    ),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "[电话已隐去]"),
    (re.compile(r"(?<!\d)\d{16,19}(?!\d)"), "[账号已隐去]"),
    # A home address cannot be told from the place of a violation by its shape, only by the word that
    # introduces it; the place where the violation happened stays public.
    (
        re.compile(
            r"(家庭住址|户籍所在地|户籍地|现居住地|居住地|现住址|现住|住址|住所|家住)([为是在于：:\s]*)"
            r"[^，。；;,、）)\n]{1,60}"
        ),
        r"\1\2[住址已隐去]",
    ),
]


def mask_person(name: str) -> str:
    """张三 → 张某某, 欧阳娜娜 → 欧阳某某; a name not in Chinese keeps its first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
    return surname + MARK


def is_personal(party_type: str, name: str, operator: str | None = None) -> bool:
    """Whether the party's public name is a person's name: a natural person, or a sole trader without a trade
    name (named after its operator)."""
    if party_type == PERSON:
        return True
    if party_type != SOLE_TRADER:
        return False
    name = (name or "").strip()
    if operator and name == operator.strip():
        return True
    return not TRADE_WORDS.search(name)


def public_party(party_type: str, name: str, operator: str | None) -> tuple[str, bool]:
    """The party's name as published and whether it was masked."""
    if is_personal(party_type, name, operator):
        return mask_person(name), True
    return name, False


def public_operator(party_type: str, operator: str | None) -> tuple[str, bool]:
    """法定代表人/经营者 as published: an organisation's representative is public; a sole trader's operator and
    anything about a natural person is a private individual, masked."""
    if not operator:
        return "", False
    if party_type == ORGANISATION:
        return operator, False
    return mask_person(operator), True


def scrub(text: str, names: list[tuple[str, str]] = ()) -> tuple[str, bool]:
    """``text`` with each private name replaced by its mask and every identifier removed; True if changed.

    ``names`` pairs a full name with its public form, longest first so a full name wins over its parts.
    """
    original = text or ""
    out = original
    for full, masked in sorted(names, key=lambda p: -len(p[0])):
        if full and full != masked:
            out = out.replace(full, masked)
    for pattern, replacement in _SECRETS:
        out = pattern.sub(replacement, out)
    return out, out != original
