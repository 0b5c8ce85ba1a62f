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

import contextlib
import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_caching import Cache
from sqlalchemy import literal_column, select
from werkzeug.http import HTTP_STATUS_CODES, parse_cookie
from werkzeug.wrappers import Response

from . import clock
from .extensions import db

cache = Cache()

SKIP = ("/staff", "/static/", "/healthz")
# Entries are never stale (the key carries the version); this only lets memory go back after a change.
TIMEOUT = 24 * 3600


# Everything the version is made of, in one round trip (it runs before every cacheable request, cache hit or not):
# change log, decision versions, the 权责清单 (every item change records a PowerVersion; laws, articles and
# synonyms by count and newest synonym); then the inspections' parts.
_VERSION_SQL = (
    "(SELECT max(seq) FROM penalty_changes)",
    "(SELECT max(id) FROM penalty_versions)",
    "(SELECT max(id) FROM power_versions)",
    "(SELECT count(*) FROM laws)",
    "(SELECT count(*) FROM articles)",
    "(SELECT count(*) FROM synonyms)",
    "(SELECT max(id) FROM synonyms)",
)


def _version_sql() -> str:
    """The version query as the database's own SQL, built once per app: it has no parameters, so it runs as
    plain text (SQLAlchemy's compiled-statement path cost three times the query itself)."""
    sql = current_app.extensions.get("portal_version_sql")
    if sql is None:
        from .inspections import disclosure as inspections

        statement = select(*(literal_column(part) for part in _VERSION_SQL), *inspections.version_parts())
        sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        current_app.extensions["portal_version_sql"] = sql
    return sql


def _version_row(own: bool = False) -> tuple:
    """The version query's row, on the driver's own cursor: it has no parameters and only numbers come back.

    ``own``: on this thread's own connection (the WSGI layer before any request context); otherwise on the
    session's connection, so what a test's uncommitted session sees, the version sees too."""
    if not own:
        return _run_version(db.session.connection().connection.dbapi_connection)
    try:
        return _run_version(_own_connection())
    except Exception:
        _OWN.__dict__.pop("kept", None)  # a broken connection is replaced at the next request
        raise


def _run_version(connection) -> tuple:
    cursor = connection.cursor()
    try:
        cursor.execute(_version_sql())
        return tuple(cursor.fetchone())
    finally:
        cursor.close()


_OWN = threading.local()


