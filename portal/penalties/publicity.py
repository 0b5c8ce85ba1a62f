"""How long a penalty decision stays public (公示期) and whether it is published at all (rules.md).

The legal rules are data, not code: ``seed_data/publicity_rules.json`` lists each credit-repair rule with its
number, the dates it is in force, its tiers (轻微/一般/严重 with their shortest and longest months), the field
minimum (fire, work-safety and special-equipment cases) and where each value comes from with how sure it is. The
rule in force on the day a decision is published decides its period; the period counts from the decision date
(a 3-month period from 2022-03-15 is public up to and including 2022-06-14).

Two methods are known: ``categories`` (the rule the office applied until 2026-03-31: 通报批评 or a low fine is
public for the short period, anything else for the long one, 市场监管总局令第45号 as the confirmed analogue) and
``tiers`` (the decision's tier gives its longest period). Whether 警告-only decisions, the 轻微 tier and 简易程序
decisions are published is configurable, since the competent authority sets it. A decision about a minor is
never published.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import datafiles
from ..models import PUBLIC_STATUSES

SHORT_CATEGORIES = frozenset({"警告", "通报批评"})
TIERS = ("轻微", "一般", "严重")
# Penalty types that restrict a licence, a business or a person's freedom: the 严重 tier is proposed for them.
SERIOUS_CATEGORIES = frozenset(
    {"降低资质等级", "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留"}
)
PROCEDURES = ("普通程序", "简易程序")
ADULT_MONTHS = 18 * 12


class RulesError(ValueError):
    """The rules file is missing, malformed, or no rule is in force on a day."""


@dataclass(frozen=True)
class Tier:
    name: str
    min_months: int
    max_months: int
    published: bool = True


@dataclass(frozen=True)
class PublicityRule:
    """One credit-repair rule as the data file states it (never as code)."""

    code: str
    name: str
    number: str
    in_force_from: dt.date | None
    in_force_until: dt.date | None
    method: str  # "categories" or "tiers"
    tiers: dict
    field_minimum_fields: frozenset
    field_minimum_months: int
    field_minimum_quality: str
    source: str
    quality: str
    tiers_quality: str

    def in_force(self, day: dt.date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day <= self.in_force_until
        )

    @property
    def title(self) -> str:
        return f"《{self.name}》（{self.number}）"


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def parse_rules(data: dict) -> tuple[PublicityRule, ...]:
    """The rules of a parsed rules file, checked: known methods, all three tiers, months in order, no overlap."""
    out = []
    for row in data.get("rules", []):
        try:
            tiers = {
                name: Tier(name, int(t["min_months"]), int(t["max_months"]), bool(t.get("published", True)))
                for name, t in row["tiers"].items()
            }
            minimum = row.get("field_minimum") or {}
            rule = PublicityRule(
                code=row["code"],
                name=row["name"],
                number=row["number"],
                in_force_from=_date(row.get("in_force_from")),
                in_force_until=_date(row.get("in_force_until")),
                method=row["method"],
                tiers=tiers,
                field_minimum_fields=frozenset(minimum.get("fields", ())),
                field_minimum_months=int(minimum.get("months", 0)),
                field_minimum_quality=minimum.get("quality", row["quality"]),
                source=row["source"],
                quality=row["quality"],
                tiers_quality=row.get("tiers_quality", row["quality"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise RulesError(f"公示期规则 {row.get('code', '?')} 格式有误：{err}") from None
        if rule.method not in ("categories", "tiers"):
            raise RulesError(f"公示期规则 {rule.code}：未知的 method {rule.method}")
        if set(tiers) != set(TIERS) or any(not 0 <= t.min_months <= t.max_months for t in tiers.values()):
            raise RulesError(f"公示期规则 {rule.code}：应有轻微、一般、严重三档，且 0 ≤ 最短月数 ≤ 最长月数")
        if rule.quality not in ("confirmed", "reported", "unconfirmed"):
            raise RulesError(f"公示期规则 {rule.code}：quality 应为 confirmed、reported 或 unconfirmed")
        out.append(rule)
    ordered = sorted(out, key=lambda r: r.in_force_from or dt.date.min)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.in_force_until is None or b.in_force_from is None or a.in_force_until >= b.in_force_from:
            raise RulesError(f"公示期规则 {a.code} 与 {b.code} 的施行期间重叠")
    return tuple(ordered)


def load_rules(path: str | Path) -> tuple[PublicityRule, ...]:
    """The rules of ``path``, read again whenever the file changes."""
    return datafiles.load_json(path, parse_rules, lambda p: RulesError(f"找不到公示期规则文件 {p}"))


@dataclass(frozen=True)
class Rules:
    """The configured switches and the rules table."""

    publish_warning_only: bool = False
    low_fine_yuan: Decimal = Decimal("10000")
    short_months: int = 3
    long_months: int = 36
    publish_minor_tier: bool = False
    publish_simple_procedure: bool = False
    table: tuple = field(default=())

    @classmethod
    def from_config(cls, config) -> Rules:
        return cls(
            publish_warning_only=config.get("PUBLISH_WARNING_ONLY", False),
            low_fine_yuan=Decimal(str(config.get("LOW_FINE_YUAN", "10000"))),
            short_months=int(config.get("PUBLICITY_SHORT_MONTHS", 3)),
            long_months=int(config.get("PUBLICITY_LONG_MONTHS", 36)),
            publish_minor_tier=config.get("PUBLISH_MINOR_TIER", False),
            publish_simple_procedure=config.get("PUBLISH_SIMPLE_PROCEDURE", False),
            table=load_rules(config["PUBLICITY_RULES_FILE"]),
        )

    def rule_on(self, day: dt.date) -> PublicityRule:
        """The rule in force on ``day`` (the publication date)."""
        for rule in self.table:
            if rule.in_force(day):
                return rule
        raise RulesError(f"{day} 没有施行中的公示期规则，请补充 publicity_rules.json")

    def rule(self, code: str) -> PublicityRule | None:
        return next((r for r in self.table if r.code == code), None)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (1-31 + 1 month = 2-28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birth_date(id_number: str) -> dt.date | None:
    """The birth date in a resident ID number (18 digits, or the old 15), or None when there is none."""
    s = (id_number or "").strip()
    try:
        if len(s) == 18 and s[:17].isdigit():
            return dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        if len(s) == 15 and s.isdigit():
            return dt.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return None
    return None


def is_minor(born: dt.date | None, on: dt.date) -> bool:
    """Whether someone born on ``born`` was under 18 on ``on``; the 18th birthday itself is of age."""
    return born is not None and on < add_months(born, ADULT_MONTHS)


def propose_tier(categories: list[str], fine_yuan: Decimal | None, fields: set | frozenset, rules: Rules) -> str:
    """The tier the decision suggests: 轻微 for 警告/通报批评 alone; 严重 for a penalty restricting a licence,
    business or person, or a fine above the configured amount; 一般 otherwise. Fire, work-safety and
    special-equipment cases are at least 一般. The 法制审核 reviewer may change it with a reason."""
    cats = set(categories)
    if cats & SERIOUS_CATEGORIES or (fine_yuan is not None and Decimal(fine_yuan) > rules.low_fine_yuan):
        return "严重"
    if cats and cats <= SHORT_CATEGORIES and not any(r.field_minimum_fields & set(fields) for r in rules.table):
        return "轻微"
    return "一般"


@dataclass(frozen=True)
class Period:
    """What the rules give a decision: the rule, the tier, the months and last public day, or why not published."""

    rule: str
    tier: str
    months: int | None
    until: dt.date | None
    not_published: str = ""  # why the decision is not published (Chinese, shown to staff)


def _category_months(cats: set, fine_yuan: Decimal | None, rules: Rules) -> int:
    months = 0
    for cat in cats:
        low_fine = cat == "罚款" and fine_yuan is not None and Decimal(fine_yuan) <= rules.low_fine_yuan
        if cat in SHORT_CATEGORIES or low_fine:
            months = max(months, rules.short_months)
        else:
            months = max(months, rules.long_months)
    return months


def compute(
    *,
    decided_on: dt.date,
    published_on: dt.date,
    categories: list[str],
    fine_yuan: Decimal | None,
    fields: set | frozenset,
    rules: Rules,
    tier: str | None = None,
    procedure: str = "普通程序",
    born: dt.date | None = None,
) -> Period:
    """The publicity of a decision published on ``published_on`` under the rule then in force."""
    rule = rules.rule_on(published_on)
    tier = tier or propose_tier(categories, fine_yuan, fields, rules)
    cats = set(categories)

    def hidden(reason: str) -> Period:
        return Period(rule.code, tier, None, None, reason)

    if not cats:
        return hidden("未填写处罚类别")
    if is_minor(born, decided_on):
        return hidden("当事人作出处罚决定时未满十八周岁，不予公示")
    if procedure == "简易程序" and not rules.publish_simple_procedure:
        return hidden("简易程序作出的处罚决定，按配置不予公示")
    if cats == {"警告"} and not rules.publish_warning_only:
        return hidden("仅给予警告的处罚决定，按配置不予公示")
    t = rule.tiers[tier]
    if rule.method == "categories":
        months = min(max(_category_months(cats, fine_yuan, rules), t.min_months), t.max_months)
    else:
        if not t.published and not rules.publish_minor_tier:
            return hidden(f"{rule.title}：{tier}失信行为原则上不公示")
        months = t.max_months
    if rule.field_minimum_fields & set(fields):
        months = max(months, rule.field_minimum_months)
    return Period(rule.code, tier, months, add_months(decided_on, months) - dt.timedelta(days=1))


def is_current(until: dt.date | None, today: dt.date) -> bool:
    """Whether a decision with this end date is still within its publicity period on ``today``."""
    return until is not None and today <= until


def is_public(p, day: dt.date) -> bool:
    """Whether the decision's full text is on public pages on ``day``: published or corrected, within its period."""
    return p.status in PUBLIC_STATUSES and is_current(p.publicity_until, day)
