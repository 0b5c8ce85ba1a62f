"""The 公示预览 shows staff each span masking hid (kind, original words, what the public reads instead), so they
can confirm it before publication; public pages never show it."""

from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.models import Penalty
from portal.penalties import public
from tests.staff.conftest import VALID_FORM
from tests.staff.test_workflow import CHECKS, act, draft

TEMPLATES = Path(__file__).resolve().parents[2] / "portal" / "templates"
FACTS = (
    "2026年11月1日，当事人所属渣土车在华新街道某路沿途遗撒渣土约20米，证人刘德明（电话13912345678，"
    "家住华新街道丽新里24号楼3门101）目睹。"
)


def test_the_report_names_each_masked_span_with_its_kind(staff_app, as_user):
    p = draft(as_user("handler"), party_type="自然人", party_name="郑建华", uscc="", legal_rep="", facts=FACTS)
    report = {row["field"]: row for row in public.masking_report(p)}
    assert [(s.kind, s.original) for s in report["party_name"]["spans"]] == [("姓名", "郑建华")]
    facts = {(s.kind, s.original) for s in report["facts"]["spans"]}
    assert facts == {("姓名", "刘德明"), ("电话", "13912345678"), ("住址", "华新街道丽新里24号楼3门101")}
    # The pieces read as the published text, each masked span marked.
    assert "".join(text for text, _ in report["facts"]["pieces"]) == public.public_view(p)["facts"]
    assert "violation" not in report  # nothing masked there


def test_staff_see_the_spans_and_the_public_never_does(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="", facts=FACTS)
    page = handler.client.get(f"/staff/decisions/{p.id}").get_data(as_text=True)
    check = page[page.index("隐私处理核对") :]
    assert '<mark title="姓名">刘某某</mark>' in check and '<mark title="电话">[电话已隐去]</mark>' in check
    assert "<td>违法事实</td><td>电话</td><td>13912345678</td><td>[电话已隐去]</td>" in check
    assert "被隐去的内容（共 3 处）" in check
    act(handler, p, "submit")
    act(head, p, "approve", CHECKS)
    act(handler, p, "publish")
    p = db.session.scalars(select(Penalty).where(Penalty.document_number == VALID_FORM["document_number"])).one()
    assert p.status == "published"
    anonymous = staff_app.test_client()
    for url in (f"/penalties/{p.id}", f"/api/v1/penalties/{p.id}", "/feeds/penalties.atom", "/penalties"):
        body = anonymous.get(url).get_data(as_text=True)
        assert "隐私处理核对" not in body and "13912345678" not in body and "刘德明" not in body, url


def test_no_public_template_includes_the_check():
    for path in TEMPLATES.rglob("*.html"):
        if path.parent.name != "staff":
            assert "_mask_check" not in path.read_text(encoding="utf-8"), path
