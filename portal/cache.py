"""Public responses cached by data version: a change invalidates by moving the version, never by a timer.

The version is the change log's latest sequence number (``disclosure.latest_change``, which first records any
expiry that is due), the 权责清单's version (its items' versions and synonyms), the inspections' version
(``inspections.disclosure.version``: plans, draws, substitutions, results, 普法 figures), and today's date in China
(visibility depends on it). A cached response is keyed by that version and the request (full URL: scheme, host,
path and query), so any publication, correction, withdrawal, expiry or seed change is seen by the next request on
every host at once; old entries are simply never asked for again (a timeout only frees memory).

The store is Flask-Caching: in-process (``SimpleCache``) by default, Redis when ``PORTAL_CACHE_URL`` is set, so
several hosts share it. ``ETag`` comes from the same version: a client holding the current one gets a 304 before
any query of the data. Never cached: /staff, /healthz, static files, anything but a GET, any request with a
session cookie, and any response that touched the session, set a cookie, or is not a plain 200.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, g, request, session
from flask_caching import Cache
from sqlalchemy import bindparam, literal_column, select

from . import clock
from .extensions import db

cache = Cache()

SKIP = ("/staff", "/static/", "/healthz")
# Entries are never stale (the key carries the version); this only lets memory go back after a change.
TIMEOUT = 24 * 3600


# Everything the version is made of, in one round trip (it runs before every cacheable request, cache hit or not):
# change log, decision versions, the 权责清单 (every item change records a PowerVersion; laws, articles and
# synonyms by count and newest synonym); then whether an expiry is due, and the inspections' parts.
_VERSION_SQL = (
    "(SELECT max(seq) FROM penalty_changes)",
    "(SELECT max(id) FROM penalty_versions)",
    "(SELECT max(id) FROM power_versions)",
    "(SELECT count(*) FROM laws)",
    "(SELECT count(*) FROM articles)",
    "(SELECT count(*) FROM synonyms)",
    "(SELECT max(id) FROM synonyms)",
)

_STATEMENT = None


def data_version() -> str:
    """The version of everything public: change-log sequence, 权责清单 version, the inspections' version
    (``inspections.disclosure.version``), today's date in China.

    The newest decision version joins the change-log sequence: a change the public lists do not show (a
    decision published already past its period) still counts in the statistics. An expiry that is due is
    recorded first (``lifecycle.expire_due``), so the version moves when a decision leaves publicity.
    """
    from .inspections import disclosure as inspections
    from .models import PUBLIC_STATUSES, Penalty
    from .penalties import lifecycle

    global _STATEMENT
    if _STATEMENT is None:  # built once: building it costs more than running it
        until = Penalty.publicity_until
        due = select(literal_column("1")).where(
            Penalty.status.in_(PUBLIC_STATUSES), until < bindparam("today", type_=until.type)
        )
        own = [literal_column(sql) for sql in _VERSION_SQL]
        _STATEMENT = select(*own, due.exists(), *inspections.version_parts())
    today = clock.today()
    row = db.session.execute(_STATEMENT, {"today": today}).one()
    n = len(_VERSION_SQL)
    if row[n]:
        lifecycle.expire_due(today)
        row = db.session.execute(_STATEMENT, {"today": today}).one()
    seq, versions, *powers = (v or 0 for v in row[:n])
    checked = inspections.version_text(row[n + 1 :])
    powers_version = ".".join(map(str, powers))
    return f"{seq}.{versions}-{powers_version}-{checked}-{today.isoformat()}-{_settings_version()}"


# Settings that differ between hosts of one deployment without changing what the public sees.
HOST_SETTINGS = ("SECRET_KEY", "INDEX_DIR", "INSTANCE_PATH", "SEED_DIR", "HOLIDAYS_FILE", "CACHE_URL", "LOG_FORMAT")
_SETTING_KEYS: list[str] | None = None


def _setting_keys() -> list[str]:
    global _SETTING_KEYS
    if _SETTING_KEYS is None:
        from .config import TABLE

        _SETTING_KEYS = [s.key for s in TABLE if s.key not in HOST_SETTINGS]
    return _SETTING_KEYS


def _settings_version() -> str:
    # Pages show settings (site name, footer, per-page sizes), and the data is one database's: hosts of one
    # deployment share entries; another deployment on the same Redis, or other settings, never do.
    config = current_app.config
    values = [config.get(key) for key in _setting_keys()]
    values.append(db.engine.url.render_as_string(hide_password=True))
    return hashlib.sha256(repr(values).encode()).hexdigest()[:12]


def _cacheable_request() -> bool:
    if request.method != "GET" or request.path.startswith(SKIP):
        return False
    return current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


def _etag(version: str) -> str:
    return "v-" + hashlib.sha256(f"{version}|{request.url}".encode()).hexdigest()[:32]


def init_app(app: Flask) -> None:
    url = app.config.get("CACHE_URL")
    settings = {"CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_THRESHOLD": 2000, "CACHE_KEY_PREFIX": "portal:"}
    if url == "off":  # every request does its work (bench/load.py measures the uncached mix so)
        settings["CACHE_TYPE"] = "NullCache"
    elif url:
        settings.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=url)
    else:
        settings["CACHE_TYPE"] = "SimpleCache"
    for key, value in settings.items():
        app.config.setdefault(key, value)  # tests and the benchmark may choose NullCache
    cache.init_app(app)
    app.extensions["portal_cache_reset"] = lambda: cache.init_app(app)

    @app.before_request
    def _cached_response():
        # g lives as long as the app context, which a test (or a CLI) may share between requests: start clean.
        for name in ("cache_version", "cache_etag", "cache_hit"):
            g.pop(name, None)
        if not _cacheable_request():
            return None
        g.cache_version = version = data_version()
        g.cache_etag = etag = _etag(version)
        if etag in request.if_none_match:
            response = current_app.response_class(status=304)
            response.set_etag(etag)
            g.cache_hit = True
            return response
        stored = cache.get("r:" + etag)
        if stored is None:
            return None
        body, status, headers = stored
        g.cache_hit = True
        response = current_app.response_class(body, status=status, headers=headers)
        return response.make_conditional(request)  # a feed's own ETag or Last-Modified still answers 304

    @app.after_request
    def _store(response):
        etag = g.get("cache_etag")
        if not etag or g.get("cache_hit"):
            return response
        if (
            response.status_code != 200
            or response.direct_passthrough
            or response.is_streamed
            or session.modified
            or "Set-Cookie" in response.headers
        ):
            return response
        if response.get_etag()[0] is None:
            response.set_etag(etag)
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")]
        cache.set("r:" + etag, (response.get_data(), response.status_code, headers))
        return response
