"""Public pages as a resident sees them."""

import pytest


def text(response):
    return response.get_data(as_text=True)


def test_home_offers_search_and_categories(client):
    page = text(client.get("/"))
    assert 'lang="zh-CN"' in page and 'role="search"' in page
    assert "行政处罚" in page and "44 项" in page


def test_footer_comes_from_configuration(seeded_app):
    seeded_app.config.update(SITE_CODE="1201100001", ICP="津ICP备00000000号", PSB="津公网安备12011002000000号")
    try:
        page = text(seeded_app.test_client().get("/powers?q=违建"))
    finally:
        seeded_app.config.update(SITE_CODE="", ICP="", PSB="")
    assert "网站标识码：1201100001" in page and "津ICP备00000000号" in page and "津公网安备12011002000000号" in page
    assert "site_code=1201100001" in page and "url=http%3A%2F%2Flocalhost%2Fpowers%3Fq%3D" in page
    assert "主办单位：天津市东丽区人民政府华新街道办事处" in page


def test_search_page_shows_highlighted_results_facets_and_the_synonym_used(client):
    page = text(client.get("/powers?q=违建"))
    assert "<mark>违法建设</mark>" in page
    assert "同时搜索了：“违建” → “违法建设”" in page
    assert 'aria-labelledby="facet-category"' in page and "行政强制" in page


def test_search_page_offers_help_when_nothing_is_found(client):
    page = text(client.get("/powers?q=宇宙飞船"))
    assert "没有找到相关事项" in page and "lajifenlei" in page


def test_search_page_pages(client):
    first = text(client.get("/powers?page=1"))
    assert 'rel="next"' in first and "第 1 / 6 页" in first
    last = text(client.get("/powers?page=6"))
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_item_page_shows_every_column_and_the_article_text(client):
    page = text(client.get("/powers/HX-CF-017"))  # 第三十四条第一项 of the national regulation
    for column in (
        "事项编码",
        "事项名称",
        "子项",
        "事项类型",
        "实施主体",
        "承办机构",
        "状态",
        "生效日期",
        "监督电话",
        "设定依据",
        "责任事项",
        "追责情形",
        "办理流程",
        "版本记录",
    ):
        assert column in page, column
    assert "有下列行为之一者，城市人民政府市容环境卫生行政主管部门" in page
    assert "已对照法律文本核对" in page


def test_item_page_links_to_other_items_citing_the_same_article(client):
    page = text(client.get("/powers/HX-CF-017"))
    assert "/powers/HX-CF-018" in page  # also 第三十四条
    assert "law=%E5%9F%8E%E5%B8%82" in page and "article=34" in page


def test_an_unconfirmed_tianjin_article_says_so_and_shows_no_text(client):
    page = text(client.get("/powers/HX-CF-006"))  # 天津市生活垃圾管理条例, article not verified
    assert "条款序号未核实" in page and "本平台未收录该条文原文" in page


def test_old_versions_stay_readable(seeded_fresh_app):
    from portal.extensions import db
    from portal.powers import items as powers

    item = powers.get_item("HX-CF-001")
    item.version, item.status = 2, "调整"
    powers.record_version(item, "测试调整")
    db.session.commit()
    client = seeded_fresh_app.test_client()
    assert "查看该版本" in text(client.get("/powers/HX-CF-001"))
    old = client.get("/powers/HX-CF-001/versions/1")
    assert old.status_code == 200 and "历史版本" in text(old)
    assert client.get("/powers/HX-CF-001/versions/9").status_code == 404


def test_unknown_item_is_a_404_page(client):
    response = client.get("/powers/NOPE")
    assert response.status_code == 404 and "未找到编码为“NOPE”的权责事项" in text(response)


HOSTILE = [
    "q=%22unbalanced",
    "q=AND%20OR",
    "q=" + "违" * 5000,
    "q=%00%07%1b",
    "q=%ED%A0%80",
    "q=*:*",
    "q=title:(",
    "q=<script>alert(1)</script>",
    "category=不存在",
    "category=",
    "department=" + "x" * 500,
    "page=0",
    "page=-1",
    "page=abc",
    "page=99999999999999999999",
    "page=100000",
    "per_page=0",
    "per_page=100000",
    "article=abc",
    "law=消防法&article=0",
    "law=%00",
    "q=违建&q=占道",
    "q=%F0%9F%98%80%F0%9F%98%80",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_page_or_a_400_never_a_500(client, query):
    for path in ("/powers?", "/api/v1/powers?"):
        response = client.get(path + query)
        assert response.status_code in (200, 400), (path, query, response.status_code)
        if path.startswith("/api") and response.status_code == 400:
            error = response.get_json()["error"]
            assert error["code"] and error["message"]


def test_an_overlong_query_names_the_problem(client):
    response = client.get("/powers?q=" + "违" * 5000)
    assert response.status_code == 400 and "查询词过长" in text(response)


def test_a_bad_page_number_names_the_field(client):
    body = client.get("/api/v1/powers?page=abc").get_json()
    assert "页码" in body["error"]["message"]
