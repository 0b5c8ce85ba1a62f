"""A resident in a real headless Chromium: search in Chinese and pinyin, use a facet, read an item, on a phone."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(seeded_template, tmp_path_factory):

    from tests.conftest import app_from_template

    template, engine = seeded_template
    folder = tmp_path_factory.mktemp("browser") / "inst"
    app = app_from_template(template, engine, folder)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def engine(seeded_template):
    return seeded_template[1]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("headless Chromium is missing: run `make browser` (Debian packages chromium, fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_resident_searches_filters_and_reads_an_item(server, browser, engine, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "/")
    page.fill("#q", "违建")
    page.press("#q", "Enter")
    page.wait_for_url("**/powers?q=*")
    assert page.locator("ol.hits:not(.related-hits) .hit").count() == 5
    assert page.locator(".hit mark").first.inner_text() == "违法建设"
    page.screenshot(path=str(ARTIFACTS / f"search-{engine}-{width}.png"), full_page=True)
    page.get_by_role("link", name="行政检查 (1)").click()
    assert page.locator("ol.hits:not(.related-hits) .hit").count() == 1
    page.locator(".hit h2 a").first.click()
    assert page.locator("h1").inner_text() == "对辖区违法建设的巡查检查"
    assert "县级以上人民政府城乡规划主管部门" in page.locator(".article-text").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"item-{engine}-{width}.png"), full_page=True)
    page.close()


def test_pinyin_search_and_the_font_switch_persists(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/powers?q=lajifenlei")
    assert page.locator("ol.hits:not(.related-hits) .hit").count() >= 2
    before = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    page.get_by_role("button", name="特大").click()
    page.reload()
    after = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert before == "18px" and after == "24px"
    assert page.get_by_role("button", name="特大").get_attribute("aria-pressed") == "true"
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_journalist_reads_decisions_and_the_statistics(server, browser, engine, width):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "/penalties")
    hits = page.locator(".hit")
    assert hits.count() >= 5
    page.select_option("select[name=party_type]", "个体工商户")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**party_type=*")
    assert all("个体工商户" in t for t in page.locator(".hit .meta").all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / f"penalties-{engine}-{width}.png"), full_page=True)
    page.goto(server + "/penalties")
    masked = page.locator(".hit h2 a", has_text="某某").first
    masked.click()
    assert page.locator(".masked-mark").first.is_visible()
    assert "已作隐私处理" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"penalty-{engine}-{width}.png"), full_page=True)
    page.goto(server + "/stats/2022")
    text = page.locator("main").inner_text()
    assert "共立案处罚 77 起" in text and "罚款共 27,100 元" in text
    assert page.locator("svg.chart").count() == 3
    page.screenshot(path=str(ARTIFACTS / f"stats-{engine}-{width}.png"), full_page=True)
    page.close()


def test_a_resident_follows_a_legal_basis_and_a_journalist_subscribes(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/powers/HX-CF-017")
    page.get_by_role("link", name="查看引用该条文的全部事项").first.click()
    page.wait_for_url("**/powers?law=*")
    assert "正在查看引用《城市市容和环境卫生管理条例》第 34 条的事项" in page.locator("main").inner_text()
    assert page.locator("ol.hits:not(.related-hits) .hit").count() >= 7
    page.goto(server + "/penalties?party_type=个体工商户")
    href = page.get_by_role("link", name="Atom").get_attribute("href")
    assert "party_type=" in href
    response = page.request.get(server + href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    assert "个体工商户" in response.text()
    page.close()
