"""Pages for re-users and readers in headless Chromium: printing (A4, content only, URL and date), the copy buttons
with and without JS, and screenshots of the changed pages at 375 px and on the desktop (tests/artifacts/)."""

import pytest

from tests.web.test_accessibility import site  # noqa: F401 - the module's live server fixture
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def paths(public: int) -> dict:
    return {
        "decision": f"/penalties/{public}",
        "item": "/powers/HX-CF-017",
        "stats": "/stats/2022",
        "feeds": "/feeds/",
        "sitemap": "/sitemap",
        "developers": "/developers",
        "penalties": "/penalties",
    }


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_changed_pages(site, browser, width):  # noqa: F811
    url, public, *_ = site
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name, path in paths(public).items():
        page.goto(url + path)
        assert page.locator(".sample-banner").is_visible()
        # Nothing wider than the screen: a phone never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(ARTIFACTS / f"reuse-{name}-{width}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("name", ["decision", "item", "stats"])
def test_printing_shows_content_url_and_date_on_a4(site, browser, name):  # noqa: F811
    url, public, *_ = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + paths(public)[name])
    assert not page.locator(".print-meta").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".mainnav").is_visible() and not page.locator(".site-footer").is_visible()
    assert not page.locator(".font-switch").is_visible()
    meta = page.locator(".print-meta")
    assert meta.is_visible() and url + paths(public)[name] in meta.inner_text() and "打印日期" in meta.inner_text()
    assert page.locator("h1").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"print-{name}.png"), full_page=True)
    pdf = page.pdf(format="A4", path=str(ARTIFACTS / f"print-{name}.pdf"))
    assert pdf.startswith(b"%PDF")
    page.close()


def test_copy_buttons_work_with_js_and_the_addresses_without(site, browser):  # noqa: F811
    url, *_ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "/feeds/")
    assert page.locator(".copy-button").first.is_hidden()
    field = page.locator(".copy-field").first
    assert field.is_visible() and field.input_value().startswith(url + "/feeds/penalties.rss")
    assert (
        page.get_by_role("link", name="打开全部处罚决定的 RSS 2.0 订阅源").get_attribute("href") == field.input_value()
    )
    context.close()
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()
    page.goto(url + "/feeds/")
    button = page.locator(".copy-button").first
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator(".copy-field").first.input_value()
    context.close()


def test_a_browser_without_custom_properties_still_shows_the_red_masthead(site, browser):  # noqa: F811
    """Old Android browsers drop every declaration that uses var(): serve the stylesheet without them."""
    import re

    url, *_ = site
    page = browser.new_page(viewport={"width": 375, "height": 800})

    def old_css(route):
        css = route.fetch().text()
        route.fulfill(body=re.sub(r"[\w-]+\s*:[^;{}]*var\([^;{}]*(;|(?=\}))", "", css), content_type="text/css")

    page.route("**/static/portal.css*", old_css)
    page.goto(url + "/penalties")
    assert "var(" not in page.evaluate("[...document.styleSheets[0].cssRules].map(r => r.cssText).join('')")
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).backgroundColor") == "rgb(166, 27, 27)"
    assert page.evaluate("getComputedStyle(document.querySelector('.mainnav')).backgroundColor") == "rgb(125, 16, 16)"
    page.screenshot(path=str(ARTIFACTS / "old-phone-penalties-375.png"))
    page.close()
