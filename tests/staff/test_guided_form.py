"""The draft form is guided: choosing the 权责清单 item first fills the basis, the law, the article and shows the
item's field, from the seed data in the database (a JSON call for the form's script, a form button without
JavaScript); party-type fields are marked for the script to hide, and the server checks them per type anyway."""

from sqlalchemy import select

from portal import seed
from portal.extensions import db
from portal.models import Penalty, PowerItem
from portal.staff import drafting
from tests.conftest import SEED_DIR
from tests.staff.conftest import VALID_FORM


def seeded(staff_app) -> PowerItem:
    """Load the seed and return a 行政处罚 item that has a field and a 设定依据 linked to a law."""
    seed.load_all(SEED_DIR)
    items = db.session.scalars(select(PowerItem).where(PowerItem.category == "行政处罚", PowerItem.field != ""))
    return next(i for i in items if any(b.role == "设定依据" and b.article_number for b in i.bases))


def test_an_item_gives_the_basis_law_article_and_field(staff_app):
    item = seeded(staff_app)
    got = drafting.item_defaults(item.code)
    setting = next(b for b in item.bases if b.role == "设定依据")
    assert got["field"] == item.field and got["name"] == item.name
    assert got["law_id"] == setting.law_id and got["article_number"] == setting.article_number
    assert setting.law.name in got["basis"]


def test_the_script_s_json_and_its_refusals(staff_app, as_user):
    item = seeded(staff_app)
    handler = as_user("handler")
    response = handler.client.get(f"/staff/powers/{item.code}/draft-defaults")
    assert response.status_code == 200 and response.get_json() == drafting.item_defaults(item.code)
    missing = handler.client.get("/staff/powers/HX-XX-999/draft-defaults")
    assert missing.status_code == 404 and "HX-XX-999" in missing.get_data(as_text=True)  # the script says so
    assert as_user("head").client.get(f"/staff/powers/{item.code}/draft-defaults").status_code == 403


def test_without_javascript_the_button_fills_the_form_and_saves_nothing(staff_app, as_user):
    item = seeded(staff_app)
    handler = as_user("handler")
    before = db.session.scalar(select(db.func.count()).select_from(Penalty))
    typed = {**VALID_FORM, "power_code": item.code, "basis": "", "fill": "1"}
    response = handler.post("/staff/decisions/new", "/staff/decisions/new", typed)
    page = response.get_data(as_text=True)
    got = drafting.item_defaults(item.code)
    assert response.status_code == 200 and f"领域：{item.field}" in page
    assert got["basis"] in page and f'<option selected value="{got["law_id"]}">' in page
    assert f'value="{got["article_number"]}"' in page
    assert VALID_FORM["party_name"] in page  # what was typed stays
    assert db.session.scalar(select(db.func.count()).select_from(Penalty)) == before
    empty = handler.post("/staff/decisions/new", "/staff/decisions/new", {**VALID_FORM, "fill": "1"})
    assert empty.status_code == 400 and "请先选择权责清单事项" in empty.get_data(as_text=True)


def test_party_fields_are_marked_and_checked_per_type_on_the_server(staff_app, as_user):
    handler = as_user("handler")
    page = handler.client.get("/staff/decisions/new").get_data(as_text=True)
    assert page.index('id="power_code"') < page.index('id="document_number"')  # the item comes first
    assert 'data-party="法人及非法人组织 个体工商户"' in page and 'data-party="自然人"' in page
    response = handler.post(
        "/staff/decisions/new",
        "/staff/decisions/new",
        {**VALID_FORM, "party_type": "自然人", "party_name": "王建国", "id_type": "身份证", "id_number": ""},
    )
    page = response.get_data(as_text=True)
    assert "自然人不填" in page and "自然人必填" in page  # a code and a representative that do not apply
