"""抽查计划 and their draw: create, publish (freeze the pools, commit to a secret), draw, and the public JSON.

Why nobody can steer the draw: when the plan is published the portal publishes the pool snapshots, their
SHA-256 and SHA-256(secret), and names a public value that does not exist yet (e.g. a lottery draw on a later
date). The seed combines the secret with that value and the pool hashes, so staff cannot pick a seed (the value
comes later and is public) and the public cannot either (the secret is hidden until the draw). The selection is
``drawing.draw``; anyone re-runs it with ``python -m portal.inspections.verify``. docs/inspections-draw.md.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select, update

from .. import audit, clock, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import (
    OBJECT_TYPES,
    SUBSTITUTION_REASONS,
    InspectionPlan,
    InspectionRecord,
    InspectionSubstitution,
    PowerItem,
)
from . import drawing, pools

# 行政处罚法 第四十二条 (reference text): "执法人员不得少于两人，法律另有规定的除外。" The office applies it to
# inspections too, and 第五十五条 has inspectors show their 执法证件, so each needs a valid certificate.
MIN_INSPECTORS = 2
INSPECTION_CATEGORY = "行政检查"


def _actor(user) -> str:
    return getattr(user, "username", None) or "system"


def _claim(plan: InspectionPlan, expected: str, new: str, message: str) -> None:
    """Move the plan from ``expected`` to ``new`` in one conditional UPDATE, so two people publishing or drawing
    at once cannot both succeed (the second finds the status changed and is refused)."""
    done = db.session.execute(
        update(InspectionPlan)
        .where(InspectionPlan.id == plan.id, InspectionPlan.status == expected)
        .values(status=new)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise PortalError("conflict", message, 409)
    plan.status = new


def inspection_items() -> list[PowerItem]:
    """The 行政检查 items of the 权责清单 in force: what a plan may check."""
    return list(
        db.session.scalars(
            select(PowerItem)
            .where(PowerItem.category == INSPECTION_CATEGORY, PowerItem.status != "取消")
            .order_by(PowerItem.code)
        )
    )


def plan_problems(data: dict) -> list[str]:
    problems = []
    if not (data.get("title") or "").strip() or len(data["title"].strip()) > 200:
        problems.append("计划名称：不能为空，不超过200字")
    known = {item.code for item in inspection_items()}
    codes = data.get("power_codes") or []
    if not codes:
        problems.append("抽查事项：至少选择一项权责清单中的行政检查事项")
    elif any(code not in known for code in codes):
        problems.append(f"抽查事项：{'、'.join(c for c in codes if c not in known)} 不是权责清单中有效的行政检查事项")
    types = data.get("object_types") or []
    if not types or any(t not in OBJECT_TYPES for t in types):
        problems.append(f"对象类型：至少选择一类，可选 {'、'.join(OBJECT_TYPES)}")
    count = data.get("object_count")
    if not isinstance(count, int) or not 1 <= count <= 1000:
        problems.append("抽取对象数量：应为 1 到 1000 之间的整数")
    per = data.get("inspectors_per_object")
    if not isinstance(per, int) or not MIN_INSPECTORS <= per <= 10:
        problems.append("每个对象的执法人员数：不得少于 2 人（行政处罚法第四十二条），不超过 10 人")
    start, end = data.get("period_start"), data.get("period_end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        problems.append("检查期间：应填写起止日期，结束日期不早于开始日期")
    if not (data.get("public_value_source") or "").strip() or len(data["public_value_source"].strip()) > 300:
        problems.append("公开随机值来源：应写明将来产生的公开数值（如某日某期彩票开奖号码），不超过300字")
    if not isinstance(data.get("public_value_on"), dt.date):
        problems.append("公开随机值产生日期：应填写日期")
    return problems


FIELDS = (
    "title",
    "power_codes",
    "object_types",
    "object_count",
    "inspectors_per_object",
    "period_start",
    "period_end",
    "public_value_source",
    "public_value_on",
)


def _state(plan: InspectionPlan) -> dict:
    out = {k: getattr(plan, k) for k in FIELDS}
    out.update(status=plan.status)
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in out.items()}


def save(plan: InspectionPlan | None, data: dict, user) -> InspectionPlan:
    """Create or change a draft plan; a published plan is frozen."""
    permissions.require(user, "inspection.plan")
    if plan is not None and plan.status != "draft":
        raise PortalError("conflict", "计划已公布，不能再修改", 409)
    problems = plan_problems(data)
    if problems:
        raise PortalError("invalid", "；".join(problems), 400)
    before = _state(plan) if plan else None
    if plan is None:
        plan = InspectionPlan(created_by=getattr(user, "id", None))
        db.session.add(plan)
    for key in FIELDS:
        value = data[key]
        setattr(plan, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    audit.record(_actor(user), "inspection.plan", f"inspection_plan:{plan.id}", before, _state(plan))
    return plan


def publish(plan: InspectionPlan, user) -> InspectionPlan:
    """Freeze the pools, commit to a fresh secret and make the plan public. Refused when the public value
    already exists (its day has come) or when the pools cannot yield the draw the plan asks for."""
    permissions.require(user, "inspection.plan")
    if plan.status != "draft":
        raise PortalError("conflict", "计划已公布", 409)
    today = clock.today()
    if plan.public_value_on <= today:
        raise PortalError(
            "invalid",
            f"公开随机值产生日期（{plan.public_value_on}）应晚于公布之日（{today}），否则抽取可被预先操控",
            400,
        )
    objects = pools.object_snapshot(plan.object_types)
    inspectors = pools.inspector_snapshot(plan.period_start, plan.period_end, [o["id"] for o in objects])
    if len(objects) < plan.object_count:
        raise PortalError(
            "invalid",
            f"检查对象名录库中符合类型的对象只有 {len(objects)} 个，少于计划抽取的 {plan.object_count} 个",
            400,
        )
    short = [
        o["id"]
        for o in objects
        if sum(1 for i in inspectors if o["id"] not in i["recuse"]) < plan.inspectors_per_object
    ]
    if short:
        raise PortalError(
            "invalid",
            f"执法证在检查期间内有效、且无需回避的执法人员不足 {plan.inspectors_per_object} 名的对象：{short[:10]}",
            400,
        )
    _claim(plan, "draft", "published", "计划已公布")
    plan.secret = secrets.token_hex(32)
    plan.commitment = drawing.commitment(plan.secret)
    plan.objects_snapshot, plan.inspectors_snapshot = objects, inspectors
    plan.objects_hash, plan.inspectors_hash = drawing.pool_hash(objects), drawing.pool_hash(inspectors)
    plan.published_on = today
    audit.record(
        _actor(user),
        "inspection.publish",
        f"inspection_plan:{plan.id}",
        {"status": "draft"},
        {
            "status": "published",
            "commitment": plan.commitment,
            "objects_hash": plan.objects_hash,
            "inspectors_hash": plan.inspectors_hash,
        },
    )
    return plan


def run_draw(plan: InspectionPlan, public_value: str, user) -> InspectionPlan:
    """Enter the named public value and draw; the secret is revealed with the result."""
    permissions.require(user, "inspection.draw")
    if plan.status != "published":
        raise PortalError("conflict", "只有已公布、尚未抽取的计划可以抽取", 409)
    value = drawing.normalise_public_value(public_value)
    if not value or len(value) > 300:
        raise PortalError("invalid", "公开随机值：不能为空，不超过300字", 400)
    today = clock.today()
    if today < plan.public_value_on:
        raise PortalError("invalid", f"公开随机值将于 {plan.public_value_on} 产生，此前不能抽取", 400)
    seed = drawing.seed(plan.secret, value, plan.objects_hash, plan.inspectors_hash)
    try:
        result = drawing.draw(
            seed, plan.objects_snapshot, plan.inspectors_snapshot, plan.object_count, plan.inspectors_per_object
        )
    except drawing.DrawError as err:
        raise PortalError("invalid", str(err), 400) from None
    _claim(plan, "published", "drawn", "该计划已由他人抽取")
    plan.public_value, plan.seed, plan.result = value, seed, result
    plan.drawn_at = clock.utc()
    audit.record(
        _actor(user),
        "inspection.draw",
        f"inspection_plan:{plan.id}",
        {"status": "published"},
        {"status": "drawn", "public_value": value, "secret": plan.secret, "seed": seed, "result": result},
    )
    return plan


def substitutions(plan: InspectionPlan) -> list[InspectionSubstitution]:
    """The plan's substitutions in the order they were recorded (the order the rule applies them in)."""
    return list(
        db.session.scalars(
            select(InspectionSubstitution)
            .where(InspectionSubstitution.plan_id == plan.id)
            .order_by(InspectionSubstitution.id)
        )
    )


