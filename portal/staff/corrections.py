"""A correction (更正) of a published decision is a small review cycle of its own.

One person proposes it (the case's handler or a 法制审核人员: ``correction.propose``); it is stored as pending,
with the proposed field changes, the 更正说明 and the proposer, and nothing public changes. A second person
(an 执法部门负责人 or a 法制审核人员: ``correction.approve``), never the proposer, sees the before/after and the
public (masked) preview of the result and approves or rejects it with a reason. Only an approval makes it take
effect, through ``lifecycle.correct``: the decision, its version, the change log, the feeds and the credit
outbox change in one transaction with the audit event.

At most one correction of a decision is pending at a time. The proposer may take a pending one back; a
withdrawal (撤回) of the decision cancels it, since a withdrawn decision is no longer corrected. Every step is
permission-checked and audited here, whatever calls it.
"""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, clock, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import Correction, Penalty, User
from ..penalties import lifecycle, public
from .drafting import LABELS

# Each correctable field's Chinese name on the reviewer's page (the credit format's names, shortened).
FIELD_NAMES = {
    "violation": "违法行为类型",
    "facts": "违法事实",
    "content": "处罚内容",
    "license_info": "暂扣或吊销证照名称及编号",
    "remarks": "备注",
    "party_name": "行政相对人名称",
    "legal_rep": "法定代表人",
    "fine_yuan": "罚款金额（元）",
}


ONE_PENDING = "该决定已有一项待核准的更正，请待核准或驳回后再提出"


def pending(p: Penalty) -> Correction | None:
    """The correction of ``p`` waiting for approval, if any."""
    return db.session.scalar(select(Correction).where(Correction.penalty_id == p.id, Correction.status == "pending"))


def history(p: Penalty) -> list[Correction]:
    """Every correction ever proposed for ``p``, oldest first."""
    return list(db.session.scalars(select(Correction).where(Correction.penalty_id == p.id).order_by(Correction.id)))


def propose(p: Penalty, user: User, changes: dict, note: str) -> Correction:
    """Store a proposed correction of ``p`` (nothing public changes yet); audited."""
    permissions.require(user, "correction.propose", p)
    effective = lifecycle.check_correction(p, changes, note)
    if not effective:
        raise PortalError("bad_request", "更正内容与原决定相同，无需更正", 400)
    if pending(p) is not None:
        raise PortalError("conflict", ONE_PENDING, 409)
    c = Correction(
        penalty_id=p.id,
        status="pending",
        changes={k: clock.json_value(v) for k, v in effective.items()},
        before={k: clock.json_value(getattr(p, k)) for k in effective},
        note=note.strip(),
        proposed_by=user.id,
        proposed_at=clock.utc(),
        decision_reason="",
    )
    db.session.add(c)
    try:
        db.session.flush()
    except IntegrityError:  # another proposal was stored a moment ago (the database's one-pending index)
        db.session.rollback()
        raise PortalError("conflict", ONE_PENDING, 409) from None
    audit.record(
        user.username,
        "correction.propose",
        f"penalty:{p.id}",
        c.before,
        {"correction": c.id, **c.changes, "note": c.note},
    )
    return c


def _decide(c: Correction, user: User) -> Penalty:
    permissions.require(user, "correction.approve")
    if c.status != "pending":
        raise PortalError("conflict", "该更正已处理", 409)
    if c.proposed_by == user.id:
        raise PortalError("forbidden", "不能核准或驳回自己提出的更正", 403)
    return db.session.get(Penalty, c.penalty_id)


def approve(c: Correction, user: User, comment: str = "") -> Penalty:
    """Approve a pending correction: it takes effect now (decision, change log, feeds, credit outbox); audited."""
    p = _decide(c, user)
    before = lifecycle.snapshot(p)
    lifecycle.correct(p, lifecycle.from_json(c.changes), c.note)
    c.status, c.decided_by, c.decided_at, c.decision_reason = "approved", user.id, clock.utc(), comment.strip()
    audit.record(
        user.username,
        "correction.approve",
        f"penalty:{p.id}",
        before,
        {**lifecycle.snapshot(p), "correction": c.id, "comment": c.decision_reason},
    )
    return p


def reject(c: Correction, user: User, reason: str) -> Correction:
    """Reject a pending correction with a reason; the decision stays as it is; audited."""
    p = _decide(c, user)
    if not reason.strip():
        raise PortalError("bad_request", "驳回须说明理由", 400)
    c.status, c.decided_by, c.decided_at, c.decision_reason = "rejected", user.id, clock.utc(), reason.strip()
    audit.record(
        user.username, "correction.reject", f"penalty:{p.id}", None, {"correction": c.id, "reason": c.decision_reason}
    )
    return c


def cancel(c: Correction, user: User, reason: str = "提出人撤销") -> Correction:
    """The proposer takes back a pending correction (so another may be proposed); audited."""
    if c.status != "pending":
        raise PortalError("conflict", "该更正已处理", 409)
    if c.proposed_by != user.id:
        raise PortalError("forbidden", "只有提出人可以撤销待核准的更正", 403)
    _close(c, user, reason)
    return c


def cancel_on_withdrawal(p: Penalty, user: User) -> None:
    """A withdrawal ends the decision's pending correction (called by ``review.withdraw`` in its transaction)."""
    c = pending(p)
    if c is not None:
        _close(c, user, "决定已撤回，更正不再进行")


def _close(c: Correction, user: User, reason: str) -> None:
    c.status, c.decided_by, c.decided_at, c.decision_reason = "cancelled", user.id, clock.utc(), reason
    audit.record(
        user.username, "correction.cancel", f"penalty:{c.penalty_id}", None, {"correction": c.id, "reason": reason}
    )


def waiting_for(user: User) -> list[Correction]:
    """Pending corrections this user may decide: every pending one for an approver, less their own proposals."""
    if not permissions.can(user, "correction.approve"):
        return []
    stmt = select(Correction).where(Correction.status == "pending", Correction.proposed_by != user.id)
    return list(db.session.scalars(stmt.order_by(Correction.proposed_at, Correction.id)))


def diff(before: str, after: str) -> list[tuple[str, str]]:
    """(kind, text) pieces showing ``before`` turned into ``after``: "same", "del" or "ins", character by character
    (Chinese has no spaces to split words on)."""
    before, after = before or "", after or ""
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", before[i1:i2]))
            continue
        if i2 > i1:
            out.append(("del", before[i1:i2]))
        if j2 > j1:
            out.append(("ins", after[j1:j2]))
    return out


def review_view(c: Correction) -> dict:
    """What the reviewer sees of a correction: each changed field before and after (with its diff) and the public
    page as it would read once approved."""
    p = db.session.get(Penalty, c.penalty_id)
    rows = []
    for key, new in c.changes.items():
        old = c.before.get(key)
        old_text, new_text = "" if old is None else str(old), "" if new is None else str(new)
        rows.append(
            {
                "field": key,
                "label": FIELD_NAMES.get(key) or LABELS.get(key, key),
                "before": old_text,
                "after": new_text,
                "diff": diff(old_text, new_text),
            }
        )
    after = lifecycle.amended(p, lifecycle.from_json(c.changes), c.note)
    return {
        "c": c,
        "p": p,
        "rows": rows,
        "preview": public.public_view(after),
        "mask_report": public.masking_report(after),
    }


def changes_from_form(values: dict) -> dict:
    """The proposed changes from the correction form: blank fields are left out (they mean "no change")."""
    return {k: v for k, v in values.items() if v not in (None, "")}
