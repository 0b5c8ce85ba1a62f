"""Drafting a decision: saving what staff typed, and checking it against the credit-format rules.

The rules live once, in publish/format.py; here their problems are mapped back to the form's fields, so the
form says in Chinese, beside each field, what is wrong (check characters, conditional fields by party type,
the fine when the category includes 罚款, dates in order), and against the legal range of the chosen 权责清单 item
(penalties/ranges.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from publish import format as credit_format
from publish.fields import FIELDS

from .. import audit, clock, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import Law, Penalty, User
from ..penalties import credit, lifecycle, ranges

FIELD_OF_CODE = {f.code: f.source for f in FIELDS}
# The Chinese name of each field, for messages that list problems away from the form.
LABELS = {f.source: f.name for f in FIELDS}
# Fields the form edits (the office's own codes come from configuration, the period from the rules).
EDITABLE = (
    *(
        f
        for f in lifecycle.FIELDS
        if f not in lifecycle.PUBLICITY_FIELDS
        and f not in ("authority", "authority_code", "data_source", "data_source_code")
    ),
    "major",
)
NULLABLE = ("fine_yuan", "confiscated_yuan", "law_id", "article_number", "power_code", "party_birth_date")
OFFICE_CODES = ("CF_CFJG", "CF_CFJGDM", "CF_SJLY", "CF_SJLYDM", "CF_GSJZQ")


def problems_by_field(p: Penalty, today: dt.date | None = None) -> dict[str, list[str]]:
    """{form field: [messages]} for every rule the decision breaks (office codes are configuration's job)."""
    record = credit.record_for(p)
    out: dict[str, list[str]] = {}
    for line in credit_format.problems(record, today or clock.today()):
        code, _, message = line.partition("）: ")
        code = code.split("（", 1)[0]
        if code in OFFICE_CODES:
            continue
        out.setdefault(FIELD_OF_CODE.get(code, code), []).append(message)
    # The law's range for the item: an amount outside a confirmed range, or a mandatory 警告 missing, is refused.
    for finding in ranges.refusals(ranges.check_decision(ranges.current(), p)):
        out.setdefault(finding.field, []).append(finding.message)
    return out


def range_warnings(p: Penalty) -> list[str]:
    """What the item's range only warns of (an unconfirmed range, a basis or facts the article does not fit)."""
    return [f.message for f in ranges.warnings(ranges.check_decision(ranges.current(), p))]


def save(p: Penalty | None, data: dict, user: User) -> Penalty:
    """Create or update a draft from form data (already typed by the form); records the change in the audit."""
    if p is not None and p.status != "draft":
        raise PortalError("conflict", "已发布的决定请使用“更正”", 409)
    if p is not None and p.review_stage not in ("draft", "returned"):
        raise PortalError("conflict", "审核中的决定不能修改，请待退回后再改", 409)
    permissions.require(user, "penalty.draft", p, "只能修改自己起草的决定" if p is not None else None)
    if data.get("law_id") and db.session.get(Law, data["law_id"]) is None:
        raise PortalError("bad_request", "所选法律不存在", 400)
    if data.get("power_code") and not data.get("basis"):
        data = {**data, **_basis_from_item(data["power_code"])}
    before = lifecycle.snapshot(p) if p else None
    if p is None:
        cfg = credit.office()
        p = Penalty(
            status="draft",
            review_stage="draft",
            created_by=user.id,
            authority=cfg["CF_CFJG"],
            authority_code=cfg["CF_CFJGDM"],
            data_source=cfg["CF_SJLY"],
            data_source_code=cfg["CF_SJLYDM"],
        )
        db.session.add(p)
    for key in EDITABLE:
        if key in data:
            value = data[key]
            if key in ("fine_yuan", "confiscated_yuan") and value not in (None, ""):
                value = Decimal(value)
            setattr(
                p,
                key,
                value if value is not None or key in NULLABLE else "",
            )
    db.session.flush()
    audit.record(user.username, "penalty.save", f"penalty:{p.id}", before, lifecycle.snapshot(p))
    return p


def item_defaults(code: str) -> dict:
    """What choosing a 权责清单 item fills in a draft: the 处罚依据 (its 设定依据 citations), the law and article to
    link, and the item's field (领域), all from the seed data in the database. A 404 for an unknown item."""
    from ..powers.items import get_item

    item = get_item(code)
    defaults = {"basis": "", "law_id": None, "article_number": None, **_basis_from_item(code)}
    return {**defaults, "code": item.code, "name": item.name, "field": item.field or ""}


def _basis_from_item(code: str) -> dict:
    """The 权责清单 item's 设定依据 (the article that sets the penalty; else its 实施依据) as the decision's 处罚依据,
    linked to the law and article where known."""
    from ..powers.items import bases_view, get_item

    item = get_item(code)
    views = bases_view(item.bases)
    chosen = [v for v in views if v["role"] == "设定依据"] or views
    if not chosen:
        return {}
    first = next(b for b in item.bases if b.law.name == chosen[0]["law"])
    return {
        "basis": "；".join(v["citation"] for v in chosen),
        "law_id": first.law_id,
        "article_number": first.article_number,
    }


def check_complete(p: Penalty) -> None:
    """Raise a 400 naming every problem when the draft cannot go to review yet."""
    found = problems_by_field(p)
    if found:
        lines = [f"{LABELS.get(field, field)}：{'；'.join(messages)}" for field, messages in found.items()]
        raise PortalError("bad_request", "决定信息不完整或有误：" + " / ".join(lines), 400)
