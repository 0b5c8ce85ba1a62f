"""Staff form input → plain values for the domain; a malformed value is a 400 naming the field in Chinese."""

from __future__ import annotations

import datetime as dt

from ..errors import PortalError
from ..schemas import MAX_ID, parse_int


def text(form, key: str) -> str:
    return (form.get(key) or "").strip()


def integer(form, key: str, label: str, required: bool = True) -> int | None:
    raw = text(form, key)
    if not raw:
        if required:
            raise PortalError("invalid", f"{label}：必填", 400)
        return None
    try:
        return parse_int(raw, 0, MAX_ID)
    except ValueError:
        raise PortalError("invalid", f"{label}：应为非负整数", 400) from None


def date(form, key: str, label: str, required: bool = True) -> dt.date | None:
    raw = text(form, key)
    if not raw:
        if required:
            raise PortalError("invalid", f"{label}：必填", 400)
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise PortalError("invalid", f"{label}：日期格式应为 YYYY-MM-DD", 400) from None


def ids(form, key: str, label: str) -> list[int]:
    try:
        return [parse_int(v, 0, MAX_ID) for v in form.getlist(key)]
    except ValueError:
        raise PortalError("invalid", f"{label}：选择无效", 400) from None


def pair(form, key: str, label: str) -> tuple[int, int]:
    """ "object id:inspector id" from one select (a drawn object and one of its inspectors)."""
    first, _, second = text(form, key).partition(":")
    try:
        return parse_int(first, 0, MAX_ID), parse_int(second, 0, MAX_ID)
    except ValueError:
        raise PortalError("invalid", f"{label}：选择无效", 400) from None


def object_data(form) -> dict:
    return {k: text(form, k) for k in ("name", "party_type", "credit_code", "address", "type")}


def inspector_data(form) -> dict:
    return {
        "user_id": integer(form, "user_id", "人员", required=False),
        "cert_number": text(form, "cert_number"),
        "category": text(form, "category"),
        "cert_valid_from": date(form, "cert_valid_from", "执法证有效期起"),
        "cert_valid_until": date(form, "cert_valid_until", "执法证有效期止"),
    }


def plan_data(form) -> dict:
    return {
        "title": text(form, "title"),
        "power_codes": form.getlist("power_codes"),
        "object_types": form.getlist("object_types"),
        "object_count": integer(form, "object_count", "抽取对象数量"),
        "inspectors_per_object": integer(form, "inspectors_per_object", "每个对象的执法人员数"),
        "period_start": date(form, "period_start", "检查期间开始"),
        "period_end": date(form, "period_end", "检查期间结束"),
        "public_value_source": text(form, "public_value_source"),
        "public_value_on": date(form, "public_value_on", "公开随机值产生日期"),
    }


def record_data(form) -> dict:
    return {
        "plan_id": integer(form, "plan_id", "抽查计划", required=False),
        "object_id": integer(form, "object_id", "检查对象"),
        "inspected_on": date(form, "inspected_on", "检查日期"),
        "inspector_ids": ids(form, "inspector_ids", "执法人员"),
        "power_codes": form.getlist("power_codes"),
        "findings": text(form, "findings"),
        "problems": integer(form, "problems", "发现问题点位", required=False) or 0,
        "rectification": text(form, "rectification"),
        "rectify_days": integer(form, "rectify_days", "整改期限（工作日）", required=False),
        "recheck_on": date(form, "recheck_on", "复查日期", required=False),
        "recheck_result": text(form, "recheck_result"),
        "corrected": integer(form, "corrected", "已整改问题点位", required=False) or 0,
        "referred_to": text(form, "referred_to"),
        "penalty_id": integer(form, "penalty_id", "关联处罚案件编号", required=False),
    }
