"""The inspection and report API answer 304 to a client holding the current version, carry CORS, and a
change of inspection data moves the version (the response cache and the validators) at once."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.inspections import plans

from .conftest import user


def _free_object(plan) -> int:
    recused = {oid for i in plan.inspectors_snapshot for oid in i["recuse"]}
    return next(r["object_id"] for r in plan.result if r["object_id"] not in recused)


@pytest.mark.parametrize("path", ["/api/v1/inspections", "/api/v1/inspections/{id}", "/api/v1/reports/2026"])
def test_304_cors_and_a_change_invalidates(insp_app, drawn_plan, path):
    url = path.format(id=drawn_plan.id)
    client = insp_app.test_client()
    first = client.get(url, headers={"Origin": "https://news.example"})
    assert first.status_code == 200
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304

    oid = _free_object(drawn_plan)
    out = next(r["inspector_ids"][0] for r in drawn_plan.result if r["object_id"] == oid)
    plans.substitute(drawn_plan, oid, out, "leave", "病假", user("head"))
    db.session.commit()
    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag


def test_the_public_page_is_not_served_stale_after_a_change(insp_app, drawn_plan):
    client = insp_app.test_client()
    url = f"/inspections/{drawn_plan.id}"
    assert "执法人员替换" not in client.get(url).get_data(as_text=True)
    oid = _free_object(drawn_plan)
    out = next(r["inspector_ids"][0] for r in drawn_plan.result if r["object_id"] == oid)
    plans.substitute(drawn_plan, oid, out, "leave", "病假", user("head"))
    db.session.commit()
    assert "执法人员替换" in client.get(url).get_data(as_text=True)
    assert "病假" in client.get(f"/api/v1/inspections/{drawn_plan.id}").get_data(as_text=True)


def test_staff_pages_carry_no_cors(insp_app, as_user):
    staff = as_user("head")
    response = staff.client.get("/staff/inspections/", headers={"Origin": "https://news.example"})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("kind", ["atom", "rss", "json"])
def test_the_inspection_result_feeds(insp_app, drawn_plan, pools_ready, kind):
    """Published results only, natural persons masked, 304 for the current version, a new result moves it."""
    import datetime as dt

    import feedparser

    from portal.deadlines import Calendar
    from portal.inspections import records

    client = insp_app.test_client()
    url = f"/feeds/inspections.{kind}"
    empty = client.get(url)
    assert empty.status_code == 200 and empty.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"If-None-Match": empty.headers["ETag"]}).status_code == 304
    insp_app.config["TODAY"] = dt.date(2026, 12, 10)
    person = pools_ready["objects"][-1]  # 王建国, a natural person
    data = {
        "plan_id": None,
        "object_id": person.id,
        "inspected_on": dt.date(2026, 12, 9),
        "inspector_ids": [i.id for i in pools_ready["inspectors"][1:3]],
        "power_codes": ["HX-JC-001"],
        "findings": "王建国门前堆放杂物",
    }
    kept = records.save(None, data, user("handler"), Calendar())
    shown = records.save(None, {**data, "findings": "门前整洁"}, user("handler"), Calendar())
    records.publish(shown, user("handler"))
    db.session.commit()
    fresh = client.get(url, headers={"If-None-Match": empty.headers["ETag"]})
    assert fresh.status_code == 200
    body = fresh.get_data(as_text=True)
    assert "门前整洁" in body and "堆放杂物" not in body  # the unpublished record stays out
    assert "王建国" not in body and "王某某" in body
    if kind != "json":
        parsed = feedparser.parse(fresh.data)
        assert not parsed.bozo and len(parsed.entries) == 1
    else:
        assert len(fresh.get_json()["items"]) == 1
    assert kept.published_at is None
    assert client.get(url + "?page=2").get_json()["error"]["code"] == "not_found"
