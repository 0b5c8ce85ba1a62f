"""The life of a 行政处罚决定: publishing, correcting, withdrawing and expiring decisions.

Every state change records a version (for tracing a case) and, when the public sees a difference, one entry of
the public change log in the same transaction, so /api/v1/changes replays exactly into the public export.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import PUBLIC_STATUSES, WITHDRAWAL_EVENTS, CreditChange, Penalty, PenaltyChange, PenaltyVersion
from . import publicity
from .public import public_view
from .publicity import is_public

# The columns a version records; identifiers are kept internally (the credit push needs them), never shown.
FIELDS = (
    "document_number",
    "party_name",
    "party_type",
    "uscc",
    "business_reg_no",
    "org_code",
    "tax_reg_no",
    "institution_cert_no",
    "social_org_cert_no",
    "legal_rep",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "id_type",
    "id_number",
    "violation",
    "facts",
    "basis",
    "categories",
    "content",
    "fine_yuan",
    "confiscated_yuan",
    "license_info",
    "decided_on",
    "valid_until",
    "publicity_until",
    "authority",
    "authority_code",
    "data_source",
    "data_source_code",
    "remarks",
    "power_code",
    "law_id",
    "article_number",
)
# What a correction may change: everything but the business key and the issuing office.
CORRECTABLE = tuple(f for f in FIELDS if f not in ("document_number", "publicity_until"))


def rules() -> publicity.Rules:
    """The publicity rules as configured for this deployment."""
    return publicity.Rules.from_config(current_app.config)


def snapshot(p: Penalty) -> dict:
    """Every recorded column of a decision as JSON values (internal: identifiers included)."""
    return {f: clock.json_value(getattr(p, f)) for f in FIELDS}


def _law_names(p: Penalty, rule: publicity.Rules) -> list[str]:
    # The linked law, and any law of the one-year list named in the typed basis (a basis may cite several).
    names = [p.law.name] if p.law else []
    return names + [law for law in rule.one_year_laws if law in (p.basis or "")]


def _record(p: Penalty, note: str, op: str | None, at: dt.datetime) -> None:
    db.session.add(
        PenaltyVersion(penalty=p, version=p.version, status=p.status, note=note, snapshot=snapshot(p), recorded_at=at)
    )
    if op:
        db.session.add(
            PenaltyChange(penalty_id=p.id, op=op, at=at, decision=public_view(p) if op in ("add", "update") else None)
        )
        # The credit platform hears of the same change, in the same transaction (the outbox).
        reason = {"withdraw": f"撤回（{p.withdrawal_event}）：{p.withdrawal_reason}", "expire": "公示期满，停止公示"}
        db.session.add(
            CreditChange(
                penalty_id=p.id,
                op="upsert" if op in ("add", "update") else "withdraw",
                note=reason.get(op, ""),
                created_at=at,
                updated_at=at,
            )
        )


def _refresh_period(p: Penalty, rule: publicity.Rules) -> None:
    p.publicity_until = publicity.publicity_until(p.decided_on, p.category_list, p.fine_yuan, _law_names(p, rule), rule)


def publish(p: Penalty, rule: publicity.Rules | None = None, at: dt.datetime | None = None) -> Penalty:
    """Publish a draft: fix its publicity period and, when it is public, announce it in the change log."""
    if p.status != "draft":
        raise PortalError("conflict", f"决定书 {p.document_number} 已发布，不能重复发布", 409)
    at = clock.utc(at)
    _refresh_period(p, rule or rules())
    p.status, p.published_at, p.updated_at = "published", at, at
    db.session.flush()
    _record(p, "发布", "add" if is_public(p, clock.local(at).date()) else None, at)
    return p


def correct(
    p: Penalty, changes: dict, note: str, rule: publicity.Rules | None = None, at: dt.datetime | None = None
) -> Penalty:
    """Correct a published decision (更正): a new version, the public page and feeds show it with the note."""
    if p.status not in PUBLIC_STATUSES:
        raise PortalError("conflict", f"决定书 {p.document_number} 当前状态不能更正", 409)
    if not note.strip():
        raise PortalError("bad_request", "更正须说明理由", 400)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise PortalError("bad_request", f"不能更正的字段：{'、'.join(sorted(unknown))}", 400)
    at = clock.utc(at)
    was_public = is_public(p, clock.local(at).date())
    for key, value in changes.items():
        setattr(p, key, value)
    _refresh_period(p, rule or rules())
    p.version += 1
    p.status, p.correction_note, p.updated_at = "corrected", note.strip(), at
    public = is_public(p, clock.local(at).date())
    op = "update" if was_public and public else "add" if public else "expire" if was_public else None
    _record(p, f"更正：{note.strip()}", op, at)
    return p


def withdraw(p: Penalty, event: str, event_on: dt.date, reason: str, at: dt.datetime | None = None) -> Penalty:
    """Withdraw (撤回) a published decision after it was changed, revoked, or confirmed illegal or void."""
    if p.status not in PUBLIC_STATUSES:
        raise PortalError("conflict", f"决定书 {p.document_number} 当前状态不能撤回", 409)
    if event not in WITHDRAWAL_EVENTS:
        raise PortalError("bad_request", f"撤回事由应为{'、'.join(WITHDRAWAL_EVENTS)}之一", 400)
    if not reason.strip():
        raise PortalError("bad_request", "撤回须公开说明理由", 400)
    # The event is what makes the withdrawal lawful, so it must already have happened, after the decision.
    latest = clock.local(at).date() if at else clock.today()
    if event_on > latest:
        raise PortalError("bad_request", f"事由发生日期 {event_on} 晚于今天，撤回只能在事由发生后进行", 400)
    if event_on < p.decided_on:
        raise PortalError("bad_request", f"事由发生日期 {event_on} 早于处罚决定日期 {p.decided_on}", 400)
    at = clock.utc(at)
    was_public = is_public(p, clock.local(at).date())
    p.status, p.withdrawal_event, p.withdrawal_event_on = "withdrawn", event, event_on
    p.withdrawal_reason, p.withdrawn_at, p.updated_at = reason.strip(), at, at
    p.version += 1
    _record(p, f"撤回：{event}，{reason.strip()}", "withdraw" if was_public else None, at)
    return p


def expire_due(day: dt.date | None = None, at: dt.datetime | None = None) -> int:
    """Mark every public decision whose publicity period ended before ``day`` as expired; returns how many.

    Public pages already hide such decisions by date; this records the expiry for the change log and history.
    Idempotent, cheap when nothing is due, safe to call before any read of the change log.
    """
    day = day or clock.today()
    at = clock.utc(at)
    due = db.session.scalars(
        select(Penalty).where(Penalty.status.in_(PUBLIC_STATUSES), Penalty.publicity_until < day)
    ).all()
    for p in due:
        p.status, p.updated_at = "expired", at
        p.version += 1
        _record(p, "公示期满", "expire", at)
    if due:
        db.session.commit()
    return len(due)


def preview(p: Penalty, rule: publicity.Rules | None = None) -> dict:
    """What publishing this draft would show the public, with the publicity period it would get; changes nothing."""
    rule = rule or rules()
    view = public_view(p)
    until = publicity.publicity_until(p.decided_on, p.category_list, p.fine_yuan, _law_names(p, rule), rule)
    view["publicity_until"] = until.isoformat() if until else None
    return view
