"""Accounts over their life: an administrator creates, stops, restores and resets them; nobody else may; a
stopped account's sessions end at once; every change is in the audit trail; the CLI does the same."""

from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import AuditEvent, User
from tests.staff.conftest import PASSWORD, Staff

NEW = {"username": "wang", "display_name": "王执法", "role": "head", "password": "a long enough one"}


def user(name: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == name))


def actions_on(u: User) -> list[tuple[str, str]]:
    return [
        (e.actor, e.action)
        for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.target == f"user:{u.id}").order_by(AuditEvent.id)
        )
    ]


def test_only_an_administrator_sees_and_changes_accounts(staff_app, as_user):
    for role in ("handler", "head", "legal", "leader"):
        staff = as_user(role)
        assert staff.client.get("/staff/users/").status_code == 403
        assert "账号管理" not in staff.client.get("/staff/").get_data(as_text=True)
    response = Staff(staff_app).client.get("/staff/users/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    handler = as_user("handler")
    target = user("head")
    assert handler.post(f"/staff/users/{target.id}/deactivate", "/staff/").status_code == 403
    assert user("head").active


def test_the_administrator_creates_an_account_that_can_sign_in(staff_app, as_user):
    admin = as_user("admin")
    page = admin.client.get("/staff/users/").get_data(as_text=True)
    assert "账号管理" in page and "handler2" in page and "从未登录" in page
    assert admin.post("/staff/users/", "/staff/users/", NEW).status_code == 302
    page = admin.client.get("/staff/users/").get_data(as_text=True)
    assert "已创建账号 wang（执法部门负责人）" in page and "王执法" in page
    assert Staff(staff_app).login("wang", NEW["password"]).status_code == 302
    assert actions_on(user("wang")) == [("admin", "user.create")]


def test_a_bad_or_taken_account_is_refused_beside_the_field(staff_app, as_user):
    admin = as_user("admin")
    short = admin.post("/staff/users/", "/staff/users/", {**NEW, "password": "short"})
    assert short.status_code == 400 and "至少10个字符" in short.get_data(as_text=True)
    taken = admin.post("/staff/users/", "/staff/users/", {**NEW, "username": "handler"})
    assert taken.status_code == 409 and "用户名 handler 已存在" in taken.get_data(as_text=True)
    role = admin.post("/staff/users/", "/staff/users/", {**NEW, "role": "boss"})
    assert role.status_code == 400 and user("wang") is None
    assert admin.client.post("/staff/users/", data=NEW).status_code == 400  # no CSRF token
    assert user("wang") is None


def test_a_stopped_account_is_signed_out_at_once_and_can_be_restored(staff_app, as_user):
    admin, handler = as_user("admin"), as_user("handler")
    assert handler.client.get("/staff/").status_code == 200
    target = user("handler")
    assert admin.post(f"/staff/users/{target.id}/deactivate", "/staff/users/").status_code == 302
    assert handler.client.get("/staff/").status_code == 302  # the open session is gone
    assert Staff(staff_app).login("handler").status_code == 401
    assert "已停用" in admin.client.get("/staff/users/").get_data(as_text=True)
    assert admin.post(f"/staff/users/{target.id}/activate", "/staff/users/").status_code == 302
    assert Staff(staff_app).login("handler").status_code == 302
    assert actions_on(target)[-2:] == [("admin", "user.deactivate"), ("admin", "user.activate")]
    assert audit.verify()[0]


def test_an_administrator_cannot_stop_their_own_account(staff_app, as_user):
    admin = as_user("admin")
    me = user("admin")
    response = admin.post(f"/staff/users/{me.id}/deactivate", "/staff/users/")
    assert response.status_code == 400 and "不能停用自己的账号" in response.get_data(as_text=True)
    assert user("admin").active
    assert admin.post("/staff/users/9999/deactivate", "/staff/users/").status_code == 404


def test_a_password_reset_replaces_the_old_one(staff_app, as_user):
    admin = as_user("admin")
    target = user("legal")
    short = admin.post(f"/staff/users/{target.id}/password", "/staff/users/", {"password": "short"})
    assert short.status_code == 400
    assert (
        admin.post(
            f"/staff/users/{target.id}/password", "/staff/users/", {"password": "reset by the admin"}
        ).status_code
        == 302
    )
    assert Staff(staff_app).login("legal", PASSWORD).status_code == 401
    assert Staff(staff_app).login("legal", "reset by the admin").status_code == 302
    assert ("admin", "user.reset_password") in actions_on(target)
    page = admin.client.get("/staff/users/").get_data(as_text=True)
    assert "reset by the admin" not in page and target.password_hash not in page


def test_the_cli_lists_stops_restores_and_resets(staff_app):
    run = staff_app.test_cli_runner().invoke
    listed = run(args=["users", "list"])
    assert listed.exit_code == 0 and "handler2\thandler2\t办案人员\t在用\t从未登录" in listed.output
    assert run(args=["users", "deactivate", "head"]).output.strip() == "已停用账号 head"
    assert not user("head").active and "已停用" in run(args=["users", "list"]).output
    assert run(args=["users", "activate", "head"]).exit_code == 0 and user("head").active
    missing = run(args=["users", "deactivate", "nobody"])
    assert missing.exit_code == 1 and "账号 nobody 不存在" in missing.output
    short = run(args=["users", "reset-password", "head", "--password", "short"])
    assert short.exit_code == 1 and "新密码至少10个字符" in short.output
    assert run(args=["users", "reset-password", "head", "--password", "from the command line"]).exit_code == 0
    assert Staff(staff_app).login("head", "from the command line").status_code == 302
    assert [a for _, a in actions_on(user("head"))][-3:] == ["user.deactivate", "user.activate", "user.reset_password"]


def test_account_changes_are_shown_on_every_head_s_dashboard(staff_app, as_user):
    admin = as_user("admin")
    assert admin.post("/staff/users/", "/staff/users/", NEW).status_code == 302  # wang, a second head
    target = user("legal")
    assert admin.post(f"/staff/users/{target.id}/role", "/staff/users/", {"role": "head"}).status_code == 302
    assert admin.post(f"/staff/users/{target.id}/deactivate", "/staff/users/").status_code == 302
    assert actions_on(target)[-2:] == [("admin", "user.role"), ("admin", "user.deactivate")]
    assert [e.before for e in audit.history(f"user:{target.id}") if e.action == "user.role"] == [{"role": "legal"}]
    wang = Staff(staff_app)
    assert wang.login("wang", NEW["password"]).status_code == 302
    for head, staff in (("head", as_user("head")), ("wang", wang)):
        page = staff.client.get("/staff/").get_data(as_text=True)
        section = page[page.index("最近的账号变动") :]
        assert "创建账号（执法部门负责人）" in section and "修改角色（执法部门负责人）" in section, head
        assert "停用账号" in section and "legal" in section and "wang" in section
        assert section.index("停用账号") < section.index("修改角色")  # newest first
    for role in ("handler", "leader", "admin"):
        assert "最近的账号变动" not in as_user(role).client.get("/staff/").get_data(as_text=True), role


def test_an_administrator_cannot_draft_so_cannot_approve_their_own_draft(staff_app, as_user):
    admin = as_user("admin")
    assert admin.client.get("/staff/decisions/new").status_code == 403
    from tests.staff.conftest import VALID_FORM

    assert admin.post("/staff/decisions/new", "/staff/users/", VALID_FORM).status_code == 403
    assert "起草处罚决定" not in admin.client.get("/staff/").get_data(as_text=True)
    assert admin.post("/staff/users/", "/staff/users/", {**NEW, "username": "shadow"}).status_code == 302
    from portal.models import Penalty

    assert db.session.scalar(select(Penalty.id)) is None  # nothing drafted for the new account to approve
