"""The annual report reproduces the office's 2022 figures from the (fictional) seed records."""

from tests.conftest import REFERENCE  # noqa: F401 - the reference folder the figures come from is documented there

FIGURES_2022 = {
    "year": 2022,
    "inspections": 104,  # 100余次
    "inspector_person_times": 300,
    "problems_corrected": 312,  # 300余处
    "referrals": 0,
    "cases": 77,
    "fines_yuan": "27100.00",
    "withdrawals": 0,
    "legal_education": {"leaflets": 5200, "consultations": 160, "lawyer_duty": 30, "lawyer_office": 15},
}


def test_the_2022_report_json(client):
    data = client.get("/api/v1/reports/2022").get_json()
    assert {k: data[k] for k in FIGURES_2022} == FIGURES_2022
    assert data["inspections"] >= 100 and data["problems_corrected"] >= 300
    assert data["legal_education"]["leaflets"] >= 5000


def test_the_2022_report_page(client):
    page = client.get("/reports/2022").get_data(as_text=True)
    for text in ("104 次", "300 人次", "312 处", "77 起", "27,100 元", "5200", "160", "律师值班（次）"):
        assert text in page, text
    assert "@media print" in client.get("/static/portal.css").get_data(as_text=True)


def test_a_year_without_data_and_a_bad_year(client):
    assert client.get("/api/v1/reports/2019").get_json()["inspections"] == 0
    missing = client.get("/api/v1/reports/1800")
    assert missing.status_code == 404 and "没有该年度的报告" in missing.get_json()["error"]["message"]
    assert client.get("/reports/abc").status_code == 404


def test_seeded_results_are_public_and_fictional(client):
    page = client.get("/inspections").get_data(as_text=True)
    assert "示例" in page


def test_the_inspection_seed_is_idempotent(seeded_fresh_app):
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import InspectionObject, InspectionRecord, LegalEducation
    from portal.seed import load_all
    from tests.conftest import SEED_DIR

    def counts():
        return [
            db.session.scalar(select(func.count()).select_from(m))
            for m in (InspectionObject, InspectionRecord, LegalEducation)
        ]

    before = counts()
    assert before == [30, 104, 87]
    assert load_all(SEED_DIR).inspections_created == 0
    assert counts() == before


def test_every_published_patrol_result_is_reachable(client):
    first = client.get("/api/v1/inspections/patrol?per_page=50").get_json()
    assert first["total"] >= 104 and len(first["items"]) == 50
    last = client.get("/api/v1/inspections/patrol?per_page=50&page=3").get_json()
    assert len(last["items"]) == first["total"] - 100
    page = client.get("/inspections/patrol?page=11").get_data(as_text=True)
    assert "第 11 / " in page and "示例" in page


def test_hostile_numbers_are_a_400_or_404(client):
    for url, status in (
        ("/api/v1/inspections?page=３", 400),
        ("/api/v1/inspections?per_page=٣", 400),
        ("/inspections/patrol?page=" + "9" * 50, 400),
        ("/inspections/9223372036854775808", 404),
        ("/api/v1/inspections/２", 404),
        ("/api/v1/reports/２０２２", 404),
        ("/reports/99999999999", 404),
    ):
        assert client.get(url).status_code == status, url


def test_the_report_downloads_as_csv_and_xlsx_with_types(client):
    import csv
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    data = client.get("/api/v1/reports/2022").get_json()
    response = client.get("/downloads/report-2022.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_label = {r["项目"]: r for r in rows}
    assert by_label["开展执法检查（次）"]["数量"] == str(data["inspections"])
    assert by_label["出动执法人员（人次）"]["数量"] == str(data["inspector_person_times"])
    assert by_label["罚款"]["金额（元）"] == data["fines_yuan"]
    assert by_label["法律咨询（人次）"]["数量"] == str(data["legal_education"]["consultations"])
    again = client.get("/downloads/report-2022.csv", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304

    xlsx = client.get("/downloads/report-2022.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    cells = {row[1]: row for row in sheet.iter_rows(values_only=True)}
    assert cells["整改问题点位（处）"][2] == data["problems_corrected"]  # a number, not text
    assert Decimal(str(cells["罚款"][3])) == Decimal(data["fines_yuan"])
    assert client.get("/downloads/report-2022.pdf").status_code == 404
    assert client.get("/downloads/report-1800.csv").get_json()["error"]["code"] == "not_found"
    page = client.get("/reports/2022").get_data(as_text=True)
    assert "/downloads/report-2022.xlsx" in page
