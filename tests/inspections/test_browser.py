"""In a real headless Chromium: staff build both pools (one CSV import, one form), publish a plan, draw after the
public value exists, record and publish the results; the public pages pass axe-core like the penalty pages, and
the verifier checks the live JSON over HTTP."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT, app_from_template
from tests.web.test_accessibility import AXE, violations
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM

from .conftest import uscc

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(seeded_template, tmp_path_factory):
    from portal.extensions import db
    from portal.staff import accounts

    template, engine = seeded_template
    if engine != "fts5":
        pytest.skip("the walk-through does not depend on the search engine; run once")
    folder = tmp_path_factory.mktemp("insp-browser") / "inst"
    app = app_from_template(template, engine, folder)
    with app.app_context():
        for role in ("handler", "head", "legal"):
            accounts.create_user(role, role, PASSWORD, display_name=f"测试{role}")
        db.session.commit()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_staff_run_a_plan_from_pools_to_published_results(site, browser):
    app, url = site
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "/staff/login")
    page.fill("#username", "head")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.get_by_label("工作台导航").get_by_role("link", name="双随机一公开").click()

    # 执法检查人员名录库 from staff accounts
    page.get_by_role("link", name="执法检查人员名录库").click()
    for n, name in enumerate(("handler", "head", "legal"), start=1):
        page.select_option("#i-user", label=f"测试{name}（{name}）")
        page.fill("#i-cert", f"12011000200{n}")
        page.fill("#i-cat", "综合执法/华新街道")
        page.fill("#i-from", "2025-01-01")
        page.fill("#i-until", "2028-12-31")
        page.get_by_role("button", name="加入名录库").click()
        page.get_by_text("执法人员已加入名录库").wait_for()

    # 检查对象名录库: a CSV in GB18030 (as Excel saves it), then one more by the form
    page.goto(url + "/staff/inspections/objects")
    csv = "名称,主体类型,统一社会信用代码,地址,对象类型\n" + "".join(
        f"华新测试{n}号商贸有限公司,法人及非法人组织,{uscc(200 + n)},华新街道某路{n}号,沿街商户\n" for n in range(4)
    )
    page.set_input_files("#o-file", files=[{"name": "o.csv", "mimeType": "text/csv", "buffer": csv.encode("gb18030")}])
    page.get_by_role("button", name="导入").click()
    page.get_by_text("导入完成").wait_for()
    page.fill("#o-name", "李桂兰")
    page.select_option("#o-party", "自然人")
    page.fill("#o-address", "某小区5号楼")
    page.select_option("#o-type", "沿街商户")
    page.get_by_role("button", name="加入名录库").click()
    page.get_by_text("检查对象已加入名录库").wait_for()

    # the plan
    page.goto(url + "/staff/inspections/plans/new")
    page.fill("#p-title", "2026年12月沿街商户门前三包双随机抽查")
    page.get_by_label("HX-JC-002", exact=False).check()
    page.get_by_label("沿街商户").check()
    page.fill("#p-count", "2")
    page.fill("#p-start", "2026-12-01")
    page.fill("#p-end", "2026-12-31")
    page.fill("#p-src", "2026年11月30日开奖的中国福利彩票“快乐8”当期开奖号码")
    page.fill("#p-on", "2026-11-30")
    page.get_by_role("button", name="保存计划").click()
    page.get_by_text("抽查计划已保存（草稿）").wait_for()
    page.get_by_role("button", name="公布计划").click()
    page.get_by_text("计划已公布").wait_for()
    plan_url = page.url

    # the public value exists from 30 November; the draw happens after it
    app.config["TODAY"] = dt.date(2026, 12, 3)
    page.goto(plan_url)
    page.fill("#d-value", "03 07 12 18 21 25 33 38 41 47 52 55 59 61 64 68 70 73 77 80")
    page.get_by_role("button", name="输入公开随机值并抽取").click()
    page.get_by_text("抽取完成").wait_for()
    page.screenshot(path=str(ARTIFACTS / "inspection-draw.png"), full_page=True)

    # a drawn inspector falls ill: the head records it; the portal, not the head, names the replacement
    first_pair = page.locator("#s-pair option").first.get_attribute("value")
    page.select_option("#s-pair", first_pair)
    page.select_option("#s-kind", "leave")
    page.fill("#s-reason", "病假一周")
    page.get_by_role("button", name="登记替换").click()
    page.get_by_text("替换已登记").wait_for()
    assert "请假或公出：病假一周" in page.content()
    page.screenshot(path=str(ARTIFACTS / "inspection-substitution.png"), full_page=True)

    for _ in range(2):
        page.goto(plan_url)
        page.get_by_role("link", name="登记检查记录").first.click()
        page.fill("#r-date", "2026-12-02")
        page.fill("#r-findings", "门前三包责任牌已设置，门前有少量堆物")
        page.fill("#r-problems", "1")
        page.fill("#r-rect", "清理门前堆物")
        page.fill("#r-days", "2")
        page.get_by_role("button", name="保存检查记录").click()
        page.get_by_text("检查记录已保存").wait_for()
        page.get_by_role("button", name="公开检查结果").click()
        page.get_by_text("检查结果已公开").wait_for()

    plan_id = plan_url.rstrip("/").rsplit("/", 1)[1]
    public = context.new_page()
    public.goto(f"{url}/inspections/{plan_id}")
    assert public.locator(".card").count() == 2
    assert "门前三包责任牌已设置" in public.content()
    assert "李桂兰" not in public.content() and "某小区5号楼" not in public.content()
    assert "执法人员替换" in public.content() and "病假一周" in public.content()
    public.screenshot(path=str(ARTIFACTS / "inspection-public.png"), full_page=True)
    context.close()

    done = subprocess.run(
        [sys.executable, "-m", "portal.inspections.verify", f"{url}/api/v1/inspections/{plan_id}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("一致"), done.stdout + done.stderr
    assert "第 1 项替换" in done.stdout


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_public_inspection_pages_pass_axe(site, browser, mode):
    _, url = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if mode == "elder":
        page.goto(url + "/")
        page.get_by_role("button", name="长辈模式").click()
    found = {}
    for path in (
        "/inspections",
        "/inspections/1",
        "/inspections/999",
        "/enforcement",
        "/reports/2022",
        "/inspections/patrol",
    ):
        page.goto(url + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}


def test_staff_inspection_pages_pass_axe(site, browser):
    _, url = site
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "/staff/login")
    page.fill("#username", "head")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    found = {}
    for path in (
        "/staff/",
        "/staff/inspections/",
        "/staff/inspections/objects",
        "/staff/inspections/inspectors",
        "/staff/inspections/plans/new",
        "/staff/inspections/plans/1",
        "/staff/inspections/records/new",
        "/staff/inspections/records/1",
        "/staff/inspections/objects/1/edit",
        "/staff/inspections/inspectors/1/edit",
        "/staff/inspections/education?year=2022",
    ):
        page.goto(url + path)
        assert page.locator("h1").count() == 1, path
        problems = violations(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}
