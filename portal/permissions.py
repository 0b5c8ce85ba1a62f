"""Who may do what: one table of actions and the roles that hold them, used by the domain, views and templates.

The domain calls ``require(user, action, obj)`` before every audited change, so a second way in (CLI, API)
cannot skip the check; views use the same call, and templates the ``can`` global to show only what a person
may do. Object rules (a reviewer acts only at the decision's current level; a handler edits and publishes only
their own cases) live here too, so nothing else compares role names.

Separation of duties: the administrator manages accounts and holds no case role at all (no drafting, review,
publication, correction, withdrawal or upload), so an administrator who creates an account cannot use it to
approve a draft of their own: they have none. Publication belongs to the case's handler (its creator) or an
执法部门负责人. Nobody approves their own draft, nor one decision at two levels (``staff/review.py``), nor a
correction they proposed (``staff/corrections.py``).
"""

from __future__ import annotations

from .errors import PortalError
from .models import REVIEW_LEVELS

HANDLER = "handler"  # 办案人员: the review step a case starts and ends at
HEAD = "head"  # 执法部门负责人
ADMIN = "admin"  # accounts only; no case role

# action -> (roles that hold it, the Chinese message of a refusal)
TABLE: dict[str, tuple[frozenset[str], str]] = {
    "penalty.draft": (frozenset({HANDLER}), "只有办案人员可以起草处罚决定"),
    "penalty.submit": (frozenset({HANDLER}), "只有办案人员可以提交审核"),
    "penalty.review": (frozenset(REVIEW_LEVELS), "当前不由您审核"),
    "penalty.publish": (frozenset({HANDLER, HEAD}), "只有本案办案人员或执法部门负责人可以发布"),
    # A correction (更正) is a small review cycle of its own. The case's own handler (who knows the file) or a
    # 法制审核人员 (who may have spotted the slip) proposes it; a second person approves it before it takes
    # effect: an 执法部门负责人, who answers for the decision's content, or a 法制审核人员, whose job is to see
    # that the change is really clerical and not a change of the decision (行政处罚法 art 58 法制审核). Never
    # the proposer (``staff/corrections.py``); the 分管领导 signs decisions, not clerical fixes; the
    # administrator holds no case role.
    "correction.propose": (frozenset({HANDLER, "legal"}), "只有本案办案人员或法制审核人员可以提出更正"),
    "correction.approve": (frozenset({HEAD, "legal"}), "只有执法部门负责人或法制审核人员可以核准更正"),
    "penalty.withdraw": (frozenset({HANDLER, "legal", "leader"}), "无权撤回"),
    "penalty.attach": (frozenset({HANDLER, *REVIEW_LEVELS}), "无权上传决定书"),
    "penalties.overview": (frozenset({HEAD, "leader"}), "只有执法部门负责人和分管领导可以查看全部待发布决定"),
    "users.manage": (frozenset({ADMIN}), "只有管理员可以管理账号"),
    "users.events": (frozenset({HEAD}), "只有执法部门负责人可以查看账号变动记录"),
    "synonyms.edit": (frozenset({"legal", ADMIN}), "只有法制审核人员和管理员可以修改同义词"),
    "inspection.pools": (frozenset({HANDLER, HEAD}), "只有办案人员或执法部门负责人可以维护名录库"),
    "inspection.plan": (frozenset({HEAD}), "只有执法部门负责人可以制定和公布抽查计划"),
    "inspection.draw": (frozenset({HEAD}), "只有执法部门负责人可以抽取"),
    "inspection.substitute": (frozenset({HEAD}), "只有执法部门负责人可以替换抽中的执法人员"),
    "inspection.education": (frozenset({HANDLER, HEAD}), "只有办案人员或执法部门负责人可以填报普法数据"),
    "inspection.record": (frozenset({HANDLER, HEAD}), "只有办案人员或执法部门负责人可以登记检查记录"),
}
# Actions on a case: the administrator holds none of them (tests/staff/test_permissions.py checks it).
CASE_ACTIONS = frozenset(a for a in TABLE if a.startswith(("penalty.", "penalties.", "correction.")))


def _holds(user, action: str, obj=None) -> bool:
    roles, _ = TABLE[action]
    if user is None or not getattr(user, "is_authenticated", False) or user.role not in roles:
        return False
    if action == "penalty.review" and obj is not None:
        return obj.review_stage == user.role
    if action == "penalty.draft" and obj is not None:
        return obj.created_by == user.id
    if action in ("penalty.publish", "correction.propose") and obj is not None and user.role == HANDLER:
        return obj.created_by == user.id  # the case's own handler; a head (or 法制审核) acts on any decision
    return True


def can(user, action: str, obj=None) -> bool:
    """Whether ``user`` may do ``action`` (to ``obj`` where the rule depends on it). Unknown actions raise."""
    if action not in TABLE:
        raise KeyError(f"unknown action {action!r}: add it to permissions.TABLE")
    return _holds(user, action, obj)


def require(user, action: str, obj=None, message: str | None = None) -> None:
    """Raise a 403 with a Chinese message unless ``user`` may do ``action``."""
    if not can(user, action, obj):
        raise PortalError("forbidden", message or TABLE[action][1], 403)


def review_queue_role(user) -> str | None:
    """Which drafts wait for this user: their review level, or 'own' drafts for handlers; None for others."""
    if can(user, "penalty.review"):
        return user.role
    if can(user, "penalty.draft"):
        return "own"
    return None
