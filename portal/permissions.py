"""Who may do what: one table of actions and the roles that hold them, used by the domain, views and templates.

The domain calls ``require(user, action, obj)`` before every audited change, so a second way in (CLI, API)
cannot skip the check; views use the same call, and templates the ``can`` global to show only what a person
may do. Object rules (a reviewer acts only at the decision's current level; a handler edits only their own
drafts) live here too, so nothing else compares role names.
"""

from __future__ import annotations

from .errors import PortalError
from .models import REVIEW_LEVELS

HANDLER = "handler"  # 办案人员: the review step a case starts and ends at
ADMIN = "admin"

# action -> (roles that hold it, the Chinese message of a refusal)
TABLE: dict[str, tuple[frozenset[str], str]] = {
    "penalty.draft": (frozenset({HANDLER, ADMIN}), "只有办案人员可以起草处罚决定"),
    "penalty.edit_any": (frozenset({ADMIN}), "只能修改自己起草的决定"),
    "penalty.submit": (frozenset({HANDLER, ADMIN}), "只有办案人员可以提交审核"),
    "penalty.review": (frozenset(REVIEW_LEVELS), "当前不由您审核"),
    "penalty.publish": (frozenset({HANDLER, ADMIN}), "只有办案人员或管理员可以发布"),
    "penalty.correct": (frozenset({HANDLER, ADMIN, "legal"}), "无权更正"),
    "penalty.withdraw": (frozenset({HANDLER, ADMIN, "legal", "leader"}), "无权撤回"),
    "penalty.attach": (frozenset({HANDLER, ADMIN, *REVIEW_LEVELS}), "无权上传决定书"),
    "penalties.overview": (frozenset({"head", "leader"}), "只有执法部门负责人和分管领导可以查看全部待发布决定"),
    "users.manage": (frozenset({ADMIN}), "只有管理员可以管理账号"),
}


def _holds(user, action: str, obj=None) -> bool:
    roles, _ = TABLE[action]
    if user is None or not getattr(user, "is_authenticated", False) or user.role not in roles:
        return False
    if action == "penalty.review" and obj is not None:
        return obj.review_stage == user.role
    if action == "penalty.draft" and obj is not None:
        return obj.created_by == user.id or can(user, "penalty.edit_any")
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
    """Which drafts wait for this user: their review level, 'own' drafts for handlers, 'all' for administrators."""
    if can(user, "penalty.review"):
        return user.role
    if can(user, "penalty.edit_any"):
        return "all"
    if can(user, "penalty.draft"):
        return "own"
    return None
