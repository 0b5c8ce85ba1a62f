"""The JSON API: shapes from interfaces.md, errors as JSON, and an OpenAPI description that matches."""

import re


def test_power_search_shape(client):
    body = client.get("/api/v1/powers?q=门前三包&per_page=2").get_json()
    assert set(body) >= {"total", "page", "per_page", "items"}
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 2 and len(body["items"]) == 2
    item = body["items"][0]
    assert set(item) >= {
        "code",
        "name",
        "category",
        "subject",
        "department",
        "legal_bases",
        "responsibilities",
        "accountability",
        "url",
        "highlight",
    }
    assert "<mark>" in item["highlight"]["name"] + item["highlight"]["snippet"]
    assert item["url"].endswith(f"/powers/{item['code']}")
    assert {f["value"] for f in body["facets"]["category"]} == {"行政处罚", "行政检查", "行政强制"}


def test_legal_bases_carry_law_article_and_text(client):
    body = client.get("/api/v1/powers/HX-CF-013").get_json()  # 消防法第六十条
    basis = body["legal_bases"][0]
    assert basis["law"] == "消防法" and basis["article"] == "第六十条" and basis["clause"].startswith("第一款第二项")
    assert basis["text"].startswith("单位违反本法规定")
    assert body["versions"][0]["version"] == 1


def test_unverified_bases_have_no_text(client):
    basis = client.get("/api/v1/powers/HX-CF-006").get_json()["legal_bases"][0]
    assert basis["quality"] == "unverified" and basis["text"] is None and basis["article"] == ""


def test_api_is_utf8_json_not_escaped(client):
    response = client.get("/api/v1/powers/HX-CF-001")
    assert response.mimetype == "application/json" and "行政处罚" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/powers/NOPE")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.get_json()["error"]["message"]
    response = client.post("/api/v1/powers")
    assert response.status_code == 405 and response.get_json()["error"]["code"]


def test_openapi_describes_every_api_route_and_parameter(seeded_app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule)
        for r in seeded_app.url_map.iter_rules()
        if r.rule.startswith("/api/v1/") and "<path:" not in r.rule
    }
    # the downloads and feeds are there too (tests/web/test_openapi.py checks them route by route)
    assert routes == {p for p in doc["paths"] if p.startswith("/api/v1/")}
    from portal.penalties.schemas import PenaltyArgs
    from portal.powers.schemas import PowerSearchArgs

    for path, schema in (("/api/v1/powers", PowerSearchArgs), ("/api/v1/penalties", PenaltyArgs)):
        documented = {p["name"] for p in doc["paths"][path]["get"]["parameters"]}
        assert documented == set(schema().fields)


def test_a_nul_in_a_filter_matches_nothing_on_every_database(client):
    for url in ("/api/v1/penalties?item=HX%00", "/api/v1/powers?department=%00x"):
        response = client.get(url)
        assert response.status_code == 200 and response.get_json()["total"] == 0, url
    assert client.get("/penalties?law=a%00b").status_code == 200
