"""Staff sign-in and the protections every response carries.

Flask-Login keeps the session (permanent, expiring after PORTAL_SESSION_MINUTES); Flask-WTF checks a CSRF token
on every POST; responses say no framing, no sniffing, a strict CSP without inline script, and HSTS behind TLS.
"""
from __future__ import annotations

import datetime as dt

from flask import request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect

from .extensions import db
from .models import User

login_manager = LoginManager()
csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def init_app(app) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(minutes=app.config["SESSION_MINUTES"])
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"], REMEMBER_COOKIE_DURATION=0,
                      MAX_CONTENT_LENGTH=app.config["MAX_UPLOAD_MB"] * 1024 * 1024 + 64 * 1024,
                      WTF_CSRF_TIME_LIMIT=None)
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = "请先登录"
    login_manager.session_protection = "strong"
    csrf.init_app(app)

    @login_manager.user_loader
    def _load(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    @app.errorhandler(CSRFError)
    def _csrf(err):
        from .errors import render_error

        return render_error("csrf_failed", "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试", 400)

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
        return response
