"""The OpenAPI document describes what the API does: real responses (a withdrawn decision's notice included)
validate against it, its limits are the code's, every 405 names the allowed methods, and schemathesis finds
nothing over the whole document through the WSGI app (bounded examples, valid and invalid input), on every
database."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from portal.extensions import db
from portal.models import Penalty
from portal.penalties.schemas import MAX_SINCE
from portal.schemas import MAX_PAGE

IDENTITY = {"Accept-Encoding": "identity"}  # schemathesis reads the body as sent; no gzip/brotli


@pytest.fixture
def api(seeded_app):
    """The seeded app without its per-address rate limit (schemathesis sends many requests from one address)."""
    limit = seeded_app.config["RATE_LIMIT"]
    seeded_app.config["RATE_LIMIT"] = 0
    try:
        yield seeded_app, schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded_app)
    finally:
        seeded_app.config["RATE_LIMIT"] = limit


def test_a_penalty_search_with_related_decisions_validates_against_the_document(api):
    app, schema = api
    search = schema.find_operation_by_path("GET", "/api/v1/penalties")
    for q in ("邻居在楼道里烧烤怎么办", "少烤", "烧烤"):
        response = app.test_client().get("/api/v1/penalties", query_string={"q": q}, headers=IDENTITY)
        search.validate_response(response)
    sentence = app.test_client().get("/api/v1/penalties", query_string={"q": "邻居在楼道里烧烤怎么办"}).get_json()
    assert sentence["related"] and sentence["did_you_mean"] is None


def test_a_withdrawn_decision_and_the_change_log_validate_against_the_document(api):
    app, schema = api
    client = app.test_client()
    with app.app_context():
        withdrawn = db.session.scalar(select(Penalty.id).where(Penalty.status == "withdrawn"))
        public = db.session.scalar(select(Penalty.id).where(Penalty.status == "published"))
    one = schema.find_operation_by_path("GET", "/api/v1/penalties/{penalty_id}")
    notice = client.get(f"/api/v1/penalties/{withdrawn}", headers=IDENTITY)
    assert notice.status_code == 200 and notice.get_json()["status"] == "withdrawn"
    one.validate_response(notice)
    one.validate_response(client.get(f"/api/v1/penalties/{public}", headers=IDENTITY))
    changes = schema.find_operation_by_path("GET", "/api/v1/changes")
    since, ops = 0, set()
    while True:
        response = client.get(f"/api/v1/changes?since={since}&limit=100", headers=IDENTITY)
        changes.validate_response(response)
        data = response.get_json()
        ops |= {c["op"] for c in data["changes"]}
        if not data["more"]:
            break
        since = data["next"]
    assert "withdraw" in ops


def test_the_document_states_the_real_limits(api):
    app, _ = api
    doc = app.test_client().get("/api/v1/openapi.json").get_json()

    def param(path, name):
        return next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == name)["schema"]

    for path in ("/api/v1/penalties", "/api/v1/powers"):
        assert param(path, "page")["maximum"] == MAX_PAGE == 100_000
        assert param(path, "law")["maxLength"] == 100
        assert param(path, "per_page")["maximum"] == app.config["MAX_PER_PAGE"]
        assert param(path, "q")["maxLength"] == app.config["MAX_QUERY_CHARS"]
    assert param("/api/v1/powers", "department")["maxLength"] == 100
    assert param("/api/v1/changes", "since")["maximum"] == MAX_SINCE == 10**18 - 1
    client = app.test_client()
    assert client.get(f"/api/v1/penalties?page={MAX_PAGE}").status_code == 200
    assert client.get(f"/api/v1/penalties?page={MAX_PAGE + 1}").status_code == 400
    assert client.get("/api/v1/powers?department=" + "部" * 101).status_code == 400
    assert client.get("/api/v1/penalties?law=" + "法" * 101).status_code == 400


def test_every_405_names_the_allowed_methods(api):
    app, _ = api
    client = app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    for path, operations in doc["paths"].items():
        assert operations["get"]["responses"]["405"]["headers"]["Allow"]
        url = path.replace("{penalty_id}", "1").replace("{code}", "HX-CF-001").replace("{year}", "2022")
        url = url.replace("{plan_id}", "1")
        for method in ("post", "put", "patch", "delete"):
            response = client.open(url, method=method.upper())
            assert response.status_code == 405, (method, url)
            assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
            assert response.get_json()["error"]["code"] == "method_not_allowed"


def _digits_only(case):
    # For an OpenAPI 3.1 integer, schemathesis also draws float spellings (300.0). In a query string the API's
    # syntax for an integer is ASCII digits only (one parser, README), so a valid integer is sent as digits.
    if case.query:
        case.query = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in case.query.items()}
    return case


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_schemathesis_finds_nothing(api, mode):
    _, schema = api
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if mode == "negative" and not any(p["in"] == "query" for p in operation.definition.raw.get("parameters", [])):
            continue  # a free string in the path has no invalid values to send
        strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))
        if mode == "positive":
            strategy = strategy.map(_digits_only)

        @given(case=strategy)
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=IDENTITY)

        try:
            run()
        except (Exception, BaseExceptionGroup) as err:  # schemathesis reports a group of failures
            failures[operation.label] = str(err)[:2000]
    assert failures == {}


CANDIDATE_FORMATS = ("csv", "xlsx", "json", "rss", "atom", "xml", "pdf", "html", "txt", "xls")


def test_every_download_and_feed_route_is_in_the_document_with_every_format_it_serves(api):
    """A new download or feed (or a new format of one) cannot be left out of the document: every route under
    /downloads/ and /feeds/ is matched against the documented paths, each format tried for real."""
    import re

    app, _ = api
    client = app.test_client()
    documented = set(client.get("/api/v1/openapi.json").get_json()["paths"])
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith(("/downloads/", "/feeds/"))]
    assert len(rules) >= 6
    for rule in rules:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if "{fmt}" not in path:
            assert path in documented, path
            continue
        served = set()
        for fmt in CANDIDATE_FORMATS:
            url = path.replace("{fmt}", fmt).replace("{year}", "2022")
            status = client.get(url, headers=IDENTITY).status_code
            assert status in (200, 404), url
            if status == 200:
                served.add(path.replace("{fmt}", fmt))
        listed = {p for p in documented if re.fullmatch(re.escape(path).replace(r"\{fmt\}", r"\w+"), p)}
        assert served and served == listed, (rule.rule, served, listed)


def test_download_and_feed_errors_are_json_and_carry_cors(api):
    app, _ = api
    client = app.test_client()
    for url, status in (
        ("/downloads/penalties.csv?year=abc", 400),
        ("/downloads/stats-1800.csv", 404),
        ("/downloads/report-2200.xlsx", 404),
        ("/feeds/penalties.atom?page=100000", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.get_json()["error"]["message"], url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    # the HTML pages keep the HTML error page
    page = client.get("/penalties?year=abc")
    assert page.status_code == 400 and page.mimetype == "text/html"
