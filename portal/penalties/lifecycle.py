"""The 行政处罚决定 domain: publishing, correcting, withdrawing and expiring decisions, and their public shape.

Every state change records a version (for tracing a case) and, when the public sees a difference, one entry of
the public change log in the same transaction, so /api/v1/changes replays exactly into the public export.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles

from . import masking, publicity
from .errors import PortalError
from .extensions import db
from .models import (
    PUBLIC_STATUSES,
    WITHDRAWAL_EVENTS,
    CreditChange,
    Law,
    Penalty,
    PenaltyChange,
    PenaltyVersion,
)

CST = dt.timezone(dt.timedelta(hours=8), "CST")  # China has one time zone and no daylight saving
MASKED = "已作隐私处理"

# The columns a version records; identifiers are kept internally (the credit push needs them), never shown.
FIELDS = (
    "document_number", "party_name", "party_type", "uscc", "business_reg_no", "org_code", "tax_reg_no",
    "institution_cert_no", "social_org_cert_no", "legal_rep", "legal_rep_id_type", "legal_rep_id_number",
    "id_type", "id_number", "violation", "facts", "basis", "categories", "content", "fine_yuan",
    "confiscated_yuan", "license_info", "decided_on", "valid_until", "publicity_until", "authority",
    "authority_code", "data_source", "data_source_code", "remarks", "power_code", "law_id", "article_number",
)
# What a correction may change: everything but the business key and the issuing office.
CORRECTABLE = tuple(f for f in FIELDS if f not in ("document_number", "publicity_until"))


def now() -> dt.datetime:
    return dt.datetime.now(CST)


def today() -> dt.date:
    """Today in China; tests pin it with the app config key TODAY (a date) so publicity periods stay put."""
    pinned = current_app.config.get("TODAY") if current_app else None
    return pinned or now().date()


def rules() -> publicity.Rules:
    return publicity.Rules.from_config(current_app.config)


def local(value: dt.datetime) -> dt.datetime:
    """A stored time in China's zone. Times are stored in UTC; SQLite hands them back without a zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(CST)


def _utc(at: dt.datetime | None) -> dt.datetime:
    return (at or now()).astimezone(dt.UTC)


