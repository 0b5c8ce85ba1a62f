"""普法 figures entered per year by staff (form, CSV in UTF-8 or GB18030, XLSX): validated, audited, all or
nothing, shown in /reports/<year> and its API, and only for those the permission table allows."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from portal import audit
from portal.errors import PortalError
from portal.extensions import db
from portal.inspections import education, report
from portal.models import LegalEducation, LegalEducationYear

from .conftest import user


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(LegalEducationYear))


def test_entered_figures_replace_the_activity_sums_in_the_report(insp_app):
    import datetime as dt

    db.session.add(LegalEducation(held_on=dt.date(2025, 3, 1), kind="leaflets", quantity=300))
    db.session.add(LegalEducation(held_on=dt.date(2025, 6, 1), kind="consultations", quantity=12))
    db.session.commit()
    assert report.annual(2025)["legal_education"]["leaflets"] == 300
    education.set_figures(2025, {"leaflets": "5200", "lawyer_duty": 30}, user("head"))
    db.session.commit()
    figures = report.annual(2025)["legal_education"]
    # entered kinds are the report's figure; the others stay the sum of the activities
    assert figures == {"leaflets": 5200, "consultations": 12, "lawyer_duty": 30, "lawyer_office": 0}
    event = audit.history("legal_education:2025")[-1]
    assert event.action == "inspection.education" and event.before is None
    assert event.after == {"leaflets": 5200, "lawyer_duty": 30}
    education.set_figures(2025, {"leaflets": "5300"}, user("handler"))
    db.session.commit()
    assert audit.history("legal_education:2025")[-1].before == {"leaflets": 5200, "lawyer_duty": 30}
    api = insp_app.test_client().get("/api/v1/reports/2025").get_json()
    assert api["legal_education"]["leaflets"] == 5300
    page = insp_app.test_client().get("/reports/2025").get_data(as_text=True)
    assert "5300" in page.replace(",", "")


@pytest.mark.parametrize(
    "year, figures, message",
    [
        (2025, {"leaflets": "-5"}, "只用半角数字"),
        (2025, {"leaflets": "５２００"}, "只用半角数字"),  # full-width digits are not ASCII
        (2025, {"leaflets": "12.5"}, "只用半角数字"),
        (2025, {"leaflets": True}, "非负整数"),
        (2025, {"posters": "5"}, "不是已知的普法项目"),
        ("二〇二五", {"leaflets": "5"}, "年度"),
        (2099, {"leaflets": "5"}, "年度"),
        (2025, {}, "没有填写"),
    ],
)
def test_bad_figures_are_refused_and_write_nothing(insp_app, year, figures, message):
    with pytest.raises(PortalError, match=message) as err:
        education.set_figures(year, figures, user("head"))
    assert err.value.status == 400
    db.session.rollback()
    assert _count() == 0


def test_only_those_the_permission_table_allows(insp_app):
    for username in ("legal", "leader", "admin"):
        with pytest.raises(PortalError) as err:
            education.set_figures(2025, {"leaflets": "1"}, user(username))
        assert err.value.status == 403 and "普法数据" in err.value.message
    assert _count() == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_import_all_rows_or_none(insp_app, encoding):
    good = "年度,项目,数量\n2024,宣传资料份数,5000\n2024,法律咨询人次,160\n2025,律师值班次数,30\n"
    done = education.import_table(good.encode(encoding), user("head"))
    db.session.commit()
    assert done == {2024: {"leaflets": 5000, "consultations": 160}, 2025: {"lawyer_duty": 30}}
    assert report.annual(2024)["legal_education"]["consultations"] == 160

    bad = "年度,项目,数量\n2023,宣传资料份数,100\n2023,普法讲座,3\n2023,律师坐班次数,-1\n2023,宣传资料份数,7\n"
    with pytest.raises(PortalError) as err:
        education.import_table(bad.encode(encoding), user("head"))
    db.session.rollback()
    message = err.value.message
    assert "第3行 字段“项目”：“普法讲座”不是已知的普法项目" in message
    assert "第4行 字段“数量”" in message and "第5行：2023年的“发放普法宣传资料（份）”与第2行重复" in message
    assert education.entered(2023) == {}
    with pytest.raises(PortalError, match="缺少列：数量"):
        education.import_table("年度,项目\n2023,宣传资料份数\n".encode(encoding), user("head"))


def test_xlsx_import_and_an_unreadable_file(insp_app):
    book = Workbook()
    sheet = book.active
    sheet.append(["年度", "项目", "数量"])
    sheet.append([2024, "律师坐班次数", 15])
    sheet.append([2024, "leaflets", 5200.0])  # Excel keeps numbers as floats
    out = io.BytesIO()
    book.save(out)
    assert education.import_table(out.getvalue(), user("handler")) == {2024: {"lawyer_office": 15, "leaflets": 5200}}
    db.session.commit()
    sheet.append([2024, "法律咨询人次", 1.5])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(PortalError, match="第4行 字段“数量”"):
        education.import_table(out.getvalue(), user("handler"))
    with pytest.raises(PortalError, match="XLSX 文件无法读取"):
        education.import_table(b"PK\x03\x04not really a workbook", user("handler"))


def test_staff_form_and_upload(insp_app, as_user):
    page = "/staff/inspections/education"
    head = as_user("head")
    assert "年度普法数据" in head.client.get(page + "?year=2025").get_data(as_text=True)
    bad = head.post(page, page, {"year": "2025", "leaflets": "abc"})
    assert bad.status_code == 400 and "只用半角数字" in bad.get_data(as_text=True)
    assert _count() == 0
    saved = head.post(page, page, {"year": "2025", "leaflets": "5200", "consultations": ""})
    assert saved.status_code == 302
    assert education.entered(2025) == {"leaflets": 5200}
    upload = head.post(
        page + "/import",
        page,
        {"file": (io.BytesIO("年度,项目,数量\n2025,律师值班次数,30\n".encode("gb18030")), "普法.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert education.entered(2025) == {"leaflets": 5200, "lawyer_duty": 30}
    legal = as_user("legal")
    refused = legal.post(page, page, {"year": "2025", "leaflets": "1"})
    assert refused.status_code == 403
    assert "填报 2025 年数字" not in legal.client.get(page + "?year=2025").get_data(as_text=True)
