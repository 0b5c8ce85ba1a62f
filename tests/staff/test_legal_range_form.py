"""The staff form against the chosen item's legal range: refused outside a confirmed range (in Chinese, beside the
field, and at submission), warned outside an unconfirmed one; 法制审核 sees the range and the (absent) 裁量基准."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Penalty
from tests.staff.conftest import VALID_FORM

NOISE = {
    **VALID_FORM,
    "power_code": "HX-CF-039",
    "violation": "对已竣工交付使用的建筑物进行室内装修活动，未按照规定在限定的作业时间内进行",
    "facts": "2026年11月1日夜间，当事人在某小区底商进行室内装修，经说服教育、责令改正后拒不改正。",
    "basis": "《中华人民共和国噪声污染防治法》第八十二条第三项",
}


@pytest.fixture
def seeded_staff(staff_app):
    from portal.seed import load_all
    from tests.conftest import SEED_DIR

    load_all(SEED_DIR)
    return staff_app


def _draft(staff, form) -> tuple[str, Penalty]:
    response = staff.post("/staff/decisions/new", "/staff/decisions/new", form)
    p = db.session.scalars(select(Penalty).where(Penalty.document_number == form["document_number"])).one()
    return response, p


def test_an_amount_outside_a_confirmed_range_is_refused_in_chinese(seeded_staff, as_user):
    handler = as_user("handler")
    form = {**NOISE, "categories": ["罚款"], "fine_yuan": "1999", "content": "罚款人民币1999元"}
    response, p = _draft(handler, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200  # saved as a draft, the fields marked
    assert "罚款 1,999.00 元超出《噪声污染防治法》第八十二条规定的幅度（单位 2,000–20,000 元）" in page
    assert "《噪声污染防治法》第八十二条规定应当给予警告，处罚类别缺少“警告”" in page
    refused = handler.post(f"/staff/decisions/{p.id}/submit", f"/staff/decisions/{p.id}")
    assert refused.status_code == 400 and "罚款 1,999.00 元超出" in refused.get_data(as_text=True)
    assert db.session.get(Penalty, p.id).review_stage == "draft"
    fixed = {**form, "categories": ["警告", "罚款"], "fine_yuan": "2000", "content": "警告；罚款人民币2000元"}
    response = handler.post(f"/staff/decisions/{p.id}/edit", f"/staff/decisions/{p.id}/edit", fixed)
    assert response.status_code == 302
    assert handler.post(f"/staff/decisions/{p.id}/submit", f"/staff/decisions/{p.id}").status_code == 302


def test_an_unconfirmed_range_warns_and_the_reviewer_sees_range_and_benchmark(seeded_staff, as_user):
    handler = as_user("handler")
    form = {
        **VALID_FORM,
        "power_code": "HX-CF-018",
        "violation": "未经批准张贴宣传品",
        "facts": "2026年11月1日，当事人在某路电线杆上张贴小广告5处。",
        "basis": "《城市市容和环境卫生管理条例》第三十四条第二项",
        "fine_yuan": "300",
        "content": "罚款人民币300元",
    }
    response, p = _draft(handler, form)
    assert response.status_code == 302  # a warning does not hold the draft back
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "法定罚款幅度（法制审核）" in page and "本条未规定罚款数额" in page
    assert "《天津市文明行为促进条例》第六十五条" in page and "100–200 元" in page and "据二手资料，未核实" in page
    assert "未确认：超出只提示" in page and "罚款 300.00 元超出" in page and "仅提示" in page
    assert "本单位尚未制定该事项的裁量基准" in page
    assert handler.post(f"/staff/decisions/{p.id}/submit", f"/staff/decisions/{p.id}").status_code == 302
    head, legal = as_user("head"), as_user("legal")
    checks = {k: "y" for k in ("subject", "authority", "procedure", "facts", "discretion", "law")}
    head.post(f"/staff/decisions/{p.id}/approve", f"/staff/decisions/{p.id}", checks)  # the first level
    page = legal.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "调整档次" in page  # the decision waits for 法制审核, who sees the range beside the tier
    assert "法定罚款幅度（法制审核）" in page and "罚款 300.00 元超出" in page


def test_a_decision_without_an_item_says_so(seeded_staff, as_user):
    handler = as_user("handler")
    response, p = _draft(handler, VALID_FORM)
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    assert "未关联权责清单事项，无法显示法定幅度" in page
