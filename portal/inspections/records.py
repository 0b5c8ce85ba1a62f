"""检查记录 (台账): one inspection of one object, from a draw (双随机) or from 日常巡查, its 整改 deadline in
working days, the 复查, a 移送 and a link to a penalty case; results are published within 20 working days.

Rules checked here whatever the caller: at least two inspectors (行政处罚法 第四十二条, applied to inspections),
each with a 执法证 valid on the day and not recused from the object; a record from a draw names an object the
draw chose and the inspectors drawn for it (after any substitution, ``plans.teams``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import audit, clock, deadlines, masking, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import InspectionObject, InspectionPlan, InspectionRecord, Inspector, Penalty
from . import changelog, plans, pools

TEXT_LIMIT = 2000


def _actor(user) -> str:
    return getattr(user, "username", None) or "system"


def result_due(inspected_on: dt.date, calendar: deadlines.Calendar) -> dt.date:
    """Results are published within 20 working days of the inspection (``deadlines.INSPECTION_RESULT_WITHIN``)."""
    return deadlines.inspection_result_due(inspected_on, calendar)


def _state(r: InspectionRecord) -> dict:
    keys = (
        "plan_id",
        "object_id",
        "source",
        "inspected_on",
        "inspector_ids",
        "power_codes",
        "findings",
        "problems",
        "rectification",
        "rectify_days",
        "rectify_due",
        "recheck_on",
        "recheck_result",
        "corrected",
        "referred_to",
        "penalty_id",
    )
    return {k: (v.isoformat() if isinstance(v := getattr(r, k), dt.date) else v) for k in keys}


def save(record: InspectionRecord | None, data: dict, user, calendar: deadlines.Calendar) -> InspectionRecord:
    """Create or change a record. ``data``: plan_id (or None for 日常巡查), object_id, inspected_on (date),
    inspector_ids, power_codes, findings, problems, rectification, rectify_days, recheck_on, recheck_result,
    corrected, referred_to, penalty_id. Any problem raises a 400 listing them all; nothing is written."""
    permissions.require(user, "inspection.record")
    problems = []
    plan = db.session.get(InspectionPlan, data["plan_id"]) if data.get("plan_id") else None
    if data.get("plan_id") and (plan is None or plan.status != "drawn"):
        problems.append("抽查计划：该计划不存在或尚未抽取")
    obj = db.session.get(InspectionObject, data.get("object_id")) if data.get("object_id") else None
    if obj is None:
        problems.append("检查对象：应选择名录库中的对象")
    day = data.get("inspected_on")
    today = clock.today()
    if not isinstance(day, dt.date):
        problems.append("检查日期：应填写日期")
        day = None
    elif day > today:
        problems.append("检查日期：不能晚于今天")
    ids = [int(i) for i in data.get("inspector_ids") or []]
    if len(set(ids)) < plans.MIN_INSPECTORS:
        problems.append("执法人员：不得少于 2 人（行政处罚法第四十二条）")
    inspectors = [db.session.get(Inspector, i) for i in dict.fromkeys(ids)]
    for inspector, iid in zip(inspectors, dict.fromkeys(ids), strict=True):
        if inspector is None:
            problems.append(f"执法人员：{iid} 不在执法检查人员名录库中")
        elif day and not inspector.valid_on(day):
            problems.append(f"执法人员：{inspector.name}（{inspector.cert_number}）的执法证在 {day} 无效，不能登记")
        elif obj is not None and pools.recused(inspector.id, obj.id):
            problems.append(f"执法人员：{inspector.name} 与该对象存在回避关系")
    if plan is not None and plan.status == "drawn" and obj is not None:
        drawn = {r["object_id"]: r["inspector_ids"] for r in plans.teams(plan)}
        if obj.id not in drawn:
            problems.append("检查对象：不是该计划抽中的对象")
        elif sorted(set(ids)) != sorted(drawn[obj.id]):
            problems.append("执法人员：应为该对象抽中的执法人员（有替换的，为替换后的人员）")
        if day and not plan.period_start <= day <= plan.period_end:
            problems.append(f"检查日期：应在计划检查期间 {plan.period_start} 至 {plan.period_end} 之内")
    known = {i.code for i in plans.inspection_items()}
    codes = list(dict.fromkeys(data.get("power_codes") or []))
    if not codes or any(c not in known for c in codes):
        problems.append("检查事项：至少选择一项权责清单中的行政检查事项")
    for key, label in (("findings", "检查情况"), ("rectification", "整改要求"), ("recheck_result", "复查结果")):
        if len(data.get(key) or "") > TEXT_LIMIT:
            problems.append(f"{label}：不超过{TEXT_LIMIT}字")
    if not (data.get("findings") or "").strip():
        problems.append("检查情况：不能为空")
    found, corrected = data.get("problems") or 0, data.get("corrected") or 0
    if not isinstance(found, int) or found < 0 or not isinstance(corrected, int) or not 0 <= corrected <= found:
        problems.append("问题点位：发现数应为非负整数，已整改数不超过发现数")
    days = data.get("rectify_days")
    if (data.get("rectification") or "").strip():
        if not isinstance(days, int) or not 1 <= days <= 90:
            problems.append("整改期限：有整改要求时应填写 1 到 90 个工作日")
    elif days:
        problems.append("整改期限：没有整改要求时不填")
    recheck = data.get("recheck_on")
    if recheck is not None and (not isinstance(recheck, dt.date) or (day and recheck < day) or recheck > today):
        problems.append("复查日期：应在检查日期之后、不晚于今天")
    if (data.get("recheck_result") or "").strip() and recheck is None:
        problems.append("复查日期：填写复查结果时应填写复查日期")
    if len(data.get("referred_to") or "") > 100:
        problems.append("移送部门：不超过100字")
    if data.get("penalty_id") and db.session.get(Penalty, data["penalty_id"]) is None:
        problems.append(f"关联处罚案件：{data['penalty_id']} 不存在")
    if problems:
        raise PortalError("invalid", "；".join(problems), 400)

    before = _state(record) if record else None
    if record is None:
        record = InspectionRecord(created_by=getattr(user, "id", None))
        db.session.add(record)
    record.plan_id = plan.id if plan else None
    record.source = "draw" if plan else "patrol"
    record.object_id, record.inspected_on = obj.id, day
    record.inspector_ids = [i.id for i in inspectors]
    record.inspectors = [{"id": i.id, "name": i.name, "cert_number": i.cert_number} for i in inspectors]
    record.power_codes = codes
    record.findings = data["findings"].strip()
    record.problems, record.corrected = found, corrected
    record.rectification = (data.get("rectification") or "").strip()
    record.rectify_days = days if record.rectification else None
    record.rectify_due = deadlines.add_working_days(day, days, calendar) if record.rectification else None
    record.recheck_on = recheck
    record.recheck_result = (data.get("recheck_result") or "").strip()
    record.referred_to = (data.get("referred_to") or "").strip()
    record.penalty_id = data.get("penalty_id") or None
    db.session.flush()
    if record.published_at is not None and before != _state(record):
        changelog.note([record.id], "update")  # the public already reads this result: mirrors must hear of it
    audit.record(_actor(user), "inspection.record", f"inspection_record:{record.id}", before, _state(record))
    return record


def publish(record: InspectionRecord, user) -> InspectionRecord:
    """Make the record's result public (it then appears on /inspections)."""
    permissions.require(user, "inspection.record")
    if record.published_at is not None:
        raise PortalError("conflict", "该检查结果已公开", 409)
    record.published_at = clock.utc()
    db.session.flush()
    changelog.note([record.id], "add", record.published_at)
    audit.record(
        _actor(user),
        "inspection.record_publish",
        f"inspection_record:{record.id}",
        None,
        {"published_at": record.published_at.isoformat()},
    )
    return record


