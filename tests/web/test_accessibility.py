"""适老化/无障碍: axe-core (from the npm registry) finds no serious or critical problem on any public page, in the
standard and the elder (high-contrast, large) mode; every control is reachable by keyboard with a visible focus."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT, app_from_template
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STAFF_PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(seeded_template, tmp_path_factory):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Penalty
    from portal.staff import accounts, corrections
    from tests.penalties.conftest import draft

    template, engine = seeded_template
    if engine != "fts5":
        pytest.skip("pages are the same on both engines; checked once")
    folder = tmp_path_factory.mktemp("a11y") / "inst"
    app = app_from_template(template, engine, folder)
    with app.app_context():
        public = db.session.scalar(select(Penalty.id).where(Penalty.status == "corrected"))
        withdrawn = db.session.scalar(select(Penalty.id).where(Penalty.status == "withdrawn"))
        accounts.create_user("admin", "admin", STAFF_PASSWORD, display_name="测试管理员")
        handler = accounts.create_user("handler", "handler", STAFF_PASSWORD, display_name="测试办案人员")
        accounts.create_user("head", "head", STAFF_PASSWORD, display_name="测试负责人")
        legal = accounts.create_user("legal", "legal", STAFF_PASSWORD, display_name="测试法制审核")
        db.session.flush()
        # A correction waiting for approval (the reviewer's before/after and preview), and a draft whose 公示预览
        # lists what masking hid.
        decision = db.session.get(Penalty, public)
        corrections.propose(decision, legal, {"content": decision.content + "（大写）"}, "处罚内容笔误")
        masked = draft(
            created_by=handler.id, facts="证人刘德明（电话13912345678，家住华新街道丽新里3号楼101）在场。"
        ).id
        db.session.commit()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", public, withdrawn, masked
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser` (npm install from package.json)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def pages(public: int, withdrawn: int) -> list[str]:
    return [
        "/",
        "/powers",
        "/powers?q=违建",
        "/powers?q=宇宙飞船",
        "/powers?q=乱扔烟头",
        "/powers?q=占到经营",
        "/powers/HX-CF-017",
        "/powers/HX-CF-017/versions/1",
        "/penalties",
        "/penalties?q=邻居在楼道里烧烤怎么办",
        "/penalties?q=少烤",
        f"/penalties/{public}",
        f"/penalties/{withdrawn}",
        "/stats/2022",
        "/feeds/",
        "/sitemap",
        "/developers",
        "/no-such-page",
        "/staff/login",
    ]


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_no_serious_or_critical_violations_on_any_public_page(site, browser, mode):
    url, public, withdrawn, _ = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if mode == "elder":
        page.goto(url + "/")
        page.get_by_role("button", name="长辈模式").click()
    found = {}
    for path in pages(public, withdrawn):
        page.goto(url + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}


def test_no_serious_or_critical_violations_on_the_staff_pages(site, browser):
    url, public, _, masked = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found, signed_in = {}, None
    # The administrator manages accounts only; a handler sees the case pages.
    for who, path in (
        ("handler", "/staff/"),
        ("handler", "/staff/decisions/new"),
        ("handler", f"/staff/decisions/{public}"),
        ("handler", f"/staff/decisions/{masked}"),
        ("handler", "/staff/credit"),
        ("handler", "/staff/password"),
        ("admin", "/staff/users/"),
        ("admin", "/staff/users/ (errors)"),
        ("admin", "/staff/search/"),
        ("head", "/staff/"),
        ("head", f"/staff/decisions/{public}"),
    ):
        if signed_in != who:
            context.clear_cookies()
            page.goto(url + "/staff/login")
            page.fill("#username", who)
            page.fill("#password", STAFF_PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.wait_for_url("**/staff/")
            signed_in = who
        page.goto(url + path.split()[0])
        if path.endswith("(errors)"):  # the form as it comes back with its errors shown
            page.get_by_role("button", name="创建账号").click()
            page.wait_for_selector(".field-error")
        assert page.locator("h1").count() == 1, path
        problems = violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}


def test_elder_mode_persists_and_raises_contrast(site, browser):
    url, *_ = site
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "/penalties")
    button = page.get_by_role("button", name="长辈模式")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.goto(url + "/stats/2022")
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.dataset.mode") == "elder"
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)"
    )
    assert line_height >= 1.5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "elder-stats-375.png"), full_page=True)
    context.close()


def test_keyboard_reaches_search_and_shows_focus(site, browser):
    url, *_ = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("lajifenlei")
    page.keyboard.press("Enter")
    page.wait_for_url("**/powers?q=lajifenlei")
    assert page.locator(".hit").count() >= 2
    page.close()
    assert Path(AXE).exists()


def test_the_search_box_suggests_as_a_keyboard_operable_combobox(site, browser):
    url, *_ = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "/")
    box = page.locator("#q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("占道", delay=50)
    page.wait_for_selector("#q-suggestions [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("listbox", name="搜索建议").is_visible()
    assert violations(page) == []  # with the popup open
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    chosen = page.locator(f"#{active}").evaluate("li => li.firstChild.textContent")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    page.wait_for_selector("#q-suggestions [role=option]")
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert "/powers" in page.url and page.locator("#q").input_value() in (
        chosen,
        "占道",
        "占道经营",
        "占路经营",
        "占路",
    )
    context.close()


def test_the_penalty_search_shows_related_decisions_under_their_heading(site, browser):
    url, *_ = site
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(url + "/penalties?q=" + "邻居在楼道里烧烤怎么办")
    divider = page.get_by_role("heading", name="相关处罚决定", level=2)
    assert divider.is_visible()
    region = page.get_by_role("region", name="相关处罚决定")
    assert region.get_by_role("heading", level=3).count() >= 1
    assert page.get_by_role("heading", name="没有找到公示中的处罚决定").is_visible()
    context.close()
