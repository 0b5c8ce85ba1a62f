"""Hostile numbers: one integer parser (ASCII digits, bounded) behind every integer query parameter and path id,
so superscripts, circled or full-width digits, other scripts' digits and numbers too long for the database are
a 400 (a parameter) or a 404 (a path), never a 500, on every database."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.schemas import MAX_ID, parse_int

# Digits and numbers of every script (Nd: ٣ ３; No: ² ①; Nl: Ⅻ), mixed with ASCII digits and signs.
NUMBERISH = st.text(
    alphabet=st.one_of(st.characters(categories=["Nd", "No", "Nl"]), st.sampled_from("0123456789+- _.")),
    min_size=1,
    max_size=25,
)
QUERY_INTS = [
    "/api/v1/changes?since={}",
    "/api/v1/changes?limit={}",
    "/api/v1/penalties?page={}",
    "/api/v1/penalties?per_page={}",
    "/api/v1/penalties?year={}",
    "/penalties?page={}",
    "/api/v1/powers?article={}",
    "/api/v1/powers?page={}",
]
PATH_IDS = ["/penalties/{}", "/api/v1/penalties/{}", "/api/v1/stats/{}", "/stats/{}"]


_addresses = itertools.count()


def get(app, url: str):
    # A new client address per request, so the per-address rate limit never answers instead of the parser.
    n = next(_addresses)
    return app.test_client().get(url, environ_base={"REMOTE_ADDR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"})


def is_plain(raw: str) -> bool:
    return raw.isascii() and raw.isdigit()


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/changes?since=²", 400),
        ("/api/v1/changes?since=①", 400),
        ("/api/v1/changes?since=٣", 400),
        ("/api/v1/changes?limit=" + "9" * 5000, 400),
        ("/api/v1/changes?since=" + "9" * 5000, 400),
        ("/api/v1/changes?since=" + "9" * 19, 400),
        ("/api/v1/changes?since=" + "9" * 18, 200),
        ("/api/v1/penalties?page=３", 400),
        ("/api/v1/penalties?year=２０２６", 400),
        ("/api/v1/powers?article=٣٤", 400),
        ("/penalties/9223372036854775808", 404),
        ("/api/v1/penalties/9223372036854775808", 404),
        (f"/penalties/{MAX_ID + 1}", 404),
        (f"/api/v1/penalties/{MAX_ID}", 404),
        ("/api/v1/penalties/٣", 404),
        ("/penalties/²", 404),
        ("/stats/２０２２", 404),
    ],
)
def test_hostile_numbers_are_400s_or_404s(client, url, status):
    response = client.get(url)
    assert response.status_code == status, url
    if url.startswith("/api/") and status == 400:
        assert response.get_json()["error"]["code"] == "bad_request"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=NUMBERISH)
def test_every_integer_parameter_and_path_id_refuses_what_is_not_plain_ascii_digits(seeded_app, raw):
    for template in QUERY_INTS:
        response = get(seeded_app, template.format(raw.replace("+", "%2B").replace(" ", "%20")))
        assert response.status_code in (200, 400), (template, raw)
        if not is_plain(raw):
            assert response.status_code == 400, (template, raw)
    for template in PATH_IDS:
        response = get(seeded_app, template.format(raw.replace(" ", "%20")))
        assert response.status_code in (200, 404, 308), (template, raw)
        if not is_plain(raw):
            assert response.status_code in (404, 308), (template, raw)


@given(raw=NUMBERISH)
def test_parse_int_takes_ascii_digits_within_bounds_only(raw):
    try:
        value = parse_int(raw, 0, 10**6)
    except ValueError:
        assert not is_plain(raw) or len(raw) > 7 or int(raw) > 10**6
    else:
        assert is_plain(raw) and value == int(raw) and 0 <= value <= 10**6


def test_a_forged_host_is_refused_and_never_reaches_a_link(seeded_app):
    from portal.config import _base_url

    seeded_app.config.update(_base_url("https://zfgs.example.gov.cn"))
    try:
        client = seeded_app.test_client()
        for path in ("/feeds/penalties.atom", "/sitemap.xml", "/api/v1/penalties", "/"):
            assert client.get(path, headers={"Host": "evil.example"}).status_code == 400, path
            ok = client.get(path, headers={"Host": "zfgs.example.gov.cn"}, base_url="https://zfgs.example.gov.cn")
            assert ok.status_code == 200, path
            body = ok.get_data(as_text=True)
            assert "evil.example" not in body and ("https://zfgs.example.gov.cn" in body or path == "/")
    finally:
        for key in ("TRUSTED_HOSTS", "SERVER_NAME"):
            seeded_app.config[key] = None
        seeded_app.config["PREFERRED_URL_SCHEME"] = "http"


def test_the_base_url_must_be_an_address():
    import pytest as _pytest

    from portal.config import ConfigError, _base_url

    for bad in ("zfgs.example.gov.cn", "ftp://x", "https://x/portal", "https://"):
        with _pytest.raises(ConfigError):
            _base_url(bad)
    assert _base_url("") == {}
