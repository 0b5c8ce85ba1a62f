"""The annual enforcement report (/reports/<year>): inspections, inspector person-times, problem points corrected,
referrals, cases and fines (from the penalty statistics), withdrawals and 普法 figures (those staff entered for the
year, else the sum of the recorded activities: ``education.figures``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..extensions import db
from ..models import LEGAL_EDUCATION_KINDS, InspectionRecord, LegalEducation, Penalty
from ..penalties import stats
from ..tables import Column
from . import education as legal_education


def annual(year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = list(
        db.session.scalars(
            select(InspectionRecord).where(InspectionRecord.inspected_on >= start, InspectionRecord.inspected_on <= end)
        )
    )
    penalties = stats.annual(year)
    withdrawals = db.session.scalar(
        select(func.count())
        .select_from(Penalty)
        .where(Penalty.status == "withdrawn", Penalty.withdrawal_event_on >= start, Penalty.withdrawal_event_on <= end)
    )
    education = dict.fromkeys(LEGAL_EDUCATION_KINDS, 0)
    for kind, total in db.session.execute(
        select(LegalEducation.kind, func.sum(LegalEducation.quantity))
        .where(LegalEducation.held_on >= start, LegalEducation.held_on <= end)
        .group_by(LegalEducation.kind)
    ):
        education[kind] = int(total)
    education = legal_education.figures(year, education)
    return {
        "year": year,
        "inspections": len(rows),
        "inspections_by_source": {
            "draw": sum(1 for r in rows if r.source == "draw"),
            "patrol": sum(1 for r in rows if r.source == "patrol"),
        },
        "inspector_person_times": sum(len(r.inspectors) for r in rows),
        "problems_found": sum(r.problems for r in rows),
        "problems_corrected": sum(r.corrected for r in rows),
        "referrals": sum(1 for r in rows if r.referred_to),
        "cases": penalties["cases"],
        "fines_yuan": penalties["fines_yuan"],
        "withdrawals": withdrawals,
        "legal_education": education,
    }


def version() -> tuple[str, dt.datetime | None]:
    """Validators of a year's report: the inspections' version and the penalty statistics' (cases, fines)."""
    from . import disclosure

    checked, checked_at = disclosure.version()
    penalties, penalties_at = stats.version()
    newest = max((t for t in (checked_at, penalties_at) if t is not None), default=None)
    return f"{checked}/{penalties}", newest


# The report as one table (CSV and XLSX downloads): one row per figure, counts and amounts in their own columns.
TABLE_COLUMNS = (
    Column("section", "类别"),
    Column("label", "项目"),
    Column("count", "数量", "int"),
    Column("amount", "金额（元）", "money"),
)


def table_rows(r: dict) -> list[dict]:
    """``annual(year)`` flattened in the order of the page."""
    rows = [
        ("执法检查", "开展执法检查（次）", r["inspections"]),
        ("执法检查", "其中：双随机抽查（次）", r["inspections_by_source"]["draw"]),
        ("执法检查", "其中：日常巡查（次）", r["inspections_by_source"]["patrol"]),
        ("执法检查", "出动执法人员（人次）", r["inspector_person_times"]),
        ("执法检查", "发现问题点位（处）", r["problems_found"]),
        ("执法检查", "整改问题点位（处）", r["problems_corrected"]),
        ("执法检查", "移送案件线索（件）", r["referrals"]),
        ("行政处罚", "立案处罚（起）", r["cases"]),
    ]
    out = [{"section": s, "label": label, "count": n} for s, label, n in rows]
    out.append({"section": "行政处罚", "label": "罚款", "amount": r["fines_yuan"]})
    out.append({"section": "行政处罚", "label": "撤回公示（件）", "count": r["withdrawals"]})
    out += [
        {"section": "普法宣传", "label": label, "count": r["legal_education"][key]}
        for key, label in LEGAL_EDUCATION_KINDS.items()
    ]
    return out