def _json_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return local(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot(p: Penalty) -> dict:
    """Every recorded column of a decision as JSON values (internal: identifiers included)."""
    return {f: _json_value(getattr(p, f)) for f in FIELDS}


def _law_names(p: Penalty, rule: publicity.Rules) -> list[str]:
    # The linked law, and any law of the one-year list named in the typed basis (a basis may cite several).
    names = [p.law.name] if p.law else []
    return names + [law for law in rule.one_year_laws if law in (p.basis or "")]


def _record(p: Penalty, note: str, op: str | None, at: dt.datetime) -> None:
    db.session.add(PenaltyVersion(penalty=p, version=p.version, status=p.status, note=note,
                                  snapshot=snapshot(p), recorded_at=at))
    if op:
        db.session.add(PenaltyChange(penalty_id=p.id, op=op, at=at,
                                     decision=public_view(p) if op in ("add", "update") else None))
        # The credit platform hears of the same change, in the same transaction (the outbox).
        reason = {"withdraw": f"撤回（{p.withdrawal_event}）：{p.withdrawal_reason}", "expire": "公示期满，停止公示"}
        db.session.add(CreditChange(penalty_id=p.id, op="upsert" if op in ("add", "update") else "withdraw",
                                    note=reason.get(op, ""), created_at=at, updated_at=at))


def _refresh_period(p: Penalty, rule: publicity.Rules) -> None:
    p.publicity_until = publicity.publicity_until(p.decided_on, p.category_list, p.fine_yuan, _law_names(p, rule),
                                                  rule)


def is_public(p: Penalty, day: dt.date) -> bool:
    """Whether the decision's full text is on public pages today."""
    return p.status in PUBLIC_STATUSES and publicity.is_current(p.publicity_until, day)


def publish(p: Penalty, rule: publicity.Rules | None = None, at: dt.datetime | None = None) -> Penalty:
    """Publish a draft: fix its publicity period and, when it is public, announce it in the change log."""
    if p.status != "draft":
        raise PortalError("conflict", f"决定书 {p.document_number} 已发布，不能重复发布", 409)
    at = _utc(at)
    _refresh_period(p, rule or rules())
    p.status, p.published_at, p.updated_at = "published", at, at
    db.session.flush()
    _record(p, "发布", "add" if is_public(p, local(at).date()) else None, at)
    return p


def correct(p: Penalty, changes: dict, note: str, rule: publicity.Rules | None = None,
            at: dt.datetime | None = None) -> Penalty:
    """Correct a published decision (更正): a new version, the public page and feeds show it with the note."""
    if p.status not in PUBLIC_STATUSES:
        raise PortalError("conflict", f"决定书 {p.document_number} 当前状态不能更正", 409)
    if not note.strip():
        raise PortalError("bad_request", "更正须说明理由", 400)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise PortalError("bad_request", f"不能更正的字段：{'、'.join(sorted(unknown))}", 400)
    at = _utc(at)
    was_public = is_public(p, local(at).date())
    for key, value in changes.items():
        setattr(p, key, value)
    _refresh_period(p, rule or rules())
    p.version += 1
    p.status, p.correction_note, p.updated_at = "corrected", note.strip(), at
    public = is_public(p, local(at).date())
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
    latest = local(at).date() if at else today()
    if event_on > latest:
        raise PortalError("bad_request", f"事由发生日期 {event_on} 晚于今天，撤回只能在事由发生后进行", 400)
    if event_on < p.decided_on:
        raise PortalError("bad_request", f"事由发生日期 {event_on} 早于处罚决定日期 {p.decided_on}", 400)
    at = _utc(at)
    was_public = is_public(p, local(at).date())
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
    day = day or today()
    at = _utc(at)
    due = db.session.scalars(select(Penalty).where(Penalty.status.in_(PUBLIC_STATUSES),
                                                   Penalty.publicity_until < day)).all()
    for p in due:
        p.status, p.updated_at = "expired", at
        p.version += 1
        _record(p, "公示期满", "expire", at)
    if due:
        db.session.commit()
    return len(due)


# ---- reading ---------------------------------------------------------------------------------------------
def public_view(p: Penalty) -> dict:
    """A decision as the public may see it: names masked, identifiers absent, masked fields named."""
    names = []
    party, party_masked = masking.public_party(p.party_type, p.party_name, p.legal_rep)
    operator, operator_masked = masking.public_operator(p.party_type, p.legal_rep)
    names.append((p.party_name, party))
    if p.legal_rep:
        names.append((p.legal_rep, operator))
    masked = ["party_name"] if party_masked else []
    if operator_masked:
        masked.append("legal_rep")
    out = {
        "id": p.id, "document_number": p.document_number, "party_name": party, "party_type": p.party_type,
        "uscc": p.uscc if p.party_type != masking.PERSON else "", "legal_rep": operator,
    }
    for field in ("violation", "facts", "basis", "content", "license_info"):
        text, changed = masking.scrub(getattr(p, field), names)
        out[field] = text
        if changed:
            masked.append(field)
    out.update({
        "categories": p.category_list, "fine_yuan": _json_value(p.fine_yuan),
        "confiscated_yuan": _json_value(p.confiscated_yuan), "decided_on": p.decided_on.isoformat(),
        "valid_until": p.valid_until.isoformat(),
        "publicity_until": p.publicity_until.isoformat() if p.publicity_until else None,
        "authority": p.authority, "power_code": p.power_code, "law": p.law.name if p.law else None,
        "article_number": p.article_number, "status": p.status, "version": p.version,
        "correction_note": p.correction_note, "masked_fields": masked,
        "published_at": _json_value(p.published_at), "updated_at": _json_value(p.updated_at),
    })
    return out


def preview(p: Penalty, rule: publicity.Rules | None = None) -> dict:
    """What publishing this draft would show the public, with the publicity period it would get; changes nothing."""
    rule = rule or rules()
    view = public_view(p)
    until = publicity.publicity_until(p.decided_on, p.category_list, p.fine_yuan, _law_names(p, rule), rule)
    view["publicity_until"] = until.isoformat() if until else None
    return view


def withdrawal_view(p: Penalty) -> dict:
    """All the public may see of a withdrawn decision: the notice, the event, the dates and the reason."""
    return {"id": p.id, "document_number": p.document_number, "status": "withdrawn",
            "withdrawal_event": p.withdrawal_event,
            "withdrawal_event_on": _json_value(p.withdrawal_event_on),
            "withdrawal_reason": p.withdrawal_reason, "withdrawn_at": _json_value(p.withdrawn_at),
            "decided_on": p.decided_on.isoformat()}


@dataclass
class PenaltyFilters:
    q: str = ""
    year: int | None = None
    category: str | None = None
    party_type: str | None = None
    law: str | None = None
    power_code: str | None = None
    page: int = 1
    per_page: int = 20


class _Unindexed(ColumnElement):
    """A column the SQLite planner must not pick an index for (rendered ``+col``; plain elsewhere)."""

    inherit_cache = True

    def __init__(self, column):
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _unindexed_default(element, compiler, **kw):
    return compiler.process(element.column, **kw)


@compiles(_Unindexed, "sqlite")
def _unindexed_sqlite(element, compiler, **kw):
    return "+" + compiler.process(element.column, **kw)


def visible(day: dt.date, include_withdrawn: bool = False, ordered: bool = False):
    """SQL condition: public today (and, for feeds, withdrawn notices still within their period).

    ``ordered``: for a query that returns rows in date order. Most decisions are visible, so SQLite should walk
    the date index and stop after a page instead of using the visibility index and sorting every row (measured:
    0.1 ms against 185 ms at 100,000 decisions). PostgreSQL's planner finds this by itself.
    """
    statuses = (*PUBLIC_STATUSES, "withdrawn") if include_withdrawn else PUBLIC_STATUSES
    status, until = Penalty.status, Penalty.publicity_until
    if ordered:
        status, until = _Unindexed(status), _Unindexed(until)
    return and_(status.in_(statuses), until >= day)


def _conditions(f: PenaltyFilters, day: dt.date, include_withdrawn: bool, ids: list[int] | None,
                ordered: bool) -> list:
    conds = [visible(day, include_withdrawn, ordered)]
    if f.year:
        conds += [Penalty.decided_on >= dt.date(f.year, 1, 1), Penalty.decided_on <= dt.date(f.year, 12, 31)]
    if f.category:
        conds.append((literal(";") + Penalty.categories + literal(";")).like(f"%;{f.category};%"))
    if f.party_type:
        conds.append(Penalty.party_type == f.party_type)
    if f.law:
        conds.append(Penalty.law_id.in_(select(Law.id).where(or_(Law.name == f.law, Law.full_name == f.law))))
    if f.power_code:
        conds.append(Penalty.power_code == f.power_code)
    if ids is not None:
        conds.append(Penalty.id.in_(ids))
    return conds


def filtered(f: PenaltyFilters, day: dt.date, include_withdrawn: bool = False, ids: list[int] | None = None,
             by_change: bool = False):
    """A select of the decisions matching ``f`` that are visible on ``day``: newest decision first, or for
    feeds (``by_change``) newest change first."""
    stmt = select(Penalty).where(*_conditions(f, day, include_withdrawn, ids, ordered=True))
    if by_change:
        return stmt.order_by(Penalty.updated_at.desc(), Penalty.id.desc())
    return stmt.order_by(Penalty.decided_on.desc(), Penalty.id.desc())


def fetch(stmt, limit: int, offset: int = 0) -> list[Penalty]:
    """One page of ``filtered(...)``: ids first, then their rows, so sorting carries two columns, not whole rows."""
    ids = list(db.session.scalars(stmt.with_only_columns(Penalty.id).limit(limit).offset(offset)))
    rows = {p.id: p for p in db.session.scalars(select(Penalty).where(Penalty.id.in_(ids)))} if ids else {}
    return [rows[i] for i in ids]


def count(f: PenaltyFilters, day: dt.date, include_withdrawn: bool = False, ids: list[int] | None = None) -> int:
    """How many decisions ``filtered`` would return (nothing is sorted, so the visibility index serves)."""
    conds = _conditions(f, day, include_withdrawn, ids, ordered=False)
    return db.session.scalar(select(func.count()).select_from(Penalty).where(*conds))


def get_public(penalty_id: int, day: dt.date | None = None) -> Penalty:
    """A decision whose page is public today (full text, or the withdrawal notice), else a 404."""
    p = db.session.get(Penalty, penalty_id)
    day = day or today()
    if p is None or not (is_public(p, day) or (p.status == "withdrawn" and publicity.is_current(p.publicity_until,
                                                                                                day))):
        raise PortalError("not_found", "该处罚决定不存在或已不在公示期内", 404)
    return p
