"""回避 links maintained by staff: added and removed with a reason, audited, counted by plans published after the
change only (a published snapshot stays as it was)."""

from __future__ import annotations

import pytest

from portal import audit
from portal.errors import PortalError
from portal.extensions import db
from portal.inspections import plans, pools
from portal.models import Recusal

from .conftest import PLAN, user


def _recuse_of(plan, inspector_id: int) -> list[int]:
    return next(i["recuse"] for i in plan.inspectors_snapshot if i["id"] == inspector_id)


def test_add_and_remove_count_for_future_plans_only(insp_app, pools_ready):
    head = user("head")
    first, second = pools_ready["inspectors"][0], pools_ready["inspectors"][1]
    target = pools_ready["objects"][2]
    published = plans.save(None, dict(PLAN), head)
    plans.publish(published, head)
    db.session.commit()
    frozen = list(published.inspectors_snapshot)

    pools.add_recusal(second, target, "曾在该公司任职", head)
    link = db.session.scalar(db.select(Recusal).where(Recusal.inspector_id == first.id))
    pools.remove_recusal(link, "亲属已不再经营该店", head)
    db.session.commit()

    db.session.refresh(published)
    assert published.inspectors_snapshot == frozen  # the published plan keeps what it froze
    later = plans.save(None, {**PLAN, "title": "下一期"}, head)
    plans.publish(later, head)
    db.session.commit()
    assert _recuse_of(later, second.id) == [target.id]
    assert _recuse_of(later, first.id) == []

    removal = audit.history(f"inspector:{first.id}")[-1]
    assert removal.action == "inspection.recusal_remove"
    assert removal.before == {"object_id": pools_ready["objects"][0].id, "reason": "近亲属经营"}
    assert removal.after["reason"] == "亲属已不再经营该店"
    assert audit.history(f"inspector:{second.id}")[-1].after == {"object_id": target.id, "reason": "曾在该公司任职"}


@pytest.mark.parametrize("reason", ["", "   ", "长" * 201])
def test_a_removal_needs_a_reason_and_changes_nothing(insp_app, pools_ready, reason):
    link = db.session.scalar(db.select(Recusal))
    with pytest.raises(PortalError, match="解除回避的理由") as err:
        pools.remove_recusal(link, reason, user("head"))
    assert err.value.status == 400
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Recusal)) == 1


def test_staff_pages_add_and_remove_with_permission(insp_app, pools_ready, as_user):
    page = "/staff/inspections/inspectors"
    link = db.session.scalar(db.select(Recusal))
    legal = as_user("legal")
    refused = legal.post(f"/staff/inspections/recusals/{link.id}/remove", page, {"reason": "错登"})
    assert refused.status_code == 403 and "维护名录库" in refused.get_data(as_text=True)
    handler = as_user("handler")
    empty = handler.post(f"/staff/inspections/recusals/{link.id}/remove", page, {"reason": ""})
    assert empty.status_code == 400 and "解除回避的理由" in empty.get_data(as_text=True)
    assert handler.post(f"/staff/inspections/recusals/{link.id}/remove", page, {"reason": "错登"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Recusal)) == 0
    assert handler.client.get(page).status_code == 200
    missing = handler.post("/staff/inspections/recusals/999/remove", page, {"reason": "错登"})
    assert missing.status_code == 404
    added = handler.post(
        "/staff/inspections/recusals",
        page,
        {"inspector_id": pools_ready["inspectors"][2].id, "object_id": pools_ready["objects"][3].id, "reason": ""},
    )
    assert added.status_code == 400 and "回避事由" in added.get_data(as_text=True)
