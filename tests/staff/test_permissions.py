"""One permission table, enforced in the domain: proposing a correction and withdrawing are refused and audited
there, whatever calls them (a view, a command, a test); no template or module outside the table compares role names."""

import datetime as dt
import re
from pathlib import Path

import pytest

from portal import audit, permissions
from portal.errors import PortalError
from portal.extensions import db
from portal.models import ROLES
from portal.staff import corrections, review
from tests.penalties.conftest import draft
from tests.staff.conftest import user

ROOT = Path(__file__).resolve().parents[2] / "portal"


def test_every_action_names_known_roles_and_unknown_actions_fail_loudly():
    for action, (roles, message) in permissions.TABLE.items():
        assert roles and roles <= set(ROLES), action
        assert message  # a Chinese sentence for the 403
    with pytest.raises(KeyError):
        permissions.can(None, "penalty.fly")


@pytest.mark.parametrize(
    "who, may_propose, may_withdraw",
    [
        ("handler", True, True),
        ("handler2", False, True),  # not this case's handler
        ("admin", False, False),
        ("legal", True, True),
        ("leader", False, True),
        ("head", False, False),
    ],
)
def test_correct_and_withdraw_are_checked_in_the_domain(published, who, may_propose, may_withdraw):
    p = published
    if may_propose:
        corrections.propose(p, user(who), {"content": "罚款人民币伍佰元"}, "笔误")
        assert corrections.pending(p) is not None and p.content == "罚款人民币500元"  # not in force yet
    else:
        with pytest.raises(PortalError) as err:
            corrections.propose(p, user(who), {"content": "罚款人民币伍佰元"}, "笔误")
        assert err.value.status == 403 and corrections.pending(p) is None
    if may_withdraw:
        review.withdraw(p, user(who), "撤销", dt.date(2026, 11, 20), "复议撤销")
        assert p.status == "withdrawn"
        assert corrections.pending(p) is None  # a withdrawal ends a pending correction
    else:
        with pytest.raises(PortalError) as err:
            review.withdraw(p, user(who), "撤销", dt.date(2026, 11, 20), "复议撤销")
        assert err.value.status == 403 and p.status != "withdrawn"
    db.session.commit()
    actions = [e.action for e in audit.history(f"penalty:{p.id}")]
    assert ("correction.propose" in actions) is may_propose
    assert ("correction.cancel" in actions) is (may_propose and may_withdraw)
    assert ("penalty.withdraw" in actions) is may_withdraw


def test_a_reviewer_acts_only_at_the_decision_s_level(staff_app):
    p = draft(review_stage="legal")
    assert permissions.can(user("legal"), "penalty.review", p)
    assert not permissions.can(user("head"), "penalty.review", p)
    assert not permissions.can(user("handler"), "penalty.review", p)


def test_a_handler_edits_only_their_own_drafts(staff_app):
    p = draft(created_by=user("handler").id)
    assert permissions.can(user("handler"), "penalty.draft", p)
    assert not permissions.can(user("handler2"), "penalty.draft", p)
    assert not permissions.can(user("admin"), "penalty.draft", p)


def test_anonymous_and_stopped_accounts_may_do_nothing(staff_app):
    class Anonymous:
        is_authenticated = False
        role = "admin"

    assert not any(permissions.can(Anonymous(), action) for action in permissions.TABLE)
    assert not any(permissions.can(None, action) for action in permissions.TABLE)


def test_role_names_appear_only_in_the_permission_table_and_the_account_model():
    names = "|".join(ROLES)
    spelled = re.compile(r"""["'](""" + names + r""")["']""")
    compared = re.compile(r"current_user\.role\s*(==|!=|in\b|not in\b)")
    allowed = {ROOT / "permissions.py", ROOT / "models" / "staff.py"}
    offenders = []
    for path in [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]:
        if path in allowed or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if spelled.search(text) or compared.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_administrator_holds_no_case_role(staff_app):
    admin = user("admin")
    assert permissions.CASE_ACTIONS and all(a.startswith(("penalt", "correction.")) for a in permissions.CASE_ACTIONS)
    assert {"correction.propose", "correction.approve"} <= permissions.CASE_ACTIONS
    p = draft(review_stage="approved", created_by=user("handler").id)
    for action in permissions.CASE_ACTIONS:
        assert not permissions.can(admin, action) and not permissions.can(admin, action, p), action
    assert permissions.can(admin, "users.manage")
    assert permissions.review_queue_role(admin) is None and review.waiting_for(admin) == []


def test_publishing_belongs_to_the_case_s_handler_or_a_head(staff_app):
    p = draft(review_stage="approved", created_by=user("handler").id)
    for who in ("handler2", "admin", "legal", "leader"):
        with pytest.raises(PortalError) as err:
            review.publish(p, user(who))
        assert err.value.status == 403 and p.status == "draft", who
    review.publish(p, user("head"))
    assert p.status == "published"
    q = draft(review_stage="approved", created_by=user("handler").id, document_number="本人发布〔2026〕1号")
    review.publish(q, user("handler"))
    assert q.status == "published"
