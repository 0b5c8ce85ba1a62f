"""The 检查对象名录库 and the 执法检查人员名录库: entries, 回避 links, CSV import, and the public snapshots a plan
freezes when it is published.

Every change is permission-checked and audited here, whatever calls it (a page, the CLI, an import).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import select

from publish.checks import uscc_problem

from .. import audit, masking, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import OBJECT_PARTY_TYPES, OBJECT_TYPES, InspectionObject, Inspector, Recusal, User
from . import changelog

CSV_COLUMNS = ("名称", "主体类型", "统一社会信用代码", "地址", "对象类型")


def _actor(user) -> str:
    return getattr(user, "username", None) or "system"


def object_problems(data: dict, exclude_id: int | None = None) -> dict[str, str]:
    """Field → Chinese message for an object's data (name, party_type, credit_code, address, type)."""
    problems = {}
    if not (data.get("name") or "").strip():
        problems["name"] = "名称不能为空"
    elif len(data["name"].strip()) > 200:
        problems["name"] = "名称不能超过200字"
    if data.get("party_type") not in OBJECT_PARTY_TYPES:
        problems["party_type"] = f"主体类型应为：{'、'.join(OBJECT_PARTY_TYPES)}"
    if data.get("type") not in OBJECT_TYPES:
        problems["type"] = f"对象类型应为：{'、'.join(OBJECT_TYPES)}"
    code = (data.get("credit_code") or "").strip().upper()
    if code:
        problem = uscc_problem(code)
        if problem:
            problems["credit_code"] = problem
        else:
            taken = db.session.scalar(select(InspectionObject.id).where(InspectionObject.credit_code == code))
            if taken is not None and taken != exclude_id:
                problems["credit_code"] = f"统一社会信用代码已在名录库中（对象 {taken}）"
    elif data.get("party_type") == "法人及非法人组织":
        problems["credit_code"] = "法人及非法人组织应填写统一社会信用代码"
    if len((data.get("address") or "").strip()) > 300:
        problems["address"] = "地址不能超过300字"
    return problems


def _clean(data: dict) -> dict:
    return {
        "name": data["name"].strip(),
        "party_type": data["party_type"],
        "credit_code": (data.get("credit_code") or "").strip().upper() or None,
        "address": (data.get("address") or "").strip(),
        "type": data["type"],
    }


def _object_state(o: InspectionObject) -> dict:
    return {k: getattr(o, k) for k in ("name", "party_type", "credit_code", "address", "type", "active")}


FIELD_NAMES = {
    "name": "名称",
    "party_type": "主体类型",
    "credit_code": "统一社会信用代码",
    "address": "地址",
    "type": "对象类型",
}


def save_object(obj: InspectionObject | None, data: dict, user) -> InspectionObject:
    """Add an object (``obj`` None) or change one; a bad field raises a 400 naming it, nothing written."""
    permissions.require(user, "inspection.pools")
    problems = object_problems(data, exclude_id=obj.id if obj else None)
    if problems:
        raise PortalError("invalid", "；".join(f"{FIELD_NAMES[k]}：{v}" for k, v in problems.items()), 400)
    before = _object_state(obj) if obj else None
    if obj is None:
        obj = InspectionObject(**_clean(data))
        db.session.add(obj)
    else:
        for key, value in _clean(data).items():
            setattr(obj, key, value)
    db.session.flush()
    if before is not None and before != _object_state(obj):
        # Published results show the entry's public view (name or mask, code, address, type): they changed too.
        changelog.note(changelog.published_of_object(obj.id), "update")
    audit.record(_actor(user), "inspection.object", f"inspection_object:{obj.id}", before, _object_state(obj))
    return obj


def set_object_active(obj: InspectionObject, active: bool, user) -> None:
    permissions.require(user, "inspection.pools")
    before = _object_state(obj)
    obj.active = active
    audit.record(_actor(user), "inspection.object", f"inspection_object:{obj.id}", before, _object_state(obj))


