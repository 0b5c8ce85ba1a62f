"""The public penalty pages, API, downloads, statistics and change log, on the seeded app (test day 2026-11-25)."""

import csv
import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Penalty


def public_items(client, **params):
    return client.get("/api/v1/penalties", query_string={"per_page": 50, **params}).get_json()


def by_status(status):
    return db.session.scalars(select(Penalty).where(Penalty.status == status).order_by(Penalty.id)).first()


def test_the_list_shows_only_decisions_within_their_publicity_period(app, client):
    data = public_items(client)
    assert data["total"] == len(data["items"]) > 0
    assert all(
        i["publicity_until"] >= "2026-11-25" and i["status"] in ("published", "corrected") for i in data["items"]
    )
    assert all(i["decided_on"][:4] != "2022" for i in data["items"])  # 2022 decisions have all expired
    page = client.get("/penalties").get_data(as_text=True)
    assert f"共 <strong>{data['total']}</strong> 件" in page


@pytest.mark.parametrize(
    "params, check",
    [
        ({"year": 2026}, lambda i: i["decided_on"].startswith("2026")),
        ({"category": "罚款"}, lambda i: "罚款" in i["categories"]),
        ({"party_type": "个体工商户"}, lambda i: i["party_type"] == "个体工商户"),
        ({"law": "城市市容和环境卫生管理条例"}, lambda i: i["law"] == "城市市容和环境卫生管理条例"),
        ({"item": "HX-CF-022"}, lambda i: i["power_code"] == "HX-CF-022"),
        ({"q": "渣土"}, lambda i: "渣土" in i["facts"] + i["violation"]),
    ],
)
def test_filters_narrow_the_list(client, params, check):
    data = public_items(client, **params)
    assert data["total"] > 0 and all(check(i) for i in data["items"])
    everything = {i["id"] for i in public_items(client)["items"]}
    assert {i["id"] for i in data["items"]} <= everything


def test_a_filter_that_matches_nothing_is_an_empty_list(client):
    assert public_items(client, category="吊销许可证件")["total"] == 0
    assert public_items(client, year=2022)["total"] == 0


def test_search_uses_synonyms_and_pinyin_like_the_power_list(client):
    assert public_items(client, q="shaokao")["total"] == public_items(client, q="烧烤")["total"] > 0


def test_a_masked_name_is_not_searchable(app, client):
    person = db.session.scalars(
        select(Penalty).where(Penalty.party_type == "自然人", Penalty.status == "published")
    ).first()
    found = public_items(client, q=person.party_name)
    assert all(i["id"] != person.id or person.party_name[0] + "某某" == i["party_name"] for i in found["items"])
    assert person.party_name not in repr(found)


def test_the_detail_page_marks_what_was_masked(app, client):
    item = next(i for i in public_items(client)["items"] if "party_name" in i["masked_fields"])
    page = client.get(f"/penalties/{item['id']}").get_data(as_text=True)
    assert "已作隐私处理" in page and item["party_name"] in page
    p = db.session.get(Penalty, item["id"])
    assert p.party_name not in page and (p.id_number or "no-id") not in page


def test_a_corrected_decision_says_so(app, client):
    p = by_status("corrected")
    page = client.get(f"/penalties/{p.id}").get_data(as_text=True)
    assert "更正：" in page and p.correction_note in page and "限十五日内缴纳" in page


def test_a_withdrawn_decision_shows_only_the_notice(app, client):
    p = by_status("withdrawn")
    page = client.get(f"/penalties/{p.id}").get_data(as_text=True)
    assert "撤回公告" in page and p.withdrawal_reason in page
    assert p.facts not in page and p.party_name[0] + "某某" not in page
    api = client.get(f"/api/v1/penalties/{p.id}").get_json()
    assert api["status"] == "withdrawn" and "facts" not in api and "party_name" not in api


def test_an_expired_decision_is_gone_from_every_public_place(app, client):
    p = by_status("expired")
    assert client.get(f"/penalties/{p.id}").status_code == 404
    assert client.get(f"/api/v1/penalties/{p.id}").status_code == 404
    assert p.document_number not in client.get("/downloads/penalties.csv").get_data(as_text=True)
    assert p.document_number not in client.get("/feeds/penalties.atom").get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/penalties?year=abc",
        "/penalties?year=1066",
        "/penalties?category=打板子",
        "/penalties?party_type=外星人",
        "/penalties?page=0",
        "/penalties?page=99999999999999999999",
        "/api/v1/penalties?per_page=100000",
        "/api/v1/penalties?year=2026%00",
        "/feeds/penalties.rss?category=x",
        "/api/v1/changes?since=-1",
        "/api/v1/changes?since=abc",
        "/api/v1/changes?limit=0",
        "/downloads/penalties.csv?year=20x6",
    ],
)
def test_bad_parameters_are_400s(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize(
    "url",
    [
        "/penalties?page=5000",
        "/penalties?q=%22%20AND%20OR%20((",
        "/penalties?year=1999",
        "/penalties?q=" + "罚" * 200,
        "/api/v1/penalties?q=%01%02",
    ],
)
def test_odd_but_valid_input_gives_a_page(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/penalties/999999", "/api/v1/penalties/999999", "/stats/3000", "/downloads/penalties.xml", "/penalties/abc"],
)
def test_unknown_things_are_404s(client, url):
    assert client.get(url).status_code == 404


def test_downloads_hold_the_public_masked_data(app, client):
    data = client.get("/downloads/penalties.json").get_json()
    assert data["count"] == public_items(client)["total"]
    text = client.get("/downloads/penalties.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["编号", "行政处罚决定书文号", "行政相对人名称"] and len(rows) == data["count"] + 1
    secrets = [p.id_number for p in db.session.scalars(select(Penalty)) if p.id_number]
    assert not any(s in text for s in secrets)


def test_statistics_for_2022_match_the_report(client):
    api = client.get("/api/v1/stats/2022").get_json()
    assert api["cases"] == 77 and api["fines_yuan"] == "27100.00"
    page = client.get("/stats/2022").get_data(as_text=True)
    assert "<strong>77</strong> 起" in page and "<strong>27,100</strong> 元" in page and "<svg" in page
    assert client.get("/stats").status_code == 302


def test_the_change_log_replays_into_the_public_export(client):
    mirror, since, pages = {}, 0, 0
    while True:
        data = client.get("/api/v1/changes", query_string={"since": since, "limit": 37}).get_json()
        for change in data["changes"]:
            assert change["seq"] > since
            if change["op"] in ("add", "update"):
                mirror[change["id"]] = change.get("decision")  # absent: it has left publicity since (tombstone)
            else:
                mirror.pop(change["id"], None)
        pages += 1
        since = data["next"]
        if not data["more"]:
            break
    assert pages > 2
    export = {d["id"]: d for d in client.get("/downloads/penalties.json").get_json()["items"]}
    assert mirror == export and export
    assert client.get("/api/v1/changes", query_string={"since": since}).get_json()["changes"] == []


def test_a_decision_that_left_publicity_leaves_only_tombstones_in_the_change_log(client):
    public = {d["id"] for d in client.get("/downloads/penalties.json").get_json()["items"]}
    changes = client.get("/api/v1/changes", query_string={"limit": 500}).get_json()["changes"]
    gone = {c["id"] for c in changes if c["op"] in ("withdraw", "expire")} - public
    assert gone  # the seed has expired and withdrawn decisions
    for change in changes:
        if change["id"] in gone:
            assert set(change) == {"seq", "op", "id", "at"}, change
        elif change["op"] in ("add", "update"):
            assert change["decision"]["id"] == change["id"]
