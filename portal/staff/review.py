"""The review workflow of a decision (重大执法决定法制审核): 办案人员 submits; 执法部门负责人, 法制审核人员 and
分管领导 approve or return in turn; then it is published. Ordinary decisions pass only the levels configured in
PORTAL_ORDINARY_REVIEW_LEVELS. A role acts only at its own level; nobody approves a decision they drafted, nor
one they already approved at another level; only the case's own handler or an 执法部门负责人 publishes it, and
the administrator takes no part (``permissions``). Publication and withdrawal of a published decision are here too:
each is permission-checked (``permissions``) and audited in this module, whatever calls it; a correction has its
own small review cycle (``corrections``).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import audit, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import LEGAL_REVIEW, REVIEW_CHECKS, REVIEW_LEVELS, ROLES, Penalty, Review, User
from ..penalties import lifecycle
from . import corrections


def path(p: Penalty) -> list[str]:
    """The levels this decision must pass, in order."""
    if p.major:
        return list(REVIEW_LEVELS)
    ordinary = current_app.config["ORDINARY_REVIEW_LEVELS"]
    return [level for level in REVIEW_LEVELS if level in ordinary]


def _step(
    p: Penalty, user: User, level: str, action: str, comment: str = "", checks: dict | None = None, before: str = ""
) -> None:
    db.session.add(
        Review(penalty_id=p.id, level=level, action=action, user_id=user.id, comment=comment, checks=checks or {})
    )
    audit.record(
        user.username,
        f"review.{action}",
        f"penalty:{p.id}",
        {"stage": before},
        {"stage": p.review_stage, "level": level, "comment": comment, "checks": checks or {}},
    )


def submit(p: Penalty, user: User) -> Penalty:
    """The case handler sends a draft into review (or straight to approval when no level applies)."""
    permissions.require(user, "penalty.submit")
    if p.status != "draft" or p.review_stage not in ("draft", "returned"):
        raise PortalError("conflict", "该决定不在可提交的状态", 409)
    before = p.review_stage
    levels = path(p)
    p.review_stage = levels[0] if levels else "approved"
    _step(p, user, permissions.HANDLER, "submit", before=before)
    return p


def approve(p: Penalty, user: User, comment: str = "", checks: dict | None = None) -> Penalty:
    """Approve at the user's level; every check must be confirmed."""
    level = p.review_stage
    if level not in REVIEW_LEVELS or p.status != "draft":
        raise PortalError("conflict", "该决定当前不在审核中", 409)
    permissions.require(user, "penalty.review", p, f"当前应由{ROLES[level]}审核")
    if p.created_by == user.id:
        raise PortalError("forbidden", "不能审核自己起草的决定", 403)
    approved_before = db.session.scalar(
        select(Review.id).where(Review.penalty_id == p.id, Review.user_id == user.id, Review.action == "approve")
    )
    if approved_before is not None:
        raise PortalError("forbidden", "同一人不能在两个审核环节通过同一决定", 403)
    missing = [label for key, label in REVIEW_CHECKS.items() if not (checks or {}).get(key)]
    if missing:
        raise PortalError("bad_request", f"请逐项确认：{'、'.join(missing)}", 400)
    levels = path(p)
    nxt = levels.index(level) + 1 if level in levels else len(levels)
    p.review_stage = levels[nxt] if nxt < len(levels) else "approved"
    _step(p, user, level, "approve", comment.strip(), {k: True for k in REVIEW_CHECKS}, before=level)
    return p


def return_to_handler(p: Penalty, user: User, comment: str) -> Penalty:
    """Send the draft back with the reviewer's comments."""
    level = p.review_stage
    if level not in REVIEW_LEVELS or p.status != "draft":
        raise PortalError("conflict", "该决定当前不在审核中", 409)
    permissions.require(user, "penalty.review", p, f"当前应由{ROLES[level]}审核")
    if not comment.strip():
        raise PortalError("bad_request", "退回须填写意见", 400)
    p.review_stage = "returned"
    _step(p, user, level, "return", comment.strip(), before=level)
    return p


def set_tier(p: Penalty, user: User, tier: str, reason: str) -> Penalty:
    """法制审核 changes the proposed 失信程度档次 of a draft at its level, with a reason; audited."""
    if p.review_stage != LEGAL_REVIEW or p.status != "draft":
        raise PortalError("conflict", "失信程度档次只能在法制审核环节调整", 409)
    permissions.require(user, "penalty.review", p, f"当前应由{ROLES[LEGAL_REVIEW]}审核")
    before = {"tier": lifecycle.publicity_info(p)["tier"], "reason": p.publicity_tier_reason}
    lifecycle.set_tier(p, tier, reason)
    audit.record(user.username, "penalty.tier", f"penalty:{p.id}", before, {"tier": tier, "reason": reason.strip()})
    return p


def publish(p: Penalty, user: User) -> Penalty:
    """Publish an approved decision (public pages, feeds, change log and the credit outbox follow).

    Only the handler who drafted the case or an 执法部门负责人 may (``permissions``: ``penalty.publish``).
    """
    permissions.require(user, "penalty.publish", p)
    if p.review_stage != "approved":
        raise PortalError("conflict", "该决定尚未通过全部审核", 409)
    before = lifecycle.snapshot(p)
    lifecycle.publish(p)
    _step(p, user, user.role, "publish", before="approved")
    audit.record(user.username, "penalty.publish", f"penalty:{p.id}", before, lifecycle.snapshot(p))
    return p


def withdraw(p: Penalty, user: User, event: str, event_on, reason: str) -> Penalty:
    """Withdraw a published decision (撤回) for ``user``: checked, recorded and audited."""
    permissions.require(user, "penalty.withdraw", p)
    before = lifecycle.snapshot(p)
    lifecycle.withdraw(p, event, event_on, reason)
    corrections.cancel_on_withdrawal(p, user)  # a withdrawn decision is no longer corrected
    audit.record(
        user.username,
        "penalty.withdraw",
        f"penalty:{p.id}",
        before,
        {**lifecycle.snapshot(p), "withdrawal_reason": reason},
    )
    return p


def unpublished() -> list[Penalty]:
    """Every decision not yet public, at whatever step: the overview the heads of the office watch for deadlines."""
    return list(db.session.scalars(select(Penalty).where(Penalty.status == "draft").order_by(Penalty.decided_on)))


def waiting_for(user: User) -> list[Penalty]:
    """Drafts at this user's step: their own drafts and returned ones for handlers, their level for reviewers."""
    stmt = select(Penalty).where(Penalty.status == "draft")
    queue = permissions.review_queue_role(user)
    if queue in REVIEW_LEVELS:
        stmt = stmt.where(Penalty.review_stage == queue)
    elif queue == "own":
        stmt = stmt.where(Penalty.review_stage.in_(("draft", "returned", "approved")), Penalty.created_by == user.id)
    elif queue is None:
        return []
    return list(db.session.scalars(stmt.order_by(Penalty.decided_on)))