def _own_connection():
    """A connection kept by this thread for the version query, outside the pool and in autocommit mode: each
    query sees what is committed, and a hit costs no checkout, rollback and checkin (on PostgreSQL two round
    trips, more than the query). One per thread, process and engine; a forked worker opens its own."""
    engine = db.engine
    key = (os.getpid(), id(engine), engine.url)
    kept = getattr(_OWN, "kept", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    if kept is not None and kept[0][0] == key[0]:
        with contextlib.suppress(Exception):
            kept[1].close()  # this process's connection to another engine (a test's earlier app)
    fairy = engine.raw_connection()
    fairy.detach()
    connection = fairy.dbapi_connection
    if engine.dialect.name == "postgresql":
        connection.autocommit = True
    else:
        connection.isolation_level = None  # sqlite3: no transaction around a read
    _OWN.kept = (key, connection)
    return connection


def _expiry_due(today) -> bool:
    from .models import PUBLIC_STATUSES, Penalty

    until = Penalty.publicity_until
    due = select(literal_column("1")).where(Penalty.status.in_(PUBLIC_STATUSES), until < today)
    return bool(db.session.scalar(select(due.exists())))


def data_version(own_connection: bool = False) -> str:
    """The version of everything public: change-log sequence, 权责清单 version, the inspections' version
    (``inspections.disclosure.version``), today's date in China.

    The newest decision version joins the change-log sequence: a change the public lists do not show (a
    decision published already past its period) still counts in the statistics. An expiry that is due is
    recorded first (``lifecycle.expire_due``), so the version moves when a decision leaves publicity. Whether
    one is due depends only on the data and the day, so a process asks once per (data, day) it sees.
    """
    from .inspections import disclosure as inspections
    from .penalties import lifecycle

    today = clock.today()
    row = _version_row(own_connection)
    checked = current_app.extensions.setdefault("portal_expiry_checked", {})
    if checked.get("at") != (row, today):
        if _expiry_due(today):
            lifecycle.expire_due(today)
            row = _version_row(own_connection)
        checked["at"] = (row, today)
    n = len(_VERSION_SQL)
    seq, versions, *powers = (v or 0 for v in row[:n])
    inspected = inspections.version_text(row[n:])
    powers_version = ".".join(map(str, powers))
    return f"{seq}.{versions}-{powers_version}-{inspected}-{today.isoformat()}-{_settings_version()}"


def version_known() -> bool:
    """Has this request's data version been read? Then any expiry due today is recorded already."""
    return has_request_context() and g.get("cache_version") is not None


def per_version(name: str, fields: tuple, compute):
    """``compute()``, kept under the request's data version and ``fields``: a figure every page of one version
    shares (a search's total, the years with decisions) is computed once per change, on any host. Outside a
    request, or for a request that is not cached, it is simply computed."""
    if not version_known():
        return compute()
    key = f"{name}:" + hashlib.sha256(repr((g.cache_version, fields)).encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        stored = compute()
        cache.set(key, stored)
    return stored


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


def _cacheable(environ: dict, cookie_name: str) -> bool:
    if environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO", "").startswith(SKIP):
        return False
    return not environ.get("HTTP_COOKIE") or cookie_name not in parse_cookie(environ)


def _url(environ: dict) -> str:
    """The request's URL as sent (scheme, host, path, query), for keys only: cheaper than rebuilding an IRI."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path}?{environ.get('QUERY_STRING', '')}"


def _etag(version: str, url: str) -> str:
    return "v-" + hashlib.sha256(f"{version}|{url}".encode()).hexdigest()[:32]


def _key(etag: str, environ: dict) -> str:
    # The body is kept as sent, compressed or not: the client's Accept-Encoding is part of the key.
    encoding = "".join(environ.get("HTTP_ACCEPT_ENCODING", "").lower().split())
    return f"r2:{etag}:{encoding}"  # r2: entries of (status, headers, body, replays)


# Side effects a cached response must still have on every hit (a search is counted however it is answered):
# functions decorated with ``on_every_hit``, by name, run again with the arguments they had.
_REPLAYS: dict[str, Callable] = {}


def on_every_hit(fn: Callable) -> Callable:
    """Mark ``fn`` (called by a view for its side effect, with arguments that pickle) to run again on every cache
    hit of the response it was called for, with the same arguments."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _REPLAYS[name] = fn

    @functools.wraps(fn)
    def wrapper(*args):
        if has_request_context():
            g.setdefault("cache_replays", []).append((name, args))
        return fn(*args)

    return wrapper


def _replay(replays) -> None:
    for name, args in replays:
        _REPLAYS[name](*args)


# What the WSGI layer tells the Flask hooks through the request's environ.
ENVIRON_VERSION = "portal.cache.version"  # (version, etag): the request may be cached
ENVIRON_STORE = "portal.cache.store"  # set by Flask: this response may be kept (the value: its replays)


class CachedResponses:
    """WSGI middleware in front of Flask: a cached public response is sent without routing, hooks, rendering
    or compression (the stored body is the compressed one). Only the data version (one query) and the rate
    limit run for a hit; a miss goes through Flask, which says whether the response may be kept, and the bytes
    Flask sent are stored under the version, the URL and the Accept-Encoding.
    """

    # The store (Redis, or Flask-Caching's in-process one, which pickles every entry) is fronted by a small copy
    # in each worker: an entry's key carries the data version, so a copy can never be stale, and a hot page costs
    # no round trip and no unpickling.
    LOCAL_ENTRIES = 256
    LOCAL_BYTES = 32 * 1024 * 1024

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.local: OrderedDict[str, tuple] = OrderedDict()
        self.local_bytes = 0
        self.lock = threading.Lock()

    def _get(self, key: str):
        kept = self.app.config["CACHE_TYPE"] != "NullCache"  # "off": every request does its work
        if kept:
            with self.lock:
                entry = self.local.get(key)
                if entry is not None:
                    self.local.move_to_end(key)
                    return entry
        entry = cache.get(key)
        if entry is not None and kept:
            self._remember(key, entry)
        return entry

    def forget(self) -> None:
        """Drop this worker's copies (the store's entries stay)."""
        with self.lock:
            self.local.clear()
            self.local_bytes = 0

    def _remember(self, key: str, entry: tuple) -> None:
        size = len(entry[2])
        if size > self.LOCAL_BYTES // 16:
            return
        with self.lock:
            if key in self.local:
                return
            self.local[key] = entry
            self.local_bytes += size
            while len(self.local) > self.LOCAL_ENTRIES or self.local_bytes > self.LOCAL_BYTES:
                _, old = self.local.popitem(last=False)
                self.local_bytes -= len(old[2])

    def __call__(self, environ, start_response):
        if not _cacheable(environ, self.app.config["SESSION_COOKIE_NAME"]):
            return self.wsgi_app(environ, start_response)
        from . import security

        shared = self._shares_context()
        try:
            with contextlib.nullcontext() if shared else self.app.app_context():
                if security.rate_wait(environ):
                    return self.wsgi_app(environ, start_response)  # Flask answers 429 (counted once)
                version = data_version(own_connection=not shared)
                etag = _etag(version, _url(environ))
                key = _key(etag, environ)
                stored = self._get(key)
                hit = stored is not None and not holds(environ, etag)
                if hit:
                    _replay(stored[3])  # a hit does what its first answer did (a search is counted)
        except Exception:  # noqa: BLE001 - the database or the cache store failed: Flask answers (or fails) as usual
            self.app.logger.warning("response cache unavailable", exc_info=True)
            return self.wsgi_app(environ, start_response)
        environ[ENVIRON_VERSION] = (version, etag)
        if hit:
            return _send(stored, environ, start_response)
        sent = {}

        def capture(status, headers, exc_info=None):
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        # Flask said the response may be kept; what was sent must still be a full 200 (compression answers a
        # conditional request with 304 after Flask's hooks ran) and set no cookie.
        if (
            environ.get(ENVIRON_STORE) is None
            or not sent.get("status", "").startswith("200")
            or any(k.lower() == "set-cookie" for k, _ in sent["headers"])
        ):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = [(k, v) for k, v in sent["headers"] if k.lower() != "content-length"]
        try:
            with contextlib.nullcontext() if shared else self.app.app_context():
                status = int(sent["status"].split(" ", 1)[0])
                cache.set(key, (status, headers, data, environ[ENVIRON_STORE]))
        except Exception:  # noqa: BLE001 - not kept this time; the response itself is complete
            self.app.logger.warning("response not cached", exc_info=True)
        return [data]

    def _shares_context(self) -> bool:
        # A test (or the CLI) may already hold this app's context and session: the layer then uses them, so the
        # version sees what that session sees; otherwise it pushes a context of its own.
        return has_app_context() and current_app._get_current_object() is self.app


def holds(environ: dict, etag: str) -> bool:
    """Does the client hold this version's ETag (as sent, or compressed: "v-…:gzip")? Then Flask's hook answers
    304 before any work (a stored entry may carry another encoding's ETag, which the client's would not match)."""
    sent = environ.get("HTTP_IF_NONE_MATCH")
    return bool(sent) and etag in sent


def _send(stored, environ, start_response):
    status, headers, data, _ = stored
    if any(name in environ for name in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE")):
        # A conditional request: the stored ETag and Last-Modified answer it (304), as Flask would have.
        response = Response(data, status=status, headers=headers)
        return response.make_conditional(environ)(environ, start_response)
    start_response(f"{status} {HTTP_STATUS_CODES.get(status, '')}", [*headers, ("Content-Length", str(len(data)))])
    return [data]


def init_app(app: Flask) -> None:
    """The cache store (in-process, Redis or off), the Flask hooks, and the WSGI layer that answers hits."""
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
    app.wsgi_app = layer = CachedResponses(app, app.wsgi_app)
    app.extensions["portal_cache_reset"] = lambda: (cache.init_app(app), layer.forget())

    @app.before_request
    def _version():
        # g lives as long as the app context, which a test (or a CLI) may share between requests: start clean.
        for name in ("cache_version", "cache_etag", "cache_replays"):
            g.pop(name, None)
        known = request.environ.get(ENVIRON_VERSION)
        if known is None:
            return None
        g.cache_version, g.cache_etag = known
        if holds(request.environ, g.cache_etag):
            response = current_app.response_class(status=304)
            response.set_etag(g.cache_etag)
            return response
        return None

    @app.after_request
    def _keep(response):
        etag = g.get("cache_etag")
        if not etag or response.status_code != 200:
            return response
        if response.direct_passthrough or response.is_streamed or session.modified:
            return response  # downloads stream in bounded memory; a session's response is its own
        if response.get_etag()[0] is None:
            response.set_etag(etag)
        request.environ[ENVIRON_STORE] = list(g.get("cache_replays", ()))
        return response
