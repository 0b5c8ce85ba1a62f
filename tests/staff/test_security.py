"""The staff side's defences: CSRF, roles, brute force, escaping, uploads, headers, sessions."""

import datetime as dt
import re

import feedparser
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment, Penalty
from tests.staff.conftest import PASSWORD, VALID_FORM, Staff
from tests.staff.test_workflow import CHECKS, act, draft

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_a_post_without_the_csrf_token_is_refused(staff_app, as_user):
    handler = as_user("handler")
    response = handler.client.post("/staff/decisions/new", data=VALID_FORM)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert db.session.scalar(select(Penalty.id)) is None
    assert (
        Staff(staff_app).client.post("/staff/login", data={"username": "handler", "password": PASSWORD}).status_code
        == 400
    )


def test_pages_need_a_login(staff_app):
    client = Staff(staff_app).client
    for url in ("/staff/", "/staff/decisions/new", "/staff/credit"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_another_roles_step_is_forbidden(staff_app, as_user):
    handler, legal, leader = as_user("handler"), as_user("legal"), as_user("leader")
    assert legal.client.get("/staff/decisions/new").status_code == 403
    p = draft(handler)
    act(handler, p, "submit")
    assert act(leader, p, "approve", CHECKS).status_code == 403
    assert act(legal, p, "return", {"comment": "x"}).status_code == 403
    assert act(legal, p, "publish").status_code == 403


def test_brute_force_is_rate_limited(staff_app):
    client = Staff(staff_app)
    for _ in range(5):
        assert client.login("handler", "wrong password!").status_code == 401
    response = client.login("handler", PASSWORD)  # even the right password waits now
    assert response.status_code == 429 and "登录失败次数过多" in response.get_data(as_text=True)
    other = Staff(staff_app)
    assert other.login("head").status_code == 302  # another account from the same address still works
    for n in range(20):
        Staff(staff_app).login(f"nobody{n}", "x" * 12, address="10.0.0.9")
    assert Staff(staff_app).login("legal", address="10.0.0.9").status_code == 429  # that address is blocked


def test_wrong_credentials_say_nothing_about_which_part_was_wrong(staff_app):
    a = Staff(staff_app).login("nobody", "whatever123").get_data(as_text=True)
    b = Staff(staff_app).login("handler", "whatever123").get_data(as_text=True)
    assert "用户名或密码错误" in a and "用户名或密码错误" in b


def test_text_is_escaped_on_every_page_and_feed(staff_app, as_user):
    handler, head = as_user("handler"), as_user("head")
    p = draft(handler, major="", party_name="天津市东丽区" + XSS + "有限公司", facts=XSS, violation=XSS)
    act(handler, p, "submit")
    act(head, p, "approve", {**CHECKS, "comment": XSS})
    act(handler, p, "publish")
    public = staff_app.test_client()
    pages = [
        public.get(u).get_data(as_text=True) for u in ("/", "/penalties", f"/penalties/{p.id}", "/penalties?q=alert")
    ]
    pages += [handler.client.get(u).get_data(as_text=True) for u in (f"/staff/decisions/{p.id}", "/staff/")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
    for kind in ("rss", "atom"):
        raw = public.get(f"/feeds/penalties.{kind}").get_data(as_text=True)
        assert "<script>" not in raw
        assert not feedparser.parse(raw).bozo
    item = public.get("/feeds/penalties.json").get_json()["items"][0]
    assert "content_html" not in item and XSS in item["content_text"]  # plain text by the JSON Feed spec


def test_only_pdfs_are_accepted_and_served_to_staff_only(staff_app, as_user):
    handler = as_user("handler")
    p = draft(handler)
    page = f"/staff/decisions/{p.id}"
    url = f"/staff/decisions/{p.id}/attachments"
    from io import BytesIO

    exe = handler.post(
        url, page, {"file": (BytesIO(b"MZ\x90\x00 not a pdf"), "决定书.pdf")}, content_type="multipart/form-data"
    )
    assert exe.status_code == 400 and "只接受 PDF" in exe.get_data(as_text=True)
    pdf = b"%PDF-1.4\n% test\n%%EOF\n"
    ok = handler.post(url, page, {"file": (BytesIO(pdf), "决定书.pdf")}, content_type="multipart/form-data")
    assert ok.status_code == 302
    item = db.session.scalars(select(Attachment)).one()
    assert handler.client.get(f"/staff/attachments/{item.id}").data == pdf
    assert Staff(staff_app).client.get(f"/staff/attachments/{item.id}").status_code == 302  # not public
    staff_app.config["MAX_UPLOAD_MB"] = 0
    big = handler.post(url, page, {"file": (BytesIO(pdf * 10), "决定书.pdf")}, content_type="multipart/form-data")
    assert big.status_code == 413


def test_security_headers(staff_app):
    response = staff_app.test_client().get("/penalties")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers
    secure = staff_app.test_client().get("/penalties", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_sessions_expire(staff_app, as_user):
    handler = as_user("handler")
    cookie = handler.client.get("/staff/").headers.get("Set-Cookie", "")
    match = re.search(r"Expires=([^;]+)", cookie)
    assert match, cookie
    expires = dt.datetime.strptime(match.group(1), "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=dt.UTC)
    assert expires - dt.datetime.now(dt.UTC) <= dt.timedelta(minutes=31)


def test_a_user_changes_their_password(staff_app, as_user):
    handler = as_user("handler")
    wrong = handler.post(
        "/staff/password",
        "/staff/password",
        {"current": "not it at all", "new": "a new long password", "repeat": "a new long password"},
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = handler.post(
        "/staff/password",
        "/staff/password",
        {"current": PASSWORD, "new": "a new long password", "repeat": "another one!!"},
    )
    assert "两次输入的新密码不一致" in mismatch.get_data(as_text=True)
    ok = handler.post(
        "/staff/password",
        "/staff/password",
        {"current": PASSWORD, "new": "a new long password", "repeat": "a new long password"},
    )
    assert ok.status_code == 302
    assert Staff(staff_app).login("handler", PASSWORD).status_code == 401
    assert Staff(staff_app).login("handler", "a new long password").status_code == 302


def test_a_post_from_another_site_is_refused_even_with_a_valid_token(staff_app, as_user):
    handler = as_user("handler")
    foreign = [
        {"Origin": "http://evil.example"},
        {"Origin": "https://localhost"},  # another scheme is another origin
        {"Origin": "http://localhost:8080"},
        {"Origin": "null"},
        {"Referer": "http://evil.example/staff/decisions/new"},
        {"Origin": "http://evil.example", "Referer": "http://localhost/staff/decisions/new"},
    ]
    for headers in foreign:
        response = handler.post("/staff/decisions/new", "/staff/decisions/new", VALID_FORM, headers=headers)
        assert response.status_code == 403, headers
        assert "请求来源与本站不一致" in response.get_data(as_text=True)
    assert db.session.scalar(select(Penalty.id)) is None
    login = Staff(staff_app).client.post("/staff/login", headers={"Origin": "http://evil.example"})
    assert login.status_code == 403
    for headers in ({"Origin": "http://localhost"}, {"Referer": "http://localhost/staff/decisions/new"}, {}):
        response = handler.post(
            "/staff/decisions/new",
            "/staff/decisions/new",
            {**VALID_FORM, "document_number": str(headers)},
            headers=headers,
        )
        assert response.status_code == 302, headers
    behind_proxy = handler.post(
        "/staff/logout",
        "/staff/",
        headers={"Origin": "https://localhost", "Referer": "https://localhost/staff/"},
        base_url="https://localhost",
    )
    assert behind_proxy.status_code == 302


def test_form_integers_take_ascii_digits_only(staff_app, as_user):
    handler = as_user("handler")
    for bad in ("٣٤", "３４", "²", "9" * 5000):
        response = handler.post("/staff/decisions/new", "/staff/decisions/new", {**VALID_FORM, "article_number": bad})
        assert response.status_code in (200, 400) and "应为整数" in response.get_data(as_text=True), bad
    assert db.session.scalar(select(Penalty.id)) is None
    ok = handler.post("/staff/decisions/new", "/staff/decisions/new", {**VALID_FORM, "article_number": "34"})
    assert ok.status_code == 302
    assert handler.client.get("/staff/decisions/٣").status_code == 404
    assert handler.client.get("/staff/decisions/9223372036854775808").status_code == 404