def teams(plan: InspectionPlan) -> list[dict]:
    """Who inspects each drawn object now: the draw's result with the substitutions applied, in draw order."""
    if plan.status != "drawn":
        return []
    done = [{"object_id": s.object_id, "out": s.out_inspector_id} for s in substitutions(plan)]
    return drawing.substitute(plan.seed, plan.result, plan.inspectors_snapshot, done)[0]


def substitute(plan: InspectionPlan, object_id: int, out_id: int, reason_kind: str, reason: str, user):
    """Replace a drawn inspector who cannot serve an object. The replacement is not chosen by staff: it is the
    next one in the object's ranked order from the public seed (``drawing.substitute``), so anyone re-computes
    it from the public JSON. Refused (nothing written) for a plan not drawn, an object already inspected, an
    inspector not in that object's team, an unknown reason, or when nobody eligible is left."""
    permissions.require(user, "inspection.substitute")
    # One substitution at a time per plan: the replacement depends on every one recorded before it.
    plan = db.session.scalar(select(InspectionPlan).where(InspectionPlan.id == plan.id).with_for_update())
    if plan.status != "drawn":
        raise PortalError("conflict", "只有已抽取的计划可以替换执法人员", 409)
    problems = []
    if reason_kind not in SUBSTITUTION_REASONS:
        problems.append(f"替换原因：应为 {'、'.join(SUBSTITUTION_REASONS.values())} 之一")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        problems.append("情况说明：不能为空，不超过200字")
    inspected = db.session.scalar(
        select(InspectionRecord.id).where(InspectionRecord.plan_id == plan.id, InspectionRecord.object_id == object_id)
    )
    if inspected is not None:
        problems.append("检查对象：该对象已登记检查记录，不能再替换执法人员")
    if problems:
        raise PortalError("invalid", "；".join(problems), 400)
    earlier = [{"object_id": s.object_id, "out": s.out_inspector_id} for s in substitutions(plan)]
    try:
        _, replacements = drawing.substitute(
            plan.seed, plan.result, plan.inspectors_snapshot, [*earlier, {"object_id": object_id, "out": out_id}]
        )
    except drawing.DrawError as err:
        raise PortalError("invalid", str(err).split("：", 1)[-1], 400) from None
    row = InspectionSubstitution(
        plan_id=plan.id,
        object_id=object_id,
        out_inspector_id=out_id,
        in_inspector_id=replacements[-1],
        reason_kind=reason_kind,
        reason=reason,
        recorded_on=clock.today(),
        created_by=getattr(user, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        _actor(user),
        "inspection.substitute",
        f"inspection_plan:{plan.id}",
        None,
        {
            "object_id": object_id,
            "out": out_id,
            "in": row.in_inspector_id,
            "reason_kind": reason_kind,
            "reason": reason,
        },
    )
    return row


def substitution_view(s: InspectionSubstitution) -> dict:
    return {
        "object_id": s.object_id,
        "out": s.out_inspector_id,
        "in": s.in_inspector_id,
        "reason_kind": s.reason_kind,
        "reason_name": SUBSTITUTION_REASONS.get(s.reason_kind, s.reason_kind),
        "reason": s.reason,
        "recorded_on": s.recorded_on.isoformat(),
    }


def plan_view(plan: InspectionPlan) -> dict:
    """The plan as published (no secret before the draw)."""
    items = {i.code: i.name for i in inspection_items()}
    return {
        "id": plan.id,
        "title": plan.title,
        "items": [{"code": c, "name": items.get(c, "")} for c in plan.power_codes],
        "object_types": list(plan.object_types),
        "object_count": plan.object_count,
        "inspectors_per_object": plan.inspectors_per_object,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "public_value_source": plan.public_value_source,
        "public_value_on": plan.public_value_on.isoformat(),
        "published_on": plan.published_on.isoformat() if plan.published_on else None,
        "status": plan.status,
    }


def draw_document(plan: InspectionPlan) -> dict:
    """Everything a verifier needs, in one JSON document (format ``drawing.FORMAT``). Before the draw the
    ``draw`` member is null: the pools, their hashes and the commitment are public from publication on."""
    if plan.status not in ("published", "drawn"):
        raise PortalError("not_found", "该计划尚未公布", 404)
    doc = {
        "format": drawing.FORMAT,
        "plan": plan_view(plan),
        "pools": {"objects": plan.objects_snapshot, "inspectors": plan.inspectors_snapshot},
        "hashes": {"objects": plan.objects_hash, "inspectors": plan.inspectors_hash},
        "commitment": plan.commitment,
        "draw": None,
    }
    if plan.status == "drawn":
        doc["draw"] = {
            "public_value": plan.public_value,
            "secret": plan.secret,
            "seed": plan.seed,
            "drawn_at": clock.local(plan.drawn_at).isoformat(timespec="seconds"),
            "result": plan.result,
            "substitution_rule": drawing.SUBSTITUTION_RULE,
            "substitutions": [substitution_view(s) for s in substitutions(plan)],
            "teams": teams(plan),
        }
    return doc
