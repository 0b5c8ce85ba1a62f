"""A correction (更正) is a small review cycle of its own: proposed by one person, stored as pending with nothing
public changed, approved or rejected by a second person with the right role (never the proposer), and only an
approval changes the public page, the API, the feeds, the change log and the credit outbox. Both databases."""

import feedparser
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import audit
from portal.errors import PortalError
from portal.extensions import db
from portal.models import Correction, CreditChange, PenaltyChange
from portal.staff import corrections
from tests.staff.conftest import user

PHONE = "13912345678"
WITNESS = "证人刘德明"


def public_outputs(app, p) -> dict:
    client = app.test_client()
    return {
        "page": client.get(f"/penalties/{p.id}").get_data(as_text=True),
        "api": client.get(f"/api/v1/penalties/{p.id}").get_json(),
        "changes": client.get("/api/v1/changes?since=0").get_json(),
        "feed": feedparser.parse(client.get("/feeds/penalties.atom").data),
    }


def actions(p) -> list[str]:
    return [e.action for e in audit.history(f"penalty:{p.id}")]


def test_the_proposer_never_approves_and_wrong_roles_are_refused(published):
    p = published
    c = corrections.propose(p, user("legal"), {"content": "罚款人民币伍佰元"}, "大写笔误")
    with pytest.raises(PortalError) as err:
        corrections.approve(c, user("legal"))  # legal may approve, but not their own proposal
    assert err.value.status == 403 and "自己提出" in err.value.message
    with pytest.raises(PortalError) as err:
        corrections.reject(c, user("legal"), "不同意")
    assert err.value.status == 403
    for who in ("handler", "handler2", "leader", "admin"):
        with pytest.raises(PortalError) as err:
            corrections.approve(c, user(who))
        assert err.value.status == 403, who
    assert c.status == "pending" and p.content == "罚款人民币500元" and p.status == "published"
    corrections.approve(c, user("head"))
    assert c.status == "approved" and p.content == "罚款人民币伍佰元" and p.status == "corrected"


def test_a_handler_proposes_only_for_their_own_case_and_approvers_decide(published):
    p = published
    with pytest.raises(PortalError) as err:
        corrections.propose(p, user("handler2"), {"content": "罚款人民币伍佰元"}, "笔误")
    assert err.value.status == 403
    c = corrections.propose(p, user("handler"), {"content": "罚款人民币伍佰元"}, "笔误")
    assert corrections.waiting_for(user("head")) == [c] and corrections.waiting_for(user("legal")) == [c]
    assert corrections.waiting_for(user("handler")) == [] and corrections.waiting_for(user("leader")) == []
    corrections.approve(c, user("legal"))
    assert p.content == "罚款人民币伍佰元"


def test_a_rejection_leaves_every_public_output_unchanged(staff_app, published):
    p = published
    before = public_outputs(staff_app, p)
    outbox = db.session.scalar(select(db.func.count()).select_from(CreditChange))
    c = corrections.propose(p, user("handler"), {"facts": p.facts + "（更正）", "content": "罚款人民币伍佰元"}, "笔误")
    db.session.commit()
    assert public_outputs(staff_app, p) == before  # pending: nothing public moves
    with pytest.raises(PortalError) as err:
        corrections.reject(c, user("head"), " ")
    assert err.value.status == 400  # a rejection gives its reason
    corrections.reject(c, user("head"), "“伍佰元”与决定书原件不符")
    db.session.commit()
    assert c.status == "rejected" and c.decision_reason == "“伍佰元”与决定书原件不符"
    assert public_outputs(staff_app, p) == before
    assert db.session.scalar(select(db.func.count()).select_from(CreditChange)) == outbox
    assert p.version == 1 and p.status == "published" and p.correction_note == ""
    assert actions(p)[-2:] == ["correction.propose", "correction.reject"]
    with pytest.raises(PortalError) as err:
        corrections.approve(c, user("legal"))
    assert err.value.status == 409  # a decided correction stays decided
    assert audit.verify()[0]


