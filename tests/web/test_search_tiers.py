"""The two tiers on the page and in the API: strict matches, then “相关事项”; “您是不是要找”; suggestions."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def text(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_page_shows_related_items_under_a_divider(client):
    page = text(client.get("/powers?q=乱扔烟头"))
    assert "没有找到相关事项" in page  # nothing contains the words unbroken: the help stays
    assert 'id="related-heading"' in page and ">相关事项<" in page
    assert page.index("related-heading") < page.index("HX-CF-017")


def test_the_page_names_the_word_it_searched_instead(client):
    page = text(client.get("/powers?q=占到经营"))
    assert "您是不是要找：" in page and "占道经营</a>" in page and "HX-JC-007" in page


def test_the_api_returns_related_items_of_the_same_shape(client):
    body = client.get("/api/v1/powers?q=乱扔烟头").get_json()
    assert body["total"] == 0 and body["items"] == [] and body["did_you_mean"] is None
    codes = [r["code"] for r in body["related"]]
    assert "HX-CF-017" in codes[:5] and len(codes) <= 10
    assert set(body["related"][0]) >= {"code", "name", "category", "legal_bases", "url", "highlight", "score"}


def test_the_api_keeps_strict_matches_in_items_and_their_count_in_total(client):
    body = client.get("/api/v1/powers?q=门前三包&per_page=50").get_json()
    assert body["total"] == len(body["items"]) == 3
    assert not {i["code"] for i in body["items"]} & {r["code"] for r in body["related"]}


def test_an_unrelated_query_is_not_padded(client):
    body = client.get("/api/v1/powers?q=低保申请").get_json()
    assert body["total"] == 0 and len(body["related"]) <= 3


def test_openapi_describes_related_and_did_you_mean(client):
    page = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["PowerPage"]["properties"]
    assert page["related"]["items"]["$ref"].endswith("PowerHit") and "did_you_mean" in page


def suggest(client, q):
    response = client.get("/api/v1/suggest", query_string={"q": q})
    assert response.status_code == 200
    return response.get_json()["suggestions"]


def test_suggestions_by_prefix_pinyin_and_initials(client):
    assert "占道经营" in [s["text"] for s in suggest(client, "占道")]
    assert "门前三包" in [s["text"] for s in suggest(client, "menqian")]
    assert "门前三包" in [s["text"] for s in suggest(client, "mqsb")]
    items = [s for s in suggest(client, "消防") if s["kind"] == "item"]
    assert items and all(s["url"].endswith("/powers/" + s["code"]) for s in items)
    assert len(suggest(client, "消")) <= 8 and suggest(client, "") == []


def test_suggestions_take_any_input(client):
    for q in ["\x00", "%", "《", "a" * 200, "占道" * 50, "*:*", "<script>"]:
        assert client.get("/api/v1/suggest", query_string={"q": q}).status_code in (200, 400)
    for raw in ["q=%ED%A0%80", "q=%00%07", "q=%FF", "q=a&q=b", "", "q"]:
        assert client.get("/api/v1/suggest?" + raw).status_code in (200, 400), raw
    assert client.get("/api/v1/suggest", query_string={"q": "x" * 201}).status_code == 400


def test_the_search_box_is_an_enhanced_combobox(client):
    page = text(client.get("/"))
    assert 'data-suggest="/api/v1/suggest"' in page and "suggest.js" in page


RESIDENT_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("乱扔烟头的了吗怎么办在里给楼道电动车充电占道经营噪声法第条"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=RESIDENT_TEXT)
def test_any_input_gets_a_page_or_a_400_never_a_500(client, q):
    for path in ("/powers", "/api/v1/powers", "/api/v1/suggest"):
        assert client.get(path, query_string={"q": q}).status_code in (200, 400), (path, q)
