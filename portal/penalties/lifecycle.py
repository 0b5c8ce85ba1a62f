"""The life of a 行政处罚决定: publishing, correcting, withdrawing and expiring decisions.

Every state change records a version (for tracing a case) and, when the public sees a difference, one entry of
the public change log in the same transaction, so /api/v1/changes replays exactly into the public export.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import (
    PUBLIC_STATUSES,
    WITHDRAWAL_EVENTS,
    CreditChange,
    Penalty,
    PenaltyChange,
    PenaltyVersion,
    PowerItem,
)
from . import publicity, textsearch
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
    "procedure",
    "party_birth_date",
    "publicity_rule",
    "publicity_tier",
    "publicity_tier_reason",
    "publicity_months",
)
# Set by the publicity rules (and the tier at 法制审核), never typed into a draft or a correction.
PUBLICITY_FIELDS = ("publicity_until", "publicity_rule", "publicity_tier", "publicity_tier_reason", "publicity_months")
# What a correction may change: everything but the business key and the publicity the rules give.
CORRECTABLE = tuple(f for f in FIELDS if f != "document_number" and f not in PUBLICITY_FIELDS)
# The penalty itself: changing its type, amount or basis changes the decision (行政处罚法 art 48), which is
# withdrawn (撤回, event 变更) and replaced by a new decision; a correction (更正) fixes clerical errors only.
PENALTY_ITSELF = {
    "categories": "处罚类别",
    "fine_yuan": "罚款金额",
    "confiscated_yuan": "没收金额",
    "basis": "处罚依据",
    "law_id": "依据的法律",
    "article_number": "依据的条",
}
CHANGE_NOT_CORRECTION = (
    "改变了{fields}，属于变更处罚决定，不能以更正处理：请撤回原决定（事由：变更，自变更之日起3个工作日内公告）"
    "并重新作出处罚决定"
)


def rules() -> publicity.Rules:
    """The publicity rules as configured for this deployment."""
    return publicity.Rules.from_config(current_app.config)


def snapshot(p: Penalty) -> dict:
    """Every recorded column of a decision as JSON values (internal: identifiers included)."""
    return {f: clock.json_value(getattr(p, f)) for f in FIELDS}


def fields_of(p: Penalty) -> set[str]:
    """The fields (领域: 消防 …) of the decision: its 权责清单 item's and its law's, as the seed data give them."""
    out = {p.law.field} if p.law is not None and p.law.field else set()
    if p.power_code:
        item = db.session.scalar(select(PowerItem).where(PowerItem.code == p.power_code))
        if item is not None and item.field:
            out.add(item.field)
    return out


def born_on(p: Penalty):
    """A natural person's birth date: from the ID number, else the recorded field; None for others."""
    if p.party_type != "自然人":
        return None
    return publicity.birth_date(p.id_number) or p.party_birth_date


def published_on(p: Penalty, at: dt.datetime | None = None) -> dt.date:
    """The publication date that chooses the rule: when it was published, else ``at`` (or today)."""
    when = p.published_at or at
    return clock.local(when).date() if when else clock.today()


def period(p: Penalty, rule: publicity.Rules, on: dt.date) -> publicity.Period:
    """The publicity the rules give this decision if published on ``on``; a tier set at 法制审核 is kept."""
    return publicity.compute(
        decided_on=p.decided_on,
        published_on=on,
        categories=p.category_list,
        fine_yuan=p.fine_yuan,
        fields=fields_of(p),
        rules=rule,
        tier=p.publicity_tier if p.publicity_tier_reason else None,
        procedure=p.procedure or "普通程序",
        born=born_on(p),
    )


def _record(p: Penalty, note: str, op: str | None, at: dt.datetime) -> None:
    # The searchable public text follows the decision in this same transaction (penalties/textsearch.py).
    textsearch.sync(p)
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


def _refresh_period(p: Penalty, rule: publicity.Rules, at: dt.datetime | None = None) -> None:
    got = period(p, rule, published_on(p, at))
    p.publicity_rule, p.publicity_tier = got.rule, got.tier
    p.publicity_months, p.publicity_until = got.months, got.until


def publish(p: Penalty, rule: publicity.Rules | None = None, at: dt.datetime | None = None) -> Penalty:
    """Publish a draft: fix its publicity period and, when it is public, announce it in the change log."""
    if p.status != "draft":
        raise PortalError("conflict", f"决定书 {p.document_number} 已发布，不能重复发布", 409)
    at = clock.utc(at)
    _refresh_period(p, rule or rules(), at)
    p.status, p.published_at, p.updated_at = "published", at, at
    db.session.flush()
    _record(p, "发布", "add" if is_public(p, clock.local(at).date()) else None, at)
    return p


def check_correction(p: Penalty, changes: dict, note: str) -> dict:
    """The fields ``changes`` really changes, or a 4xx: only a public decision is corrected, with a note, in
    correctable fields, and never in the penalty itself (that is a change of the decision)."""
    if p.status not in PUBLIC_STATUSES:
        raise PortalError("conflict", f"决定书 {p.document_number} 当前状态不能更正", 409)
    if not (note or "").strip():
        raise PortalError("bad_request", "更正须说明理由", 400)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise PortalError("bad_request", f"不能更正的字段：{'、'.join(sorted(unknown))}", 400)
    changed = [label for key, label in PENALTY_ITSELF.items() if key in changes and changes[key] != getattr(p, key)]
    if changed:
        raise PortalError("bad_request", CHANGE_NOT_CORRECTION.format(fields="、".join(changed)), 400)
    return {key: value for key, value in changes.items() if value != getattr(p, key)}


DECIMAL_FIELDS = ("fine_yuan", "confiscated_yuan")
DATE_FIELDS = ("decided_on", "valid_until", "party_birth_date")


