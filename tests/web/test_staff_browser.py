"""A case in a real headless Chromium: drafted with a wrong then a right code, four reviews, published, seen by
the public and in the feed, withdrawn, gone."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import app_from_template
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"
WSH = "华新街道综合执法罚决字〔2026〕88号"
TITLE = "天津市东丽区顺通渣土运输有限公司：运输散装货物不作密封、覆盖造成遗撒"


@pytest.fixture(scope="module")
def site(seeded_template, tmp_path_factory):
    from portal.extensions import db
    from portal.staff import accounts

    template, engine = seeded_template
    folder = tmp_path_factory.mktemp("staff-browser") / "inst"
    app = app_from_template(template, engine, folder, AUTHORITY_USCC="11120110000000123G")
    with app.app_context():
        for role in ("handler", "head", "legal", "leader"):
            accounts.create_user(role, role, PASSWORD, display_name=f"测试{role}")
        db.session.commit()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", engine
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def signed_in(browser, url, username, **options):
    page = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options}).new_page()
    page.goto(url + "/staff/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    return page


def test_a_case_from_draft_to_withdrawal(site, browser):
    url, engine = site
    ARTIFACTS.mkdir(exist_ok=True)
    page = signed_in(browser, url, "handler")
    page.get_by_role("link", name="起草处罚决定").click()
    page.fill("#document_number", WSH)
    page.select_option("#party_type", "法人及非法人组织")
    page.fill("#party_name", "天津市东丽区顺通渣土运输有限公司")
    page.fill("#uscc", "91350100M000100Y44")  # one character off
    page.fill("#legal_rep", "赵立新")
    page.fill("#violation", "运输散装货物不作密封、覆盖造成遗撒")
    page.fill(
        "#facts",
        "2026年11月10日，当事人所属渣土车在华新街道某路沿途遗撒渣土约30米，证人刘德明（电话13912345678）在场。",
    )
    page.fill("#basis", "《城市市容和环境卫生管理条例》第三十四条第六项")
    page.check("input[name=categories][value=罚款]")
    page.fill("#content", "罚款人民币3000元")
    page.fill("#fine_yuan", "3000")
    page.fill("#decided_on", "2026-11-20")
    page.fill("#valid_until", "2026-12-05")
    page.check("#major")
    page.get_by_role("button", name="保存草稿").click()
    error = page.locator("#uscc-error")
    assert error.inner_text() == "统一社会信用代码校验位错误"
    page.screenshot(path=str(ARTIFACTS / f"staff-form-error-{engine}.png"), full_page=True)
    page.fill("#uscc", "91350100M000100Y43")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/staff/decisions/*")
    # The 公示预览 marks and lists what masking hid, for the handler to confirm.
    check = page.locator(".mask-check")
    assert check.locator("mark[title=电话]").inner_text() == "[电话已隐去]"
    assert check.get_by_role("cell", name="13912345678").count() == 1
    check.screenshot(path=str(ARTIFACTS / f"staff-mask-check-{engine}.png"))
    page.set_viewport_size({"width": 375, "height": 800})
    check.screenshot(path=str(ARTIFACTS / f"staff-mask-check-375-{engine}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="提交审核").click()
    assert "已提交审核" in page.locator("main").inner_text()
    decision_url = page.url

    for reviewer in ("head", "legal", "leader"):
        review = signed_in(browser, url, reviewer)
        # The case waits in the reviewer's own queue (heads also see it in the office-wide table below).
        review.get_by_role("table", name="待我办理的决定（共 1 件）").get_by_role("link", name=WSH).click()
        for label in ("执法主体合法", "执法职权合法", "执法程序合法", "事实清楚、证据确凿", "裁量适当", "适用法律正确"):
            review.get_by_label(label).check()
        review.fill("#comment", f"{reviewer} 同意")
        review.get_by_role("button", name="审核通过").click()
        assert "已审核通过" in review.locator("main").inner_text()
        review.context.close()

    page.goto(decision_url)
    page.get_by_role("button", name="发布").click()
    assert "已发布" in page.locator("main").inner_text()

    public = browser.new_page()
    public.goto(url + "/penalties?q=渣土")
    assert public.get_by_role("link", name=TITLE).count() == 1
    public.goto(url + "/feeds/penalties.atom")
    assert WSH in public.content()

    # A correction: proposed by the handler, public only once a head approves it.
    page.goto(decision_url)
    page.fill("#note", "处罚内容中金额大写笔误")
    page.fill("#content", "罚款人民币叁仟元")
    page.get_by_role("button", name="提出更正").click()
    assert "已提出更正" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="核准更正").count() == 0  # never by the one who proposed it
    public.goto(f"{url}/penalties/{decision_url.rsplit('/', 1)[1]}")
    assert "叁仟元" not in public.content()
    head = signed_in(browser, url, "head")
    head.get_by_role("table", name="待我核准的更正（共 1 项）").get_by_role("link", name=WSH).click()
    diff = head.get_by_role("table", name="更正前后对照（删去的文字划线，新增的文字加底色）")
    assert diff.locator("ins").inner_text() == "叁仟" and diff.locator("del").inner_text() == "3000"
    head.screenshot(path=str(ARTIFACTS / f"staff-correction-review-{engine}.png"), full_page=True)
    head.set_viewport_size({"width": 375, "height": 800})
    head.locator("#correction").screenshot(path=str(ARTIFACTS / f"staff-correction-review-375-{engine}.png"))
    head.get_by_role("button", name="核准更正").click()
    assert "已核准更正" in head.locator("main").inner_text()
    head.context.close()
    public.reload()
    assert "罚款人民币叁仟元" in public.content() and "处罚内容中金额大写笔误" in public.content()

    page.goto(decision_url)
    page.select_option("#event", "撤销")
    page.fill("#event_on", "2026-11-24")
    page.fill("#reason", "复议机关以事实认定不清为由撤销原处罚决定")
    page.get_by_role("button", name="撤回", exact=True).click()
    assert "已撤回" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"staff-decision-{engine}.png"), full_page=True)

    public.goto(url + "/penalties?q=渣土")
    assert public.get_by_role("link", name=TITLE).count() == 0
    public.close()
    page.context.close()


def test_the_draft_form_is_guided_with_and_without_javascript(site, browser):
    from playwright.sync_api import expect

    url, engine = site
    ARTIFACTS.mkdir(exist_ok=True)
    page = signed_in(browser, url, "handler")
    page.goto(url + "/staff/decisions/new")
    # Party-type fields: only those that apply are shown.
    page.select_option("#party_type", "自然人")
    assert page.locator("#id_number").is_visible() and not page.locator("#uscc").is_visible()
    page.select_option("#party_type", "法人及非法人组织")
    assert page.locator("#uscc").is_visible() and not page.locator("#id_number").is_visible()
    assert not page.get_by_role("button", name="按所选事项填写依据").is_visible()  # the script does it
    # Choosing the item fills the basis, the law and the article, and names the field.
    code = page.locator("#power_code option").nth(1).get_attribute("value")
    page.select_option("#power_code", code)
    expect(page.locator("#item-field")).to_contain_text("请核对")  # the script's answer has arrived
    assert page.locator("#law_id").input_value() != "" and page.locator("#article_number").input_value() != ""
    assert "领域：" in page.locator("#item-field").inner_text() and "请核对" in page.locator("#item-field").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"staff-form-guided-{engine}.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTIFACTS / f"staff-form-guided-375-{engine}.png"))
    basis = page.locator("#basis").input_value()
    page.context.close()

    # Without JavaScript: every party field shows, and the button fills the basis on the server.
    plain = signed_in(browser, url, "handler", java_script_enabled=False)
    plain.goto(url + "/staff/decisions/new")
    assert plain.locator("#uscc").is_visible() and plain.locator("#id_number").is_visible()
    plain.fill("#party_name", "天津市东丽区顺通渣土运输有限公司")
    plain.select_option("#power_code", code)
    plain.get_by_role("button", name="按所选事项填写依据").click()
    assert plain.locator("#basis").input_value() == basis
    assert plain.locator("#party_name").input_value() == "天津市东丽区顺通渣土运输有限公司"
    plain.context.close()