def unpublished() -> list[InspectionRecord]:
    return list(
        db.session.scalars(
            select(InspectionRecord)
            .where(InspectionRecord.published_at.is_(None))
            .order_by(InspectionRecord.inspected_on, InspectionRecord.id)
        )
    )


def public_record(r: InspectionRecord) -> dict:
    """A record as the public sees it: a business by name, a natural person masked, identifiers removed."""
    obj = pools.public_object(r.object)
    names = [(r.object.name, obj["name"])] if obj["name"] != r.object.name else []

    def text(value: str) -> str:
        return masking.scrub(value, names)[0]

    return {
        "id": r.id,
        "plan_id": r.plan_id,
        "source": r.source,
        "source_name": r.source_name,
        "object": obj,
        "inspected_on": r.inspected_on.isoformat(),
        "inspectors": [{"name": i["name"], "cert_number": i["cert_number"]} for i in r.inspectors],
        "items": list(r.power_codes),
        "findings": text(r.findings),
        "problems": r.problems,
        "rectification": text(r.rectification),
        "rectify_due": r.rectify_due.isoformat() if r.rectify_due else None,
        "recheck_on": r.recheck_on.isoformat() if r.recheck_on else None,
        "recheck_result": text(r.recheck_result),
        "corrected": r.corrected,
        "referred_to": r.referred_to,
        "penalty_id": r.penalty_id,
        "published_at": clock.local(r.published_at).isoformat(timespec="seconds") if r.published_at else None,
    }
