"""Check characters of the identifiers in a credit record (GB 32100-2015, GB 11714, GB 11643-1999)."""

from __future__ import annotations

import datetime as dt

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # I, O, S, V, Z never occur
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_char(body: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 are ``body``."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_check_char(body: str) -> str:
    """The 9th character of a 组织机构代码 whose first 8 are ``body`` (digits, or letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    bad = sorted({c for c in code if c not in USCC_CHARS})
    if bad:
        return f"统一社会信用代码含非法字符：{''.join(bad)}"
    if code[17] != uscc_check_char(code[:17]):
        return "统一社会信用代码校验位错误"
    org = code[8:17]
    if all(c.isdigit() or c.isupper() for c in org[:8]) and org[8] != org_check_char(org[:8]):
        return "统一社会信用代码中的组织机构代码校验位错误"
    return None


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit 居民身份证号码, or None when it is."""
    if len(number) != 18 or not number[:17].isdigit():
        return "身份证号码应为17位数字加1位校验码"
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    check = ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True)) % 11]
    if number[17].upper() != check:
        return "身份证号码校验码错误"
    return None