def decode_csv(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (Excel's Chinese default); neither → a 400."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PortalError("invalid", "文件编码无法识别：请另存为 UTF-8 或 GB18030（GBK）编码的 CSV", 400)


def import_objects_csv(raw: bytes, user) -> list[InspectionObject]:
    """Import objects from a CSV with the columns 名称,主体类型,统一社会信用代码,地址,对象类型: all rows or none.

    Every problem is reported as 第N行 字段 X: message (the header is line 1), then nothing is written.
    """
    permissions.require(user, "inspection.pools")
    reader = csv.DictReader(io.StringIO(decode_csv(raw)))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PortalError("invalid", f"CSV 缺少列：{'、'.join(missing)}（第1行应为 {','.join(CSV_COLUMNS)}）", 400)
    rows, errors, codes = [], [], {}
    for line, row in enumerate(reader, start=2):
        data = {
            "name": row.get("名称") or "",
            "party_type": (row.get("主体类型") or "").strip(),
            "credit_code": row.get("统一社会信用代码") or "",
            "address": row.get("地址") or "",
            "type": (row.get("对象类型") or "").strip(),
        }
        problems = object_problems(data)
        code = (data["credit_code"] or "").strip().upper()
        if code and "credit_code" not in problems:
            if code in codes:
                problems["credit_code"] = f"与第{codes[code]}行的统一社会信用代码重复"
            codes[code] = line
        for key, message in problems.items():
            errors.append(f"第{line}行 字段“{FIELD_NAMES[key]}”：{message}")
        rows.append(data)
    if errors:
        raise PortalError("invalid", "导入失败，未写入任何数据。" + "；".join(errors), 400)
    if not rows:
        raise PortalError("invalid", "CSV 中没有数据行", 400)
    created = []
    for data in rows:
        obj = InspectionObject(**_clean(data))
        db.session.add(obj)
        created.append(obj)
    db.session.flush()
    audit.record(_actor(user), "inspection.import", "inspection_objects", None, {"ids": [o.id for o in created]})
    return created


def _inspector_state(i: Inspector) -> dict:
    return {
        "user_id": i.user_id,
        "cert_number": i.cert_number,
        "category": i.category,
        "cert_valid_from": i.cert_valid_from.isoformat(),
        "cert_valid_until": i.cert_valid_until.isoformat(),
        "active": i.active,
    }


def save_inspector(inspector: Inspector | None, data: dict, user) -> Inspector:
    """Add a staff account to the inspector pool (or change its certificate): user_id, cert_number, category,
    cert_valid_from, cert_valid_until (dates)."""
    permissions.require(user, "inspection.pools")
    problems = []
    account = db.session.get(User, data.get("user_id")) if data.get("user_id") else None
    if account is None or not account.active:
        problems.append("人员：应选择一个在用的工作人员账号")
    cert = (data.get("cert_number") or "").strip()
    if not cert or len(cert) > 40:
        problems.append("执法证号：不能为空，不超过40字")
    category = (data.get("category") or "").strip()
    if not category or len(category) > 60:
        problems.append("执法类别/区域：不能为空，不超过60字")
    start, end = data.get("cert_valid_from"), data.get("cert_valid_until")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        problems.append("执法证有效期：应填写起止日期，截止日期不早于起始日期")
    if not problems:
        other = db.session.scalar(select(Inspector).where(Inspector.cert_number == cert))
        if other is not None and other is not inspector:
            problems.append("执法证号：已被其他人员使用")
        same = db.session.scalar(select(Inspector).where(Inspector.user_id == account.id))
        if same is not None and same is not inspector:
            problems.append("人员：该账号已在执法检查人员名录库中")
    if problems:
        raise PortalError("invalid", "；".join(problems), 400)
    before = _inspector_state(inspector) if inspector else None
    if inspector is None:
        inspector = Inspector(
            user_id=account.id,
            cert_number=cert,
            category=category,
            cert_valid_from=start,
            cert_valid_until=end,
            active=True,
        )
        db.session.add(inspector)
    else:
        inspector.user_id, inspector.cert_number, inspector.category = account.id, cert, category
        inspector.cert_valid_from, inspector.cert_valid_until = start, end
    db.session.flush()
    audit.record(_actor(user), "inspection.inspector", f"inspector:{inspector.id}", before, _inspector_state(inspector))
    return inspector


def add_recusal(inspector: Inspector, obj: InspectionObject, reason: str, user) -> Recusal:
    """回避: ``inspector`` never inspects ``obj`` (excluded before every draw published from now on, refused on
    records); plans already published keep the snapshot they froze."""
    permissions.require(user, "inspection.pools")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise PortalError("invalid", "回避事由：不能为空，不超过200字", 400)
    exists = db.session.scalar(select(Recusal).where(Recusal.inspector_id == inspector.id, Recusal.object_id == obj.id))
    if exists is not None:
        raise PortalError("conflict", "该回避关系已登记", 409)
    link = Recusal(inspector_id=inspector.id, object_id=obj.id, reason=reason[:200])
    db.session.add(link)
    db.session.flush()
    audit.record(
        _actor(user),
        "inspection.recusal",
        f"inspector:{inspector.id}",
        None,
        {"object_id": obj.id, "reason": link.reason},
    )
    return link


def remove_recusal(link: Recusal, reason: str, user) -> None:
    """End a 回避 link (the relation no longer exists, or it was entered in error), with the reason why. Like
    adding one, it counts for plans published from now on: a published plan's snapshot keeps its ``recuse``."""
    permissions.require(user, "inspection.pools")
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise PortalError("invalid", "解除回避的理由：不能为空，不超过200字", 400)
    before = {"object_id": link.object_id, "reason": link.reason}
    inspector_id = link.inspector_id
    db.session.delete(link)
    db.session.flush()
    audit.record(
        _actor(user),
        "inspection.recusal_remove",
        f"inspector:{inspector_id}",
        before,
        {"object_id": before["object_id"], "removed": True, "reason": reason},
    )


def recused(inspector_id: int, object_id: int) -> bool:
    return (
        db.session.scalar(
            select(Recusal.id).where(Recusal.inspector_id == inspector_id, Recusal.object_id == object_id)
        )
        is not None
    )


# ---- public snapshots (what a published plan freezes) ----


def public_object(o: InspectionObject) -> dict:
    """An object as the public sees it: a business by name; a natural person (or a 个体工商户 named after its
    operator) masked as on decisions, without address or code."""
    name, masked = masking.public_party(o.party_type, o.name, None)
    entry = {"id": o.id, "name": name, "type": o.type}
    if not masked:
        entry["credit_code"] = o.credit_code or ""
        entry["address"] = o.address
    return entry


def object_snapshot(types: list[str]) -> list[dict]:
    rows = db.session.scalars(
        select(InspectionObject)
        .where(InspectionObject.active.is_(True), InspectionObject.type.in_(types))
        .order_by(InspectionObject.id)
    )
    return [public_object(o) for o in rows]


def inspector_snapshot(start: dt.date, end: dt.date, object_ids: list[int]) -> list[dict]:
    """Inspectors whose certificate covers the whole period, each with the pool objects they must not inspect."""
    wanted = set(object_ids)
    out = []
    for i in db.session.scalars(select(Inspector).where(Inspector.active.is_(True)).order_by(Inspector.id)):
        if not (i.user.active and i.cert_valid_from <= start and i.cert_valid_until >= end):
            continue
        recuse = sorted(
            oid
            for oid in db.session.scalars(select(Recusal.object_id).where(Recusal.inspector_id == i.id))
            if oid in wanted
        )
        out.append(
            {
                "id": i.id,
                "name": i.name,
                "cert_number": i.cert_number,
                "category": i.category,
                "cert_valid_from": i.cert_valid_from.isoformat(),
                "cert_valid_until": i.cert_valid_until.isoformat(),
                "recuse": recuse,
            }
        )
    return out


def set_inspector_active(inspector: Inspector, active: bool, user) -> None:
    """Take an inspector out of the pool (left the team, certificate withdrawn) or back in; audited."""
    permissions.require(user, "inspection.pools")
    before = _inspector_state(inspector)
    inspector.active = active
    audit.record(_actor(user), "inspection.inspector", f"inspector:{inspector.id}", before, _inspector_state(inspector))
