"""How long a penalty decision stays public (公示期) and whether it is published at all (rules.md).

Defaults follow 市场监管总局令第45号 as the confirmed analogue: a 警告-only decision is not published; 通报批评 or a
low fine is public for 3 months; anything else for 3 years. Fire, work-safety and special-equipment cases stay at
least 1 year (国家发展改革委令2023年第58号). With several penalty types the longest period wins. The period is
counted from the decision date: a 3-month period from 2022-03-15 is public up to and including 2022-06-14.
Everything is configurable, since the competent authority sets the values.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..models import PUBLIC_STATUSES

SHORT_CATEGORIES = frozenset({"警告", "通报批评"})


@dataclass(frozen=True)
class Rules:
    publish_warning_only: bool = False
    low_fine_yuan: Decimal = Decimal("10000")
    short_months: int = 3
    long_months: int = 36
    minimum_months: int = 3
    maximum_months: int = 36
    one_year_laws: frozenset = frozenset({"消防法", "安全生产法", "特种设备安全法"})
    one_year_months: int = 12

    @classmethod
    def from_config(cls, config) -> Rules:
        return cls(
            publish_warning_only=config.get("PUBLISH_WARNING_ONLY", False),
            low_fine_yuan=Decimal(str(config.get("LOW_FINE_YUAN", "10000"))),
            short_months=int(config.get("PUBLICITY_SHORT_MONTHS", 3)),
            long_months=int(config.get("PUBLICITY_LONG_MONTHS", 36)),
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (1-31 + 1 month = 2-28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_months(categories: list[str], fine_yuan: Decimal | None, laws: list[str], rules: Rules) -> int | None:
    """The publicity period in months, or None when the decision is not published at all."""
    cats = set(categories)
    if not cats:
        return None
    if cats == {"警告"} and not rules.publish_warning_only:
        return None
    months = 0
    for cat in cats:
        if cat in SHORT_CATEGORIES:
            months = max(months, rules.short_months)
        elif cat == "罚款" and fine_yuan is not None and Decimal(fine_yuan) <= rules.low_fine_yuan:
            months = max(months, rules.short_months)
        else:
            months = max(months, rules.long_months)
    if any(law in rules.one_year_laws for law in laws):
        months = max(months, rules.one_year_months)
    return min(max(months, rules.minimum_months), rules.maximum_months)


def publicity_until(
    decided_on: dt.date, categories: list[str], fine_yuan: Decimal | None, laws: list[str], rules: Rules
) -> dt.date | None:
    """The last day the decision is public (inclusive), or None when it is not published."""
    months = period_months(categories, fine_yuan, laws, rules)
    if months is None:
        return None
    return add_months(decided_on, months) - dt.timedelta(days=1)


def is_current(until: dt.date | None, today: dt.date) -> bool:
    """Whether a decision with this end date is still within its publicity period on ``today``."""
    return until is not None and today <= until


def is_public(p, day: dt.date) -> bool:
    """Whether the decision's full text is on public pages on ``day``: published or corrected, within its period."""
    return p.status in PUBLIC_STATUSES and is_current(p.publicity_until, day)
