"""The decision's way through the office: draft, four reviews, publication, correction, withdrawal."""

import feedparser
from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import Correction, CreditChange, Penalty, Review
from tests.staff.conftest import VALID_FORM


def draft(staff, **changes) -> Penalty:
    response = staff.post("/staff/decisions/new", "/staff/decisions/new", {**VALID_FORM, **changes})
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    return db.session.scalars(select(Penalty).order_by(Penalty.id.desc())).first()


def act(staff, p, action, data=None):
    return staff.post(f"/staff/decisions/{p.id}/{action}", f"/staff/decisions/{p.id}", data)


CHECKS = {k: "y" for k in ("subject", "authority", "procedure", "facts", "discretion", "law")}


def test_the_form_says_at_once_what_is_wrong_with_a_code(staff_app, as_user):
    handler = as_user("handler")
    response = handler.post(
        "/staff/decisions/new", "/staff/decisions/new", {**VALID_FORM, "uscc": "91350100M000100Y44", "fine_yuan": ""}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "统一社会信用代码校验位错误" in page and "处罚类别含罚款时必填" in page
    p = db.session.scalars(select(Penalty)).one()  # the draft is kept
    summary = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    uscc = "行政相对人代码_1（统一社会信用代码）："  # problems are named in Chinese, as the credit format names them
    assert f"<li>{uscc}" in summary and "<li>罚款金额（万元）：" in summary and "uscc" not in summary
    refused = act(handler, p, "submit")
    assert refused.status_code == 400 and f"决定信息不完整或有误：{uscc}" in refused.get_data(as_text=True)
    fixed = handler.post(f"/staff/decisions/{p.id}/edit", f"/staff/decisions/{p.id}/edit", VALID_FORM)
    assert fixed.status_code == 302
    db.session.refresh(p)
    assert p.uscc == "91350100M000100Y43" and p.fine_yuan == 2000


def test_a_major_decision_passes_four_levels_then_is_public(staff_app, as_user):
    handler, head, legal, leader = (as_user(u) for u in ("handler", "head", "legal", "leader"))
    p = draft(handler)
    assert act(handler, p, "submit").status_code == 302 and p.review_stage == "head"
    assert act(legal, p, "approve", CHECKS).status_code == 403  # not yet the legal reviewer's turn
    assert act(head, p, "approve", {"subject": "y"}).status_code == 400  # every check must be confirmed
    for reviewer, nxt in ((head, "legal"), (legal, "leader"), (leader, "approved")):
        assert act(reviewer, p, "approve", {**CHECKS, "comment": "同意"}).status_code == 302
        db.session.refresh(p)
        assert p.review_stage == nxt
    assert p.status == "draft" and staff_app.test_client().get(f"/penalties/{p.id}").status_code == 404
    assert act(handler, p, "publish").status_code == 302
    db.session.refresh(p)
    assert p.status == "published"
    public = staff_app.test_client()
    assert "天津市东丽区恒基建筑工程有限公司" in public.get("/penalties").get_data(as_text=True)
    feed = feedparser.parse(public.get("/feeds/penalties.atom").data)
    assert any(p.document_number in e.summary for e in feed.entries)
    assert [r.action for r in db.session.scalars(select(Review).where(Review.penalty_id == p.id))] == [
        "submit",
        "approve",
        "approve",
        "approve",
        "publish",
    ]
    assert [c.op for c in db.session.scalars(select(CreditChange))] == ["upsert"]  # the push follows
    assert audit.verify()[0]


def test_an_ordinary_decision_needs_only_the_configured_levels(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="")
    act(handler, p, "submit")
    act(head, p, "approve", CHECKS)
    db.session.refresh(p)
    assert p.review_stage == "approved"


def test_a_reviewer_returns_the_draft_with_comments(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler)
    act(handler, p, "submit")
    assert act(head, p, "return", {"comment": ""}).status_code == 400
    assert act(head, p, "return", {"comment": "证据不足，请补充现场照片"}).status_code == 302
    db.session.refresh(p)
    assert p.review_stage == "returned"
    assert "证据不足" in handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert act(handler, p, "submit").status_code == 302


def test_nobody_approves_their_own_draft_or_twice(staff_app, as_user):
    from portal.models import User

    handler, head = as_user("handler"), as_user("head")
    p = draft(handler)
    act(handler, p, "submit")
    head_user = db.session.scalar(select(User).where(User.username == "head"))
    p.created_by = head_user.id  # drafted by the person who now heads the team
    db.session.commit()
    response = act(head, p, "approve", CHECKS)
    assert response.status_code == 403 and "不能审核自己起草的决定" in response.get_data(as_text=True)
    p.created_by = db.session.scalar(select(User.id).where(User.username == "handler"))
    db.session.commit()
    assert act(head, p, "approve", CHECKS).status_code == 302
    head_user.role = "legal"  # the same person, moved to the next level
    db.session.commit()
    response = act(head, p, "approve", CHECKS)
    assert response.status_code == 403 and "两个审核环节" in response.get_data(as_text=True)


def test_correction_and_withdrawal_from_the_staff_side(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    staff = head
    p = draft(handler, major="")
    act(handler, p, "submit")
    act(head, p, "approve", CHECKS)
    act(handler, p, "publish")
    refused = act(handler, p, "correct", {"note": "金额笔误", "fine_yuan": "1500", "content": "罚款人民币1500元"})
    assert refused.status_code == 400 and "属于变更处罚决定，不能以更正处理：请撤回原决定" in refused.get_data(
        as_text=True
    )
    assert act(handler, p, "correct", {"note": "文字笔误", "content": "罚款人民币贰仟元"}).status_code == 302
    c = db.session.scalars(select(Correction)).one()
    assert staff.post(f"/staff/corrections/{c.id}/approve", f"/staff/decisions/{p.id}").status_code == 302
    public = staff_app.test_client()
    assert "更正：" in public.get(f"/penalties/{p.id}").get_data(as_text=True)
    assert act(handler, p, "withdraw", {"event": "撤销", "event_on": "2026-11-24", "reason": ""}).status_code == 400
    assert (
        act(handler, p, "withdraw", {"event": "撤销", "event_on": "2026-11-24", "reason": "复议机关撤销"}).status_code
        == 302
    )
    assert "撤回公告" in public.get(f"/penalties/{p.id}").get_data(as_text=True)
    assert public.get("/api/v1/penalties").get_json()["total"] == 0
    ops = [c.op for c in db.session.scalars(select(CreditChange).order_by(CreditChange.id))]
    assert ops == ["upsert", "upsert", "withdraw"]
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "<td>撤回</td><td>复议机关撤销</td>" in page and "撤回期限：2026-11-27" in page
    assert "逾期撤回" not in page


def test_a_withdrawal_after_its_deadline_is_marked(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="", decided_on="2026-11-02", document_number="撤回逾期〔2026〕1号")
    act(handler, p, "submit")
    act(head, p, "approve", CHECKS)
    act(handler, p, "publish")
    future = act(handler, p, "withdraw", {"event": "撤销", "event_on": "2026-12-01", "reason": "复议机关撤销"})
    assert future.status_code == 400 and "晚于今天" in future.get_data(as_text=True)
    assert (
        act(handler, p, "withdraw", {"event": "撤销", "event_on": "2026-11-16", "reason": "复议机关撤销"}).status_code
        == 302
    )
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "撤回期限：2026-11-19" in page and "逾期撤回" in page  # withdrawn on the 25th (or later)


def test_the_dashboard_shows_due_and_overdue(staff_app, as_user):
    handler = as_user("handler")
    draft(handler, decided_on="2026-11-02", document_number="逾期测试〔2026〕1号")
    page = handler.client.get("/staff/").get_data(as_text=True)
    assert "逾期测试〔2026〕1号" in page and "已逾期" in page  # due 2026-11-11 (7 working days)
    other = as_user("handler2").client.get("/staff/").get_data(as_text=True)
    assert "逾期测试" not in other  # a handler's drafts are theirs
    assert "节假日日历未包含" not in page  # the shipped calendar lists 2026


def test_staff_preview_what_the_public_will_see_before_publishing(staff_app, as_user):
    handler = as_user("handler")
    p = draft(
        handler,
        party_type="自然人",
        party_name="王建国",
        uscc="",
        legal_rep="",
        id_type="身份证",
        id_number="120110198506154213",
        document_number="预览测试〔2026〕1号",
        facts="当事人王建国（住址：华新街道某小区3号楼301，电话13812345678）在华新街道某路口占路经营。",
    )
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    preview = page[page.index("公示预览") : page.index("隐私处理核对")]  # the check below it names the originals
    assert "王某某" in preview and "王建国" not in preview
    assert "<td>王建国</td>" in page[page.index("隐私处理核对") : page.index('id="act-title"')]
    assert "[电话已隐去]" in preview and "3号楼301" not in preview and "13812345678" not in preview
    assert "（已作隐私处理）" in preview and "在华新街道某路口占路经营" in preview
    assert "公示截止期</dt><dd>2027-11-19" in preview  # 36号令 (from 2026-04-01), 一般 tier: one year
    assert "适用规则</dt><dd>《信用修复管理办法》（国家发展改革委令第36号）（档次：未核实）" in page
    assert "失信程度档次</dt><dd>一般（系统按处罚类别、金额和领域建议）" in page
    assert "王建国" in page[: page.index("公示预览")]  # staff still see the full record above it
    act(handler, p, "submit")
    head = as_user("head")
    assert "公示预览" in head.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)  # reviewers check it too


def test_the_heads_of_the_office_see_every_unpublished_decision(staff_app, as_user):
    handler = as_user("handler")
    draft(handler, decided_on="2026-11-02", document_number="全办逾期〔2026〕1号")
    draft(handler, decided_on="2026-11-24", document_number="全办未逾期〔2026〕2号")
    for role in ("head", "leader"):
        page = as_user(role).client.get("/staff/").get_data(as_text=True)
        assert "全办未公示决定" in page and "共 2 件，其中 <strong>1</strong> 件已超过公示期限" in page, role
        assert "全办逾期〔2026〕1号" in page and "全办未逾期〔2026〕2号" in page
    assert "全办未公示决定" not in handler.client.get("/staff/").get_data(as_text=True)


def test_deadlines_in_a_year_the_calendar_lacks_are_flagged(staff_app, as_user, tmp_path):
    (tmp_path / "holidays.csv").write_text("date,kind\n2025-10-01,休\n", encoding="utf-8")
    staff_app.config["HOLIDAYS_FILE"] = str(tmp_path / "holidays.csv")
    handler = as_user("handler")
    p = draft(handler, decided_on="2026-11-02", document_number="日历测试〔2026〕1号")
    for url in ("/staff/", f"/staff/decisions/{p.id}"):
        page = handler.client.get(url).get_data(as_text=True)
        assert "节假日日历未包含 2026 年" in page, url


def test_the_legal_basis_comes_from_the_chosen_power_item(staff_app, as_user):
    from portal.seed import load_all
    from tests.conftest import SEED_DIR

    load_all(SEED_DIR)
    handler = as_user("handler")
    p = draft(handler, basis="", power_code="HX-CF-017")
    assert "《城市市容和环境卫生管理条例》第三十四条" in p.basis and p.law.name == "城市市容和环境卫生管理条例"
    assert p.article_number == 34


def test_the_legal_reviewer_changes_the_tier_with_a_reason(staff_app, as_user):
    handler, head, legal, leader = (as_user(u) for u in ("handler", "head", "legal", "leader"))
    p = draft(handler, major="y")
    act(handler, p, "submit")
    assert act(head, p, "tier", {"tier": "严重", "tier_reason": "情节严重"}).status_code == 409  # not at 法制审核
    act(head, p, "approve", {**CHECKS, "comment": "同意"})
    assert "调整档次" in legal.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert act(legal, p, "tier", {"tier": "严重", "tier_reason": ""}).status_code == 400  # a reason is required
    assert act(legal, p, "tier", {"tier": "严重", "tier_reason": "多次违法，情节严重"}).status_code == 302
    for reviewer in (legal, leader):
        act(reviewer, p, "approve", {**CHECKS, "comment": "同意"})
    act(handler, p, "publish")
    db.session.refresh(p)
    assert (p.publicity_tier, p.publicity_months) == ("严重", 36)
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "严重（法制审核调整：多次违法，情节严重）" in page and "调整失信程度档次" in page
    event = next(e for e in audit.history(f"penalty:{p.id}") if e.action == "penalty.tier")
    assert event.before["tier"] == "一般" and event.after == {"tier": "严重", "reason": "多次违法，情节严重"}


def test_the_staff_page_says_why_a_minors_decision_is_not_published(staff_app, as_user):
    handler = as_user("handler")
    p = draft(
        handler,
        party_type="自然人",
        party_name="李小明",
        uscc="",
        legal_rep="",
        id_type="身份证",
        id_number="120110200811104216",
        decided_on="2026-11-09",
        document_number="未成年人〔2026〕1号",
    )
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "不予公示</dt><dd>当事人作出处罚决定时未满十八周岁，不予公示" in page


def test_publishing_from_the_staff_side_switches_the_banner_off(staff_app, as_user):
    from portal.penalties import sample

    sample.record_loaded(77, "penalties.jsonl")
    db.session.commit()
    public = staff_app.test_client()
    assert "示例数据，非真实处罚信息" in public.get("/").get_data(as_text=True)
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="")
    act(handler, p, "submit")
    # A draft is not public: the sample is still all there is.
    assert "示例数据，非真实处罚信息" in public.get("/").get_data(as_text=True)
    act(head, p, "approve", CHECKS)
    assert act(handler, p, "publish").status_code == 302
    assert "示例数据，非真实处罚信息" not in public.get("/").get_data(as_text=True)
