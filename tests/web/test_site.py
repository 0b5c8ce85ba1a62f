"""Government-site conventions and production plumbing: QR codes, sitemap, robots, health, caching, gzip, limits."""

import gzip
import json
import logging
import re
from pathlib import Path

from portal import site
from portal.logs import JsonFormatter


def test_every_page_carries_a_qr_code_of_itself(client):
    page = client.get("/powers?q=违建").get_data(as_text=True)
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", page, re.S).group(0)
    assert "用手机扫码打开本页" in svg
    assert str(site.qr_code("http://localhost/powers?q=违建")) == svg  # it encodes this page's URL


def test_a_url_too_long_for_a_qr_code_falls_back_to_the_page(app):
    assert "<svg" in str(site.qr_code("http://localhost/powers?q=" + "%E8%BF%9D" * 1000))


def test_sitemap_lists_public_pages_only(app, client):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Penalty

    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert xml.startswith("<?xml") and "/powers/HX-CF-017</loc>" in xml and "/stats/2022</loc>" in xml
    assert all(f"http://localhost{p}</loc>" in xml for p in ("/feeds/", "/developers", "/sitemap"))
    expired = db.session.scalar(select(Penalty.id).where(Penalty.status == "expired"))
    public = db.session.scalar(
        select(Penalty.id)
        .where(Penalty.status == "published", Penalty.publicity_until.is_not(None))
        .order_by(Penalty.decided_on.desc())
    )
    assert f"/penalties/{expired}</loc>" not in xml and f"/penalties/{public}</loc>" in xml


def test_robots_keeps_crawlers_off_the_staff_side(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /staff/" in text and "Sitemap: http://localhost/sitemap.xml" in text


def test_healthz_checks_database_and_index(seeded_fresh_app):
    import shutil
    from pathlib import Path

    client = seeded_fresh_app.test_client()
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["index"].startswith("ok (57")
    shutil.rmtree(Path(seeded_fresh_app.config["INDEX_DIR"]))
    assert "rebuilt" in client.get("/healthz").get_json()["index"]


def test_static_files_are_versioned_and_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/portal\.css\?v=[0-9a-f]{10})"', page).group(1)
    assert client.get(css).headers["Cache-Control"] == "public, max-age=31536000"


def test_responses_are_compressed_and_conditional_gets_still_answer_304(client):
    first = client.get("/feeds/penalties.atom", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and gzip.decompress(first.data).startswith(b"<?xml")
    again = client.get(
        "/feeds/penalties.atom", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_requests_are_rate_limited_per_address(seeded_fresh_app):
    seeded_fresh_app.config["RATE_LIMIT"] = 5
    client = seeded_fresh_app.test_client()
    statuses = [client.get("/api/v1/powers?q=违建").status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    limited = client.get("/api/v1/powers")
    assert int(limited.headers["Retry-After"]) >= 1 and limited.get_json()["error"]["code"] == "too_many_requests"
    other = client.get("/api/v1/powers", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200
    assert client.get("/healthz").status_code == 200  # the load balancer is never limited


def test_json_logs():
    record = logging.LogRecord("portal", logging.WARNING, __file__, 1, "索引重建：%d 项", (57,), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "warning" and line["message"] == "索引重建：57 项" and line["time"].endswith("+00:00")


def test_gunicorn_access_log_lines_are_json_whatever_the_client_sends(tmp_path):
    import datetime as dt
    import runpy
    from types import SimpleNamespace

    from gunicorn.config import Config

    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    cfg = Config()
    log_file = tmp_path / "access.log"
    cfg.set("accesslog", str(log_file))
    cfg.set("access_log_format", settings["access_log_format"])
    cfg.set("logger_class", settings["logger_class"])
    logger = cfg.logger_class(cfg)
    hostile = 'a\\b\tc"d\x01e\u2028华'
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/penalties",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/penalties/" + hostile,
        "QUERY_STRING": "q=" + hostile,
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": hostile,
    }
    response = SimpleNamespace(status="200 OK", sent=12, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(microseconds=1500))
    line = json.loads(log_file.read_text(encoding="utf-8").strip())
    assert line["path"] == "/penalties/" + hostile and line["query"] == "q=" + hostile
    assert line["agent"] == hostile and line["status"] == 200 and line["duration_us"] == 1500


def test_the_footer_links_an_html_site_map_and_calls_by_tel(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/sitemap">网站地图</a>' in page and 'href="/sitemap.xml"' not in page
    assert '<a href="tel:12345">12345</a>' in page
    assert "党政机关网站标识" not in page and "政务新媒体" not in page  # nothing configured, nothing shown
    sitemap = client.get("/sitemap")
    assert sitemap.status_code == 200 and sitemap.mimetype == "text/html"
    text = sitemap.get_data(as_text=True)
    assert "<h1>网站地图</h1>" in text and 'href="/powers/HX-CF-017"' in text and 'href="/stats/2022"' in text
    assert 'href="/sitemap.xml"' in text and 'href="/downloads/powers.xlsx"' in text
    assert client.get("/sitemap.xml").mimetype == "application/xml"


def test_every_supervision_phone_is_a_tel_link(client):
    page = client.get("/powers/HX-CF-017").get_data(as_text=True)
    assert '<dd><a href="tel:12345">12345</a>（天津市政务服务便民热线）</dd>' in page


def test_tel_links_find_numbers_and_escape_the_rest():
    from portal.templating import tel_links

    assert str(tel_links("022-24390000（值班）<b>")) == '<a href="tel:02224390000">022-24390000</a>（值班）&lt;b&gt;'
    assert str(tel_links("13812345678 或 12345")).count('href="tel:') == 2
    assert str(tel_links("第2024号")) == "第2024号"  # too short to be a phone number


def test_the_gov_mark_and_new_media_show_only_where_configured(fresh_app):
    fresh_app.config.update(
        GOV_MARK_URL="https://bszs.conac.cn/sitename?method=show&id=TEST",
        GOV_MARK_IMAGE="/media/dzjg.png",
        NEW_MEDIA=({"name": "华新街道微信公众号", "url": "", "qr": "/media/wechat.png"},),
    )
    page = fresh_app.test_client().get("/sitemap").get_data(as_text=True)
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"' in page
    assert '<img src="/media/dzjg.png" alt="党政机关网站标识"' in page
    assert '<h2 id="new-media-title">政务新媒体</h2>' in page and 'alt="华新街道微信公众号二维码"' in page


def test_the_developers_page_explains_every_api_path_and_the_change_log_contract(client):
    page = client.get("/developers").get_data(as_text=True)
    assert "<h1>数据接口</h1>" in page and 'href="/developers" aria-current="page"' in page
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in doc["paths"]:
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            shown = re.sub(r"\{\w+\}", "&lt;", path)
            assert shown.split("&lt;")[0] in page, path
        elif path.startswith(("/downloads/", "/feeds/")):  # each download and feed, by its name before the format
            assert re.split(r"[.{]", path)[0] in page, path
    assert "curl -G 'http://localhost/api/v1/powers' --data-urlencode 'q=违建'" in page
    for term in ("since=0", "<code>next</code>", "<code>more</code>", "<code>withdraw</code>", "<code>expire</code>"):
        assert term in page
    assert "tombstone" in page and "If-None-Match" in page and "引用格式" in page
