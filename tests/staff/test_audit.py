"""The audit trail is a hash chain: `audit verify` passes as written and fails on any edit or deletion."""

from sqlalchemy import text

from portal import audit
from portal.extensions import db
from tests.staff.test_workflow import CHECKS, act, draft


def run_verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def build_history(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="")
    act(handler, p, "submit")
    act(head, p, "approve", CHECKS)
    act(handler, p, "publish")
    return p


def test_an_untouched_chain_verifies(staff_app, as_user):
    p = build_history(staff_app, as_user)
    result = run_verify(staff_app)
    assert result.exit_code == 0 and "审计链完整" in result.output
    actions = [e.action for e in audit.history(f"penalty:{p.id}")]
    assert actions[:2] == ["penalty.save", "review.submit"] and "penalty.publish" in actions


def test_an_edited_event_is_caught(staff_app, as_user):
    build_history(staff_app, as_user)
    db.session.execute(text("UPDATE audit_events SET actor = 'someone-else' WHERE id = 3"))
    db.session.commit()
    result = run_verify(staff_app)
    assert result.exit_code != 0 and "事件 3 的内容被改动" in result.output


def test_a_deleted_event_is_caught(staff_app, as_user):
    build_history(staff_app, as_user)
    db.session.execute(text("DELETE FROM audit_events WHERE id = 4"))
    db.session.commit()
    result = run_verify(staff_app)
    assert result.exit_code != 0 and "事件 5 与前一事件不衔接" in result.output


def test_deleting_the_newest_event_is_caught(staff_app, as_user):
    build_history(staff_app, as_user)
    last = db.session.execute(text("SELECT max(id) FROM audit_events")).scalar()
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": last})
    db.session.commit()
    assert "末尾事件" in run_verify(staff_app).output
