"""Staff sign-in and the protections every response carries.

Flask-Login keeps the session in a signed cookie: permanent, renewed by each request and expiring after
PORTAL_SESSION_MINUTES idle, and ended PORTAL_SESSION_MAX_HOURS after sign-in however busy. A cookie cannot be
recalled, so each session carries its account's ``session_version`` and the user loader refuses a session whose
version is no longer the account's: logout, a password change or reset, a role change and deactivation raise
the version and so end every session of the account at once, including a cookie copied before. Flask-WTF checks
a CSRF token on every POST; responses say no framing, no sniffing, a strict CSP without inline script, and HSTS
behind TLS.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from urllib.parse import urlsplit

from flask import current_app, request, session
from flask_login import LoginManager, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import SecurityError

from .extensions import db
from .models import User

login_manager = LoginManager()
csrf = CSRFProtect()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


SESSION_VERSION = "sv"  # the account's session_version when this session was opened
SESSION_STARTED = "started"  # sign-in time (Unix seconds), for the absolute lifetime


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _origin_of(url: str) -> tuple[str, str] | None:
    """(scheme, host[:port]) of a URL, lower-cased and without a default port; None when it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    if port is not None and str(port) != _DEFAULT_PORTS[parts.scheme]:
        host = f"{host}:{port}"
    return parts.scheme, host


def same_origin(req) -> bool:
    """Whether a request's Origin (or, when it has none, its Referer) is this site, scheme and host alike.

    A request carrying neither is not from a browser page (browsers send Origin with every POST, and the
    site's Referrer-Policy keeps Referer for its own pages); it still needs its CSRF token. ``Origin: null``
    (a sandboxed frame, a redirect from elsewhere, a ``data:`` page) is refused.
    """
    claimed = req.headers.get("Origin")
    if claimed is None:
        claimed = req.headers.get("Referer")
        if claimed is None:
            return True
    ours = _origin_of(req.host_url)
    return ours is not None and _origin_of(claimed) == ours


def start_session(user: User) -> None:
    """Sign ``user`` in on a fresh session (no value of a session opened before sign-in is kept)."""
    session.clear()
    session.permanent = True
    login_user(user)
    session[SESSION_VERSION] = user.session_version
    session[SESSION_STARTED] = int(time.time())


def keep_session(user: User) -> None:
    """After ``user`` ended their sessions themselves (a password change), keep the current one going."""
    session[SESSION_VERSION] = user.session_version


def end_session(user: User) -> None:
    """Logout: end this session and every other session of the account (the caller commits)."""
    user.end_sessions()
    logout_user()
    session.clear()


# Where cross-origin reads are allowed: the public API, the feeds and the downloads.
OPEN_PREFIXES = ("/api/", "/feeds/", "/downloads/")


def init_app(app) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(minutes=app.config["SESSION_MINUTES"])
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        REMEMBER_COOKIE_DURATION=0,
        MAX_CONTENT_LENGTH=app.config["MAX_UPLOAD_MB"] * 1024 * 1024 + 64 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
    )
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = "请先登录"
    login_manager.session_protection = "strong"

    @app.before_request
    def _same_origin():
        # Before the CSRF check: a token does not prove where the form was posted from (over plain HTTP nothing
        # else does), so every state-changing request to /staff must come from a page of this site.
        if request.method not in SAFE_METHODS and request.path.startswith("/staff") and not same_origin(request):
            from .errors import render_error

            return render_error("cross_origin", "请求来源与本站不一致（Origin/Referer 校验失败），已拒绝", 403)

    csrf.init_app(app)

    @login_manager.user_loader
    def _load(user_id: str):
        # Checked on every request: a stopped account, a session opened under an older session version, or one
        # older than the absolute lifetime ends here, not when its cookie expires.
        user = db.session.get(User, int(user_id)) if user_id.isascii() and user_id.isdigit() else None
        started = session.get(SESSION_STARTED)
        valid = (
            user is not None
            and user.active
            and session.get(SESSION_VERSION) == user.session_version
            and isinstance(started, int | float)
            and 0 <= time.time() - started < current_app.config["SESSION_MAX_HOURS"] * 3600
        )
        if not valid:
            session.clear()
            return None
        return user

    @app.errorhandler(CSRFError)
    def _csrf(err):
        from .errors import render_error

        return render_error("csrf_failed", "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试", 400)

    url = app.config.get("CACHE_URL")
    if url and url != "off":
        limiter = RedisRateLimiter(url, app.config.get("CACHE_KEY_PREFIX") or "portal:")
    else:
        limiter = RateLimiter()
    app.extensions["portal_rate_limiter"] = limiter

    @app.before_request
    def _rate_limit():
        wait = rate_wait(request.environ)
        if wait:
            from .errors import render_error

            response = render_error("too_many_requests", "请求过于频繁，请稍后再试", 429)
            response[0].headers["Retry-After"] = str(wait)
            return response

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/staff"):
            response.headers["Cache-Control"] = "no-store"
        elif request.path.startswith(OPEN_PREFIXES):
            # Public data for any site or app to read (the staff side never gets this header).
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
            if request.method == "OPTIONS":  # a preflight, e.g. for a request that sends If-None-Match
                response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                response.headers["Access-Control-Max-Age"] = "86400"
        return response


