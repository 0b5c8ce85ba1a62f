"""Every staff form speaks Chinese: bad or missing values in every field of every form give WTForms' Chinese
messages (or the portal's own), never an English one such as "Not a valid decimal value."."""

import re

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectFieldBase
from wtforms.fields import FormField

import portal.search.views  # noqa: F401 - registers its forms
import portal.staff.forms  # noqa: F401
from portal.forms import Form
from tests.staff.conftest import VALID_FORM

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def every_form() -> list[type[Form]]:
    out, todo = [], list(Form.__subclasses__())
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return sorted(out, key=lambda c: c.__name__)


def bad_value(field) -> list[str]:
    if isinstance(field, IntegerField | DecimalField):
        return ["十二块"]
    if isinstance(field, DateField):
        return ["2026-13-45"]
    if isinstance(field, BooleanField):
        return ["y"]
    if isinstance(field, SelectFieldBase):
        return ["不存在的选项"]
    return ["字" * 6000]  # longer than any field allows


def messages(form) -> list[str]:
    out = []
    for errors in form.errors.values():
        out += errors if isinstance(errors, list) else [str(errors)]
    return out


@pytest.fixture(scope="module")
def bare_app():
    """An app for a request context only: the forms are validated without a database."""
    from portal import create_app

    return create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_there_are_forms_to_check():
    names = {cls.__name__ for cls in every_form()}
    assert {"DecisionForm", "CorrectionForm", "WithdrawalForm", "AccountForm", "SynonymForm"} <= names


@pytest.mark.parametrize("form_class", every_form(), ids=lambda c: c.__name__)
def test_bad_and_missing_values_get_chinese_messages(bare_app, form_class):
    with bare_app.test_request_context("/staff/", method="POST"):
        probe = form_class(formdata=MultiDict(), meta={"csrf": False})
        fields = [f for f in probe if not isinstance(f, FormField)]
        bad = MultiDict([(f.name, v) for f in fields for v in bad_value(f)])
        for data in (MultiDict(), bad):
            form = form_class(formdata=data, meta={"csrf": False})
            if hasattr(form, "power_code"):
                form.power_code.choices, form.law_id.choices = [("", "")], [("", "")]
            form.validate()
            found = messages(form)
            english = [m for m in found if ENGLISH.search(m)]
            assert english == [], english
        if any(not isinstance(f, BooleanField) for f in fields):
            assert found, "bad values must be refused"


def test_the_decision_form_says_so_in_chinese(staff_app, as_user):
    handler = as_user("handler")
    data = {**VALID_FORM, "fine_yuan": "两千", "decided_on": "2026-02-30", "article_number": "三"}
    page = handler.post("/staff/decisions/new", "/staff/decisions/new", data).get_data(as_text=True)
    assert "Not a valid" not in page
    assert "不是有效的小数" in page and "不是有效的日期" in page and "应为整数" in page
