"""Sessions end when they should, on both databases: a cookie copied before logout, a password change or reset,
a role change or deactivation is refused at its next request (GET and a CSRF-carrying POST alike); every
session ends PORTAL_SESSION_MAX_HOURS after sign-in however busy it is."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Penalty, User
from portal.security import SESSION_STARTED
from portal.staff import accounts
from tests.staff.conftest import PASSWORD, VALID_FORM, Staff


def user(name: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == name))


def captured(staff_app, original: Staff) -> tuple[Staff, str]:
    """Another client holding a copy of ``original``'s session cookie, and a CSRF token of that session."""
    token = original.token("/staff/decisions/new")
    thief = Staff(staff_app)
    thief.client.set_cookie("session", original.client.get_cookie("session").value)
    return thief, token


def assert_refused(thief: Staff, token: str) -> None:
    page = thief.client.get("/staff/")
    assert page.status_code == 302 and "/staff/login" in page.headers["Location"]
    before = db.session.scalar(select(func.count()).select_from(Penalty))
    post = thief.client.post("/staff/decisions/new", data={**VALID_FORM, "csrf_token": token})
    assert post.status_code in (302, 400) and "/staff/decisions/" not in post.headers.get("Location", "")
    if post.status_code == 302:
        assert "/staff/login" in post.headers["Location"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Penalty)) == before


def test_a_copied_cookie_works_only_while_its_session_does(staff_app, as_user):
    handler = as_user("handler")
    thief, token = captured(staff_app, handler)
    assert thief.client.get("/staff/").status_code == 200  # the copy is as good as the original …
    other = as_user("handler")  # … a second sign-in of the same account elsewhere
    assert handler.post("/staff/logout", "/staff/").status_code == 302
    assert_refused(thief, token)  # … until logout
    assert other.client.get("/staff/").status_code == 302  # logout ends every session of the account
    assert as_user("handler").client.get("/staff/").status_code == 200  # signing in again works


@pytest.mark.parametrize("change", ["deactivate", "reset_password", "set_role"])
def test_account_changes_end_every_session_of_the_account(staff_app, as_user, change):
    handler = as_user("handler")
    thief, token = captured(staff_app, handler)
    bystander = as_user("head")
    admin = as_user("admin")
    target = user("handler")
    if change == "deactivate":
        response = admin.post(f"/staff/users/{target.id}/deactivate", "/staff/users/")
    elif change == "reset_password":
        response = admin.post(f"/staff/users/{target.id}/password", "/staff/users/", {"password": "a brand new one"})
    else:
        response = admin.post(f"/staff/users/{target.id}/role", "/staff/users/", {"role": "legal"})
    assert response.status_code == 302
    assert handler.client.get("/staff/").status_code == 302
    assert_refused(thief, token)
    assert bystander.client.get("/staff/").status_code == 200  # other accounts are untouched
    assert admin.client.get("/staff/users/").status_code == 200


def test_a_password_change_ends_the_other_sessions_but_not_this_one(staff_app, as_user):
    handler = as_user("handler")
    thief, token = captured(staff_app, handler)
    new = "a new long password"
    changed = handler.post("/staff/password", "/staff/password", {"current": PASSWORD, "new": new, "repeat": new})
    assert changed.status_code == 302
    assert handler.client.get("/staff/").status_code == 200
    assert_refused(thief, token)


def test_the_cli_ends_sessions_too(staff_app, as_user):
    handler = as_user("handler")
    run = staff_app.test_cli_runner().invoke
    assert run(args=["users", "set-role", "handler", "head"]).output.strip() == "已将 handler 的角色改为执法部门负责人"
    assert handler.client.get("/staff/").status_code == 302
    assert user("handler").role == "head"


def test_sessions_end_after_the_absolute_lifetime_however_busy(staff_app, as_user):
    handler = as_user("handler")
    hours = staff_app.config["SESSION_MAX_HOURS"]
    assert hours == 8
    with handler.client.session_transaction() as session:
        session[SESSION_STARTED] -= hours * 3600 - 60  # a minute left: still going
    assert handler.client.get("/staff/").status_code == 200
    with handler.client.session_transaction() as session:
        session[SESSION_STARTED] -= 120
    response = handler.client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_role_change_is_refused_for_oneself_and_audited(staff_app):
    admin, head = user("admin"), user("head")
    with pytest.raises(Exception) as err:
        accounts.set_role(admin, "head", admin)
    assert "不能修改自己的角色" in str(err.value)
    version = head.session_version
    accounts.set_role(head, "legal", admin)
    db.session.commit()
    assert user("head").role == "legal" and user("head").session_version == version + 1