RATE_WAIT = "portal.rate_wait"


def rate_wait(environ: dict) -> int:
    """Seconds this request's address must wait (0: go on), counted once per request: the response cache's WSGI
    layer (portal/cache.py) counts a request before Flask sees it, and Flask's hook then reads the same answer."""
    if RATE_WAIT not in environ:
        limit = current_app.config["RATE_LIMIT"]
        path = environ.get("PATH_INFO", "")
        counted = limit and not path.startswith("/static/") and path != "/healthz"
        limiter = current_app.extensions["portal_rate_limiter"]
        environ[RATE_WAIT] = limiter.hit(environ.get("REMOTE_ADDR") or "?", limit) if counted else 0
    return environ[RATE_WAIT]


def wrap_wsgi(app) -> None:
    """The WSGI layers in front of everything else (create_app calls this last, so they come first): forged
    hosts refused, then, behind nginx, the client's address and scheme from X-Forwarded-For/-Proto (rate limits,
    HSTS, and the URL the response cache keys on)."""
    app.wsgi_app = _KnownHostsOnly(app.wsgi_app, app.config)
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])


class RateLimiter:
    """Requests per address per minute, per worker process: a fixed one-minute window, cheap and bounded.

    Without Redis, put nginx's limit_req in front for a limit shared by all workers; this one keeps a single
    worker safe.
    """

    MAX_ADDRESSES = 50_000

    def __init__(self):
        self.windows: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()

    def hit(self, address: str, limit: int) -> int:
        """0 when the request may go on, else the seconds to wait."""
        now = time.monotonic()
        minute = int(now // 60)
        with self.lock:
            if len(self.windows) > self.MAX_ADDRESSES:
                self.windows = {a: w for a, w in self.windows.items() if w[0] == minute}
            start, count = self.windows.get(address, (minute, 0))
            if start != minute:
                start, count = minute, 0
            count += 1
            self.windows[address] = (start, count)
        return 0 if count <= limit else max(1, int(60 - now % 60))


class _KnownHostsOnly:
    """With PORTAL_BASE_URL set, a request for any other Host gets a plain 400 before Flask builds a URL from it.

    Flask would refuse the host only when something reads ``request.host``, deep inside rendering (and then its
    own error page could not build a link either); answering here keeps forged hosts out of every absolute link
    and out of publicly cached feeds.
    """

    def __init__(self, wsgi_app, config):
        self.wsgi_app, self.config = wsgi_app, config

    def __call__(self, environ, start_response):
        trusted = self.config.get("TRUSTED_HOSTS")
        if trusted:
            from werkzeug.sansio.utils import get_host

            try:
                get_host(environ["wsgi.url_scheme"], environ.get("HTTP_HOST"), None, trusted)
            except SecurityError:
                body = "400 错误请求：本站不提供该主机名（Host）的访问。".encode()
                start_response(
                    "400 Bad Request",
                    [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
                )
                return [body]
        return self.wsgi_app(environ, start_response)


class RedisRateLimiter:
    """The same fixed one-minute window, counted in Redis (``PORTAL_CACHE_URL``): one limit for every worker of
    every host. The window is the wall-clock minute, so hosts agree on it. Should Redis not answer, each worker
    falls back to its own count rather than refusing or letting everything through.
    """

    def __init__(self, url: str, prefix: str):
        self.url, self.prefix = url, prefix
        self.client = None
        self.fallback = RateLimiter()

    @staticmethod
    def _deployment() -> str:
        # Hosts of one deployment (one database) share a count; another deployment on the same Redis does not.
        import hashlib

        url = db.engine.url.render_as_string(hide_password=True)
        return hashlib.sha256(url.encode()).hexdigest()[:12]

    def hit(self, address: str, limit: int) -> int:
        """0 when the request may go on, else the seconds to wait."""
        import redis

        now = time.time()
        key = f"{self.prefix}rate:{self._deployment()}:{int(now // 60)}:{address}"
        try:
            if self.client is None:
                self.client = redis.Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
            pipe = self.client.pipeline()
            pipe.incr(key)
            pipe.expire(key, 120)
            count = pipe.execute()[0]
        except redis.RedisError as err:
            current_app.logger.warning("rate limit: Redis unavailable (%s); counting in this worker", err)
            return self.fallback.hit(address, limit)
        return 0 if count <= limit else max(1, int(60 - now % 60))
