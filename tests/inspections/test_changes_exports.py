"""The change log of published inspection results (/api/v1/inspections/changes) and their downloads
(/downloads/inspections.csv|xlsx|json): a mirror replaying the log equals the export, edits after publication
reach the log, and a natural person's name and address reach none of them."""

from __future__ import annotations

import datetime as dt
import io
import json

from openpyxl import load_workbook

from portal.deadlines import Calendar
from portal.extensions import db
from portal.inspections import pools, records
from tests.web.test_downloads import column, read_csv, read_xlsx

from .conftest import user


def replay(client, limit: int = 37) -> tuple[dict, int, int]:
    """A mirror built from the change log alone: (id → public result, pages read, the last cursor)."""
    mirror, since, pages = {}, 0, 0
    while True:
        data = client.get("/api/v1/inspections/changes", query_string={"since": since, "limit": limit}).get_json()
        assert set(data) == {"next", "more", "changes"}
        for change in data["changes"]:
            assert change["seq"] > since and change["op"] in ("add", "update", "withdraw")
            if change["op"] in ("add", "update"):
                mirror[change["id"]] = change.get("inspection")  # absent: no longer public (a tombstone)
            else:
                mirror.pop(change["id"], None)
        pages += 1
        since = data["next"]
        if not data["more"]:
            return mirror, pages, since


def export(client) -> dict:
    data = client.get("/downloads/inspections.json").get_json()
    assert data["count"] == len(data["items"])
    return {r["id"]: r for r in data["items"]}


def test_the_change_log_replays_into_the_public_export(client):
    mirror, pages, since = replay(client)
    assert pages > 2  # the seed publishes more than 100 results
    assert mirror == export(client) and mirror
    assert client.get("/api/v1/inspections/changes", query_string={"since": since}).get_json()["changes"] == []
    # ``after`` is the same cursor, as on /api/v1/changes
    first = client.get("/api/v1/inspections/changes?after=3&limit=2").get_json()
    assert [c["seq"] for c in first["changes"]] == [4, 5] and first["next"] == 5 and first["more"]


def test_bad_cursors_are_400_in_chinese(client):
    for query in ("since=abc", "since=-1", "limit=0", "limit=501"):
        response = client.get(f"/api/v1/inspections/changes?{query}")
        assert response.status_code == 400, query
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.get_json()["error"]["message"])
    huge = client.get("/api/v1/inspections/changes?since=999999999999").get_json()
    assert huge["changes"] == [] and huge["next"] == 999999999999
    assert client.get("/downloads/inspections.pdf").status_code == 404


def test_the_downloads_hold_one_row_per_published_result(client):
    items = export(client)
    csv_rows, response = read_csv(client, "/downloads/inspections.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="inspections.csv"'
    assert csv_rows[0][:5] == ["编号", "检查来源", "抽查计划编号", "抽查计划", "检查日期"]
    assert sorted(int(i) for i in column(csv_rows, "编号")) == sorted(items)
    book, rows, _ = read_xlsx(client, "/downloads/inspections.xlsx")
    assert rows[0] == tuple(csv_rows[0]) and len(rows) == len(csv_rows)
    assert book.sheetnames == ["检查结果", "说明"]
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    for record_id, view in items.items():
        row = by_id[record_id]
        assert row["检查日期"] == dt.datetime.fromisoformat(view["inspected_on"])  # a date cell, not text
        assert row["发现问题点位"] == view["problems"] and isinstance(row["发现问题点位"], int)
        assert row["检查对象"] == view["object"]["name"]
        assert row["执法证号"] == "；".join(i["cert_number"] for i in view["inspectors"])


def _person_record(pools_ready, published: bool = True):
    person = pools_ready["objects"][-1]  # 王建国, a natural person, address 某小区3号楼
    r = records.save(
        None,
        {
            "object_id": person.id,
            "inspected_on": dt.date(2026, 11, 24),
            "inspector_ids": [i.id for i in pools_ready["inspectors"][1:3]],
            "power_codes": ["HX-JC-001"],
            "findings": "王建国经营的摊点门前堆物，电话13912345678",
            "problems": 1,
            "rectification": "王建国当日清理",
            "rectify_days": 1,
        },
        user("handler"),
        Calendar(),
    )
    if published:
        records.publish(r, user("handler"))
    db.session.commit()
    return r


def _all_outputs(client) -> str:
    text = json.dumps(client.get("/api/v1/inspections/changes").get_json(), ensure_ascii=False)
    text += client.get("/downloads/inspections.json").get_data(as_text=True)
    text += client.get("/downloads/inspections.csv").get_data(as_text=True)
    book = load_workbook(io.BytesIO(client.get("/downloads/inspections.xlsx").data))
    for sheet in book.worksheets:
        text += "".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    return text


def test_publication_and_later_changes_enter_the_log_and_nothing_unpublished(insp_app, pools_ready):
    client = insp_app.test_client()
    assert client.get("/api/v1/inspections/changes").get_json() == {"next": 0, "more": False, "changes": []}
    draft = _person_record(pools_ready, published=False)
    assert client.get("/api/v1/inspections/changes").get_json()["changes"] == []
    assert export(client) == {}
    r = _person_record(pools_ready)
    etag = client.get("/api/v1/inspections/changes").headers["ETag"]
    log = client.get("/api/v1/inspections/changes").get_json()["changes"]
    assert [(c["op"], c["id"]) for c in log] == [("add", r.id)]
    # An edit after publication is an update; saving the same data again is no change at all.
    data = {
        "object_id": r.object_id,
        "inspected_on": r.inspected_on,
        "inspector_ids": r.inspector_ids,
        "power_codes": r.power_codes,
        "findings": r.findings,
        "problems": 1,
        "corrected": 1,
        "rectification": r.rectification,
        "rectify_days": 1,
        "recheck_on": dt.date(2026, 11, 25),
        "recheck_result": "已整改完毕",
    }
    records.save(r, data, user("handler"), Calendar())
    records.save(r, data, user("handler"), Calendar())
    # Renaming the object changes what the published result shows: an update too.
    person = pools_ready["objects"][-1]
    fields = {"name": "王建华", "party_type": "自然人", "credit_code": "", "address": "某小区4号楼", "type": "七小行业"}
    pools.save_object(person, fields, user("head"))
    db.session.commit()
    response = client.get("/api/v1/inspections/changes", headers={"If-None-Match": etag})
    assert response.status_code == 200
    log = response.get_json()["changes"]
    assert [(c["op"], c["id"]) for c in log] == [("add", r.id), ("update", r.id), ("update", r.id)]
    assert log[-1]["inspection"]["recheck_result"] == "已整改完毕" and log[-1]["inspection"]["corrected"] == 1
    mirror, _, _ = replay(client, limit=1)
    assert mirror == export(client) and set(mirror) == {r.id} and draft.id not in mirror


def test_a_natural_person_reaches_no_log_entry_or_download(insp_app, pools_ready):
    _person_record(pools_ready)
    text = _all_outputs(insp_app.test_client())
    assert "王某某" in text and "[电话已隐去]" in text
    for secret in ("王建国", "某小区3号楼", "13912345678"):
        assert secret not in text, secret
