"""Annual enforcement statistics for the office's yearly report: every decision decided in the year counts,
public or not (statistics disclose no one), except drafts and decisions later withdrawn (撤回: revoked)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from decimal import Decimal

from sqlalchemy import select

from ..cache import per_version
from ..extensions import db
from ..models import PENALTY_CATEGORIES, Penalty, PowerItem
from ..tables import Column
from .public import public_text

COUNTED = ("published", "corrected", "expired")


def _yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def annual(year: int) -> dict:
    """Cases and fines of ``year`` in total, by month, by penalty category, by violation and by 权责清单 item."""
    rows = list(
        db.session.scalars(
            select(Penalty).where(
                Penalty.status.in_(COUNTED),
                Penalty.decided_on >= dt.date(year, 1, 1),
                Penalty.decided_on <= dt.date(year, 12, 31),
            )
        )
    )
    names = dict(db.session.execute(select(PowerItem.code, PowerItem.name)).all())
    fines = sum((p.fine_yuan or Decimal(0) for p in rows), Decimal(0))
    months = [{"month": m, "cases": 0, "fines_yuan": Decimal(0)} for m in range(1, 13)]
    by_category: Counter = Counter()
    by_violation: Counter = Counter()
    by_item: dict[str, dict] = {}
    by_party: Counter = Counter()
    for p in rows:
        month = months[p.decided_on.month - 1]
        month["cases"] += 1
        month["fines_yuan"] += p.fine_yuan or 0
        by_category.update(p.category_list)
        by_violation[public_text(p, "violation")] += 1  # typed text: it may name the party
        by_party[p.party_type] += 1
        key = p.power_code or "未关联"
        entry = by_item.setdefault(
            key,
            {
                "code": p.power_code,
                "name": names.get(p.power_code, "未关联权责清单事项"),
                "cases": 0,
                "fines_yuan": Decimal(0),
            },
        )
        entry["cases"] += 1
        entry["fines_yuan"] += p.fine_yuan or 0
    for m in months:
        m["fines_yuan"] = _yuan(m["fines_yuan"])
    items = sorted(by_item.values(), key=lambda e: (-e["cases"], e["code"] or ""))
    for e in items:
        e["fines_yuan"] = _yuan(e["fines_yuan"])
    return {
        "year": year,
        "cases": len(rows),
        "fines_yuan": _yuan(fines),
        "fined_cases": sum(1 for p in rows if p.fine_yuan),
        "by_month": months,
        "by_category": {c: by_category[c] for c in PENALTY_CATEGORIES if by_category[c]},
        "by_party_type": dict(by_party.most_common()),
        "by_violation": [
            {"violation": v, "cases": n} for v, n in sorted(by_violation.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "by_item": items,
    }


def years() -> list[int]:
    """Years with at least one counted decision, newest first (found once per data version)."""
    from .disclosure import unindexed, years_with

    return per_version("years", (), lambda: years_with(unindexed(Penalty.status).in_(COUNTED)))


def version() -> tuple[str, dt.datetime | None]:
    """Validators of a year's statistics: the change log's newest entry and the 权责清单 item names it shows."""
    from . import disclosure

    seq, changed_at = disclosure.latest_change()
    names = db.session.execute(select(PowerItem.code, PowerItem.name).order_by(PowerItem.code)).all()
    digest = hashlib.sha256(repr([tuple(r) for r in names]).encode()).hexdigest()[:16]
    return f"{seq}:{digest}", changed_at


# The annual statistics as one long table (CSV and XLSX downloads): one row per group and value.
TABLE_COLUMNS = (
    Column("dimension", "统计维度"),
    Column("label", "项目"),
    Column("code", "权责清单事项编码"),
    Column("cases", "件数", "int"),
    Column("fines_yuan", "罚款金额（元）", "money"),
)


def table_rows(data: dict) -> list[dict]:
    """``annual(year)`` flattened: the year's total, then by month, category, party type, violation and item."""
    rows = [
        {
            "dimension": "全年合计",
            "label": f"{data['year']}年",
            "cases": data["cases"],
            "fines_yuan": data["fines_yuan"],
        }
    ]
    rows += [
        {"dimension": "按月份", "label": f"{m['month']}月", "cases": m["cases"], "fines_yuan": m["fines_yuan"]}
        for m in data["by_month"]
    ]
    rows += [{"dimension": "按处罚类别", "label": c, "cases": n} for c, n in data["by_category"].items()]
    rows += [{"dimension": "按当事人类别", "label": t, "cases": n} for t, n in data["by_party_type"].items()]
    rows += [
        {"dimension": "按违法行为类型", "label": v["violation"], "cases": v["cases"]} for v in data["by_violation"]
    ]
    rows += [
        {
            "dimension": "按权责清单事项",
            "label": e["name"],
            "code": e["code"],
            "cases": e["cases"],
            "fines_yuan": e["fines_yuan"],
        }
        for e in data["by_item"]
    ]
    return rows