def test_an_approval_reaches_the_page_the_api_the_feeds_the_change_log_and_the_outbox(staff_app, published):
    p = published
    corrections.propose(p, user("handler"), {"content": "罚款人民币伍佰元整"}, "处罚内容大写笔误")
    db.session.commit()
    c = corrections.pending(p)
    assert c.changes == {"content": "罚款人民币伍佰元整"} and c.before == {"content": "罚款人民币500元"}
    corrections.approve(c, user("head"), "与原件核对无误")
    db.session.commit()
    after = public_outputs(staff_app, p)
    assert "罚款人民币伍佰元整" in after["page"] and "处罚内容大写笔误" in after["page"]
    assert after["api"]["content"] == "罚款人民币伍佰元整" and after["api"]["status"] == "corrected"
    assert after["api"]["correction_note"] == "处罚内容大写笔误"
    update = after["changes"]["changes"][-1]
    assert update["op"] == "update" and update["decision"]["content"] == "罚款人民币伍佰元整"
    assert any("【更正】" in e.title or "伍佰元整" in e.summary for e in after["feed"].entries)
    ops = [x.op for x in db.session.scalars(select(CreditChange).order_by(CreditChange.id))]
    assert ops == ["upsert", "upsert"]
    assert [x.op for x in db.session.scalars(select(PenaltyChange).order_by(PenaltyChange.seq))] == ["add", "update"]
    assert actions(p)[-2:] == ["correction.propose", "correction.approve"]
    approved = audit.history(f"penalty:{p.id}")[-1]
    assert approved.actor == "head" and approved.before["content"] == "罚款人民币500元"
    assert approved.after["content"] == "罚款人民币伍佰元整" and approved.after["correction"] == c.id
    assert audit.verify()[0]


def test_the_penalty_itself_and_empty_corrections_are_refused_at_the_proposal(published):
    p = published
    with pytest.raises(PortalError) as err:
        corrections.propose(p, user("handler"), {"fine_yuan": p.fine_yuan + 1}, "金额笔误")
    assert err.value.status == 400 and "撤回原决定" in err.value.message
    with pytest.raises(PortalError) as err:
        corrections.propose(p, user("handler"), {"content": p.content}, "没有改动")
    assert err.value.status == 400 and "相同" in err.value.message
    with pytest.raises(PortalError) as err:
        corrections.propose(p, user("handler"), {"content": "罚款人民币伍佰元"}, "  ")
    assert err.value.status == 400
    assert corrections.history(p) == []


def test_one_pending_correction_per_decision(staff_app, published):
    p = published
    first = corrections.propose(p, user("handler"), {"content": "罚款人民币伍佰元"}, "笔误")
    with pytest.raises(PortalError) as err:
        corrections.propose(p, user("legal"), {"facts": p.facts + "。"}, "标点")
    assert err.value.status == 409
    db.session.commit()
    # The database refuses a second pending row even when the domain check is raced past.
    db.session.add(
        Correction(
            penalty_id=p.id,
            status="pending",
            changes={},
            before={},
            note="并发",
            proposed_by=user("legal").id,
            decision_reason="",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(PortalError) as err:
        corrections.cancel(first, user("legal"))
    assert err.value.status == 403  # only the proposer takes it back
    corrections.cancel(first, user("handler"))
    second = corrections.propose(p, user("legal"), {"facts": p.facts + "。"}, "标点")
    db.session.commit()
    assert [c.status for c in corrections.history(p)] == ["cancelled", "pending"] and second.status == "pending"


def test_the_reviewer_sees_the_before_after_and_the_masked_public_preview(staff_app, published, as_user):
    p = published
    handler, head = as_user("handler"), as_user("head")
    page = f"/staff/decisions/{p.id}"
    facts = p.facts + f"{WITNESS}（电话{PHONE}）在场。"
    response = handler.post(f"{page}/correct", page, {"note": "补录在场证人", "facts": facts})
    assert response.status_code == 302
    assert p.facts != facts  # pending only
    seen = head.client.get(page).get_data(as_text=True)
    assert "待核准的更正" in seen and "核准更正" in seen and "驳回更正" in seen
    assert "<ins>" in seen and "核准后的公示预览" in seen
    preview = seen[seen.index("核准后的公示预览") :]
    preview, check = preview[: preview.index("隐私处理核对")], preview[preview.index("隐私处理核对") :]
    assert PHONE not in preview and "刘某某" in preview and "[电话已隐去]" in preview
    assert f"<td>{PHONE}</td>" in check  # staff confirm what the public will not see
    own = handler.client.get(page).get_data(as_text=True)
    assert "待核准的更正" in own and "核准更正" not in own and "撤销这项更正" in own
    assert p.document_number in head.client.get("/staff/").get_data(as_text=True)  # the approver's queue
    assert "待核准的更正" not in handler.client.get("/staff/").get_data(as_text=True)
    c = corrections.pending(p)
    refused = handler.post(f"/staff/corrections/{c.id}/approve", page)
    assert refused.status_code == 403 and "可以核准更正" in refused.get_data(as_text=True)
    assert head.post(f"/staff/corrections/{c.id}/approve", page).status_code == 302
    db.session.refresh(p)
    assert p.facts == facts and p.status == "corrected"
    public = staff_app.test_client().get(f"/penalties/{p.id}").get_data(as_text=True)
    assert "刘某某" in public and PHONE not in public and WITNESS not in public
    assert "更正记录" in head.client.get(page).get_data(as_text=True)
