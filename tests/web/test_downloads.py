"""Downloads for re-users: CSV, XLSX (opened with openpyxl, cell types checked) and JSON of the decisions, the whole
权责清单 and the annual statistics; conditional requests and CORS on the API, feeds and downloads."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.penalties import lifecycle
from tests.penalties.conftest import draft


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")))), response


def read_xlsx(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.data))
    return book, list(book.worksheets[0].iter_rows(values_only=True)), response


def column(rows, header):
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


def test_penalty_xlsx_has_the_csv_columns_and_typed_cells(client):
    csv_rows, _ = read_csv(client, "/downloads/penalties.csv")
    book, rows, response = read_xlsx(client, "/downloads/penalties.xlsx")
    assert list(rows[0]) == csv_rows[0] and len(rows) == len(csv_rows) > 10
    assert "attachment" in response.headers["Content-Disposition"]
    assert all(isinstance(v, dt.datetime) for v in column(rows, "处罚决定日期"))  # spreadsheet dates
    assert all(isinstance(v, int) for v in column(rows, "编号"))
    fines = [v for v in column(rows, "罚款金额（元）") if v is not None]
    assert fines and all(isinstance(v, (int, float)) for v in fines)
    # Same numbers as the CSV, row for row.
    csv_fines = [Decimal(v) for v in column(csv_rows, "罚款金额（元）") if v]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in fines] == csv_fines
    assert "说明" in book.sheetnames


def test_penalty_xlsx_follows_the_filters(client):
    total = client.get("/api/v1/penalties", query_string={"year": 2026}).get_json()["total"]
    _, rows, _ = read_xlsx(client, "/downloads/penalties.xlsx?year=2026")
    assert len(rows) == total + 1 and all(d.year == 2026 for d in column(rows, "处罚决定日期"))


def test_the_whole_power_list_downloads_in_three_formats_with_its_version_date(client):
    total = client.get("/api/v1/powers", query_string={"per_page": 1}).get_json()["total"]
    data = client.get("/downloads/powers.json")
    doc = data.get_json()
    assert doc["count"] == len(doc["items"]) == total
    stamp = doc["version_date"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp)
    assert f"powers-{stamp}.json" in data.headers["Content-Disposition"]
    rows, response = read_csv(client, "/downloads/powers.csv")
    assert f"powers-{stamp}.csv" in response.headers["Content-Disposition"]
    assert rows[0][:3] == ["事项编码", "事项名称", "子项名称"] and len(rows) == total + 1
    assert all(b.startswith("《") for b in column(rows, "实施依据") if b)
    book, xrows, response = read_xlsx(client, "/downloads/powers.xlsx")
    assert f"powers-{stamp}.xlsx" in response.headers["Content-Disposition"]
    assert stamp in book.worksheets[0].title and list(xrows[0]) == rows[0] and len(xrows) == total + 1
    assert all(isinstance(v, dt.datetime) for v in column(xrows, "生效日期"))
    assert all(isinstance(v, int) for v in column(xrows, "版本号"))
    notes = dict(book["说明"].iter_rows(values_only=True))
    assert notes["版本日期"] == stamp


def test_annual_statistics_download_as_csv_and_xlsx(client):
    api = client.get("/api/v1/stats/2022").get_json()
    rows, _ = read_csv(client, "/downloads/stats-2022.csv")
    assert rows[0] == ["统计维度", "项目", "权责清单事项编码", "件数", "罚款金额（元）"]
    assert rows[1] == ["全年合计", "2022年", "", "77", "27100.00"]
    _, xrows, _ = read_xlsx(client, "/downloads/stats-2022.xlsx")
    assert xrows[1][3] == api["cases"] and float(xrows[1][4]) == float(api["fines_yuan"])
    months = [r for r in xrows if r[0] == "按月份"]
    assert len(months) == 12 and sum(r[3] for r in months) == api["cases"]
    assert all(isinstance(r[3], int) for r in xrows[1:])
    assert client.get("/downloads/stats-2022.pdf").status_code == 404


def test_the_stats_page_and_the_list_link_their_downloads(client):
    page = client.get("/stats/2022").get_data(as_text=True)
    assert "/downloads/stats-2022.csv" in page and "/downloads/stats-2022.xlsx" in page
    page = client.get("/penalties?year=2026").get_data(as_text=True)
    assert "/downloads/penalties.xlsx?year=2026" in page
    page = client.get("/powers").get_data(as_text=True)
    assert "/downloads/powers.xlsx" in page


CONDITIONAL = [
    "/api/v1/powers?q=违建",
    "/api/v1/powers/HX-CF-017",
    "/api/v1/penalties?year=2026",
    "/api/v1/changes?since=0",
    "/api/v1/stats/2022",
    "/downloads/penalties.csv",
    "/downloads/penalties.xlsx",
    "/downloads/penalties.json",
    "/downloads/powers.csv",
    "/downloads/powers.xlsx",
    "/downloads/powers.json",
    "/downloads/stats-2022.csv",
    "/api/v1/inspections/changes?since=0",
    "/downloads/inspections.csv",
    "/downloads/inspections.xlsx",
    "/downloads/inspections.json",
    "/downloads/stats-2022.xlsx",
    "/feeds/penalties.atom",
]


@pytest.mark.parametrize("url", CONDITIONAL)
def test_conditional_requests_answer_304_and_cors_is_open(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in first.headers["Access-Control-Expose-Headers"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"', "If-Modified-Since": modified}).status_code == 200


def test_another_resource_has_another_etag(client):
    a = client.get("/api/v1/penalties?year=2026").headers["ETag"]
    assert client.get("/api/v1/penalties?year=2025", headers={"If-None-Match": a}).status_code == 200
    b = client.get("/downloads/penalties.csv").headers["ETag"]
    assert client.get("/downloads/penalties.xlsx", headers={"If-None-Match": b}).status_code == 200


def test_a_preflight_is_answered_for_conditional_headers(client):
    response = client.options(
        "/api/v1/penalties",
        headers={"Origin": "https://example.org", "Access-Control-Request-Headers": "if-none-match"},
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("url", ["/staff/login", "/staff/", "/penalties", "/"])
def test_cors_is_never_opened_on_staff_or_pages(client, url):
    assert "Access-Control-Allow-Origin" not in client.get(url).headers


def test_a_new_decision_moves_the_validators(fresh_app):
    client = fresh_app.test_client()
    first = client.get("/downloads/penalties.csv")
    lifecycle.publish(draft(decided_on=dt.date(2026, 11, 20)), at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC))
    from portal.extensions import db

    db.session.commit()
    again = client.get("/downloads/penalties.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert len(list(csv.reader(io.StringIO(again.get_data(as_text=True))))) == 2


def test_an_empty_download_is_still_well_formed(client):
    assert client.get("/downloads/penalties.json?year=1999").get_json() == {"count": 0, "items": []}
    _, rows, _ = read_xlsx(client, "/downloads/penalties.xlsx?year=1999")
    rows_csv, _ = read_csv(client, "/downloads/penalties.csv?year=1999")
    assert len(rows) == len(rows_csv) == 1 and list(rows[0]) == rows_csv[0]
