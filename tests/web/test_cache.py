"""Public responses cached by data version (portal/cache.py): a change is seen by the very next request."""

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from portal import cache as response_cache
from portal.extensions import db
from portal.penalties import lifecycle
from tests.conftest import BACKENDS, build_app, dispose
from tests.penalties.conftest import draft

AT = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
URL = "/api/v1/penalties?q=鹦鹉螺"


def _total(client, url=URL):
    return client.get(url).get_json()["total"]


def _cached(app, client, url):
    """Is ``url`` answered from the cache now? (its entry exists under the current version)"""
    with app.test_request_context(url) as ctx:
        etag = response_cache._etag(response_cache.data_version(), response_cache._url(ctx.request.environ))
        return response_cache.cache.get(response_cache._key(etag, ctx.request.environ)) is not None


def test_a_change_moves_the_version_and_the_next_request_sees_it(fresh_app):
    client = fresh_app.test_client()
    assert _total(client) == 0 and _cached(fresh_app, client, URL)
    p = lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    assert not _cached(fresh_app, client, URL)  # the version moved: the old entry is never asked for again
    assert _total(client) == 1
    # Downloads stream in bounded memory and are not kept; their ETag still follows the version.
    for url in ("/penalties?q=鹦鹉螺", "/feeds/penalties.atom?q=鹦鹉螺", "/stats/2026"):
        first = client.get(url)
        assert first.status_code == 200 and _cached(fresh_app, client, url)
        assert client.get(url).get_data() == first.get_data()
    lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 10), "复议撤销", at=AT)
    db.session.commit()
    assert _total(client) == 0
    assert "鹦鹉螺" not in client.get("/downloads/penalties.json").get_data(as_text=True)


def test_the_etag_follows_the_version(fresh_app):
    client = fresh_app.test_client()
    etag = client.get(URL).headers["ETag"]
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    response = client.get(URL, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_the_day_is_part_of_the_version(fresh_app):
    client = fresh_app.test_client()
    lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    assert _total(client) == 1
    fresh_app.config["TODAY"] = dt.date(2030, 1, 1)  # past any publicity period of a 2026 decision
    assert _total(client) == 0


def test_staff_pages_and_sessions_are_never_cached(fresh_app):
    client = fresh_app.test_client()
    assert client.get("/staff/login").status_code == 200
    assert not _cached(fresh_app, client, "/staff/login")
    client.set_cookie(fresh_app.config["SESSION_COOKIE_NAME"], "anything")
    client.get("/penalties")
    assert not _cached(fresh_app, client, "/penalties")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_hosts_share_the_redis_cache(backend, tmp_path):
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}:"
    config = dict(CACHE_URL="redis://127.0.0.1:6379/0", CACHE_KEY_PREFIX=prefix, SEARCH_BACKEND="fts5")
    app = build_app(backend, tmp_path / "a", seed=False, **config)
    try:
        client = app.test_client()
        with app.app_context():
            assert _total(client) == 0 and _cached(app, client, URL)
            assert response_cache.cache.cache.__class__.__name__ == "RedisCache"
            lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
            db.session.commit()
            assert _total(client) == 1
    finally:
        with app.app_context():
            response_cache.cache.clear()
        dispose(app)


def test_a_hit_is_sent_as_stored_without_rendering_or_compressing_again(fresh_app, monkeypatch):
    """The WSGI layer answers a hit before Flask: the stored body is the compressed one, sent as it was."""
    import gzip

    from flask_compress import flask_compress

    lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    client = fresh_app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    first = client.get("/penalties?q=鹦鹉螺", headers=headers)
    assert first.headers["Content-Encoding"] == "gzip" and "鹦鹉螺" in gzip.decompress(first.data).decode()

    def refuse(*args, **kwargs):
        raise AssertionError("a cached response was compressed again")

    monkeypatch.setattr(flask_compress, "_compress_data", refuse)
    monkeypatch.setattr("portal.penalties.routes.render_template", refuse)
    again = client.get("/penalties?q=鹦鹉螺", headers=headers)
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["Content-Encoding"] == "gzip" and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert int(again.headers["Content-Length"]) == len(first.data)
    # The stored ETag (compressed: "v-…:gzip") answers a conditional request with 304.
    conditional = client.get("/penalties?q=鹦鹉螺", headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304 and not conditional.data
    # Another Accept-Encoding is another entry, rendered afresh: here that fails, as nothing may render now.
    assert client.get("/penalties?q=鹦鹉螺", headers={"Accept-Encoding": "identity"}).status_code == 500


def test_responses_that_set_a_cookie_or_fail_are_not_kept(fresh_app):
    client = fresh_app.test_client()
    assert client.get("/penalties/999999").status_code == 404
    assert not _cached(fresh_app, client, "/penalties/999999")
    # A page that puts something in the session (a CSRF token) is the visitor's own.
    assert client.get("/staff/login").status_code == 200
    assert not _cached(fresh_app, client, "/staff/login")


def test_a_broken_store_falls_back_to_flask(fresh_app, monkeypatch):
    client = fresh_app.test_client()

    def down(*args, **kwargs):
        raise ConnectionError("store down")

    monkeypatch.setattr(response_cache.cache, "get", down)
    monkeypatch.setattr(response_cache.cache, "set", down)
    response = client.get(URL)
    assert response.status_code == 200 and response.get_json()["total"] == 0


def test_a_conditional_miss_is_answered_but_never_kept_as_the_page(fresh_app):
    """A client holding the current ETag meets an empty cache (another worker, or after a restart): it gets its
    304, and the next client without that ETag still gets the whole page, not the stored 304."""
    lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    client = fresh_app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    first = client.get("/feeds/penalties.atom", headers=headers)
    assert first.status_code == 200 and first.headers["ETag"].endswith(':gzip"')
    response_cache.cache.clear()
    fresh_app.extensions["portal_cache_reset"]()
    held = client.get("/feeds/penalties.atom", headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert held.status_code == 304
    again = client.get("/feeds/penalties.atom", headers=headers)
    assert again.status_code == 200 and again.data == first.data


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_version_read_before_flask_sees_every_commit_at_once(backend, tmp_path):
    """Outside any app context (as under gunicorn) the WSGI layer reads the version on a connection it keeps:
    in autocommit, so each request sees what was committed just before, and it never sits in a transaction."""
    app = build_app(backend, tmp_path / "inst", seed=False, SEARCH_BACKEND="fts5")
    try:
        client = app.test_client()
        assert _total(client) == 0 and _total(client) == 0  # the second is a hit
        with app.app_context():
            lifecycle.publish(draft(violation="在鹦鹉螺广场露天烧烤"), at=AT)
            db.session.commit()
        assert _total(client) == 1
        kept = response_cache._OWN.kept[1]
        if backend == "postgres":
            with app.app_context():
                state = db.session.execute(
                    sa.text("SELECT state FROM pg_stat_activity WHERE pid = :pid"), {"pid": kept.info.backend_pid}
                ).scalar()
            assert state == "idle"
    finally:
        dispose(app)