def from_json(values: dict) -> dict:
    """Field values as ``snapshot`` stores them (JSON) turned back into the column types."""
    out = {}
    for key, value in values.items():
        if value is not None and key in DECIMAL_FIELDS:
            value = Decimal(str(value))
        elif value is not None and key in DATE_FIELDS:
            value = dt.date.fromisoformat(value)
        out[key] = value
    return out


class _Amended:
    """A decision as it would read with ``changes`` applied, for previews; the row itself is never touched."""

    def __init__(self, p: Penalty, changes: dict, note: str):
        self._p, self._over = p, {**changes, "correction_note": note.strip(), "status": "corrected"}
        self._over["version"] = p.version + 1

    def __getattr__(self, name):
        over = self.__dict__["_over"]
        return over[name] if name in over else getattr(self.__dict__["_p"], name)


def amended(p: Penalty, changes: dict, note: str):
    """``p`` as it would read once this correction took effect (read-only; for previews and the masking check)."""
    return _Amended(p, changes, note)


def correct(
    p: Penalty, changes: dict, note: str, rule: publicity.Rules | None = None, at: dt.datetime | None = None
) -> Penalty:
    """Correct a published decision (更正): a new version, the public page and feeds show it with the note.

    Staff reach this only through an approved correction (``staff/corrections.py``); the sample seed calls it
    directly to lay down the history of its fictional decisions."""
    check_correction(p, changes, note)
    at = clock.utc(at)
    was_public = is_public(p, clock.local(at).date())
    for key, value in changes.items():
        setattr(p, key, value)
    _refresh_period(p, rule or rules(), at)
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
    got = period(p, rule or rules(), clock.today())
    view = public_view(p)
    view["publicity_until"] = got.until.isoformat() if got.until else None
    view.update(publicity_rule=got.rule, publicity_tier=got.tier, publicity_months=got.months)
    view["not_published"] = got.not_published
    return view


QUALITY_NAMES = {"confirmed": "已核实", "reported": "据报道，官方文本未核实", "unconfirmed": "未核实"}


def publicity_info(p: Penalty, rule: publicity.Rules | None = None) -> dict:
    """What staff see of a decision's publicity: the rule and its quality, the tier (and why it was changed), the
    months and last public day, or why it is not published. A draft shows what publishing today would give."""
    rule = rule or rules()
    got = period(p, rule, published_on(p))
    if p.status != "draft":  # what was fixed at publication (or by a recorded recompute), not today's reading
        fixed = (p.publicity_rule, p.publicity_tier, p.publicity_months, p.publicity_until)
        got = publicity.Period(*fixed, got.not_published)
    r = rule.rule(got.rule)
    return {
        "rule": r.title if r else got.rule or "（未记录）",
        "rule_quality": QUALITY_NAMES.get(r.tiers_quality, r.tiers_quality) if r else "",
        "source": r.source if r else "",
        "tier": got.tier,
        "tier_reason": p.publicity_tier_reason,
        "months": got.months,
        "until": got.until,
        "not_published": got.not_published if got.until is None else "",
        "procedure": p.procedure or "普通程序",
    }


def set_tier(p: Penalty, tier: str, reason: str) -> Penalty:
    """Change the proposed tier of a draft at 法制审核, with a reason (the caller audits it)."""
    if p.status != "draft":
        raise PortalError("conflict", "已发布的决定不能再改失信程度档次", 409)
    if tier not in publicity.TIERS:
        raise PortalError("bad_request", f"档次应为{'、'.join(publicity.TIERS)}之一", 400)
    if not reason.strip():
        raise PortalError("bad_request", "改变档次须说明理由", 400)
    p.publicity_tier, p.publicity_tier_reason = tier, reason.strip()
    return p


def recompute(apply: bool, rule: publicity.Rules | None = None, at: dt.datetime | None = None) -> list[dict]:
    """Each public decision whose period the rules table now gives differently, as {document_number, before,
    after}. With ``apply`` the change is made: a new version, the change log, the feeds and the credit push hear
    of it (an end date now in the past expires the decision). The rule is still the one in force on the day each
    decision was published; only edits to the rules table (or their first recording) move anything."""
    rule = rule or rules()
    at = clock.utc(at)
    today = clock.local(at).date()
    out = []
    stmt = select(Penalty).where(Penalty.status.in_(PUBLIC_STATUSES)).order_by(Penalty.decided_on, Penalty.id)
    for p in db.session.scalars(stmt):
        got = period(p, rule, published_on(p))
        before = (p.publicity_rule, p.publicity_tier, p.publicity_months, p.publicity_until)
        after = (got.rule, got.tier, got.months, got.until)
        if before == after:
            continue
        names = ("rule", "tier", "months", "until")
        row = {
            "id": p.id,
            "document_number": p.document_number,
            "before": dict(zip(names, map(clock.json_value, before), strict=True)),
            "after": dict(zip(names, map(clock.json_value, after), strict=True)),
        }
        out.append(row)
        if not apply:
            continue
        was_public = is_public(p, today)
        p.publicity_rule, p.publicity_tier, p.publicity_months, p.publicity_until = after
        p.version += 1
        p.updated_at = at
        if p.publicity_until is not None and p.publicity_until < today:
            p.status = "expired"  # its new last day has passed; one never public is not "expired"
        public = is_public(p, today)
        op = "update" if was_public and public else "add" if public else "expire" if was_public else None
        was, now = row["before"]["until"] or "不公示", row["after"]["until"] or "不公示"
        note = f"公示期重新计算：{was} → {now}（{got.rule}，{got.tier}）"
        _record(p, note, op, at)
    return out
