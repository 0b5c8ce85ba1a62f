"""The two tiers on the page and in the API: strict matches, then “相关事项”; “您是不是要找”."""


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
