"""Staff accounts: argon2 password hashes, and login attempts rate-limited per account and per address."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from .. import audit
from ..errors import PortalError
from ..extensions import db
from ..models import ROLES, AuditEvent, LoginAttempt, User

_hasher = PasswordHasher()
MIN_PASSWORD = 10
# A hash to verify against when the account does not exist, so both cases cost the same time.
_DUMMY = _hasher.hash("not a real password")


def _check_password(password: str, label: str = "密码") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise PortalError("bad_request", f"{label}至少{MIN_PASSWORD}个字符", 400)


def create_user(username: str, role: str, password: str, display_name: str = "", by: str = "system") -> User:
    """A new staff account; the password is stored only as an argon2 hash. ``by`` names who created it."""
    username = username.strip()
    if not username or len(username) > 40:
        raise PortalError("bad_request", "用户名应为1到40个字符", 400)
    if role not in ROLES:
        raise PortalError("bad_request", f"角色应为{'、'.join(ROLES)}之一", 400)
    _check_password(password)
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise PortalError("conflict", f"用户名 {username} 已存在", 409)
    user = User(
        username=username,
        role=role,
        display_name=(display_name or "").strip()[:50] or username,
        password_hash=_hasher.hash(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record(by, "user.create", f"user:{user.id}", None, {"username": username, "role": role})
    return user


def find(username: str) -> User:
    """The account of that name, or a 404 PortalError."""
    user = db.session.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None:
        raise PortalError("not_found", f"账号 {username} 不存在", 404)
    return user


def roster() -> list[dict]:
    """Every account with its last successful sign-in, for the administrator's page and ``users list``."""
    last = dict(
        db.session.execute(
            select(LoginAttempt.username, func.max(LoginAttempt.at))
            .where(LoginAttempt.ok.is_(True))
            .group_by(LoginAttempt.username)
        ).all()
    )
    return [
        {"user": u, "last_login": last.get(u.username)}
        for u in db.session.scalars(select(User).order_by(User.active.desc(), User.role, User.username))
    ]


def recent_events(limit: int = 10) -> list[dict]:
    """The newest account events (created, stopped, restored, role changed, password set), newest first, with the
    account's name: the short list every 执法部门负责人 sees on the dashboard."""
    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("user.%")).order_by(AuditEvent.id.desc()).limit(limit)
        )
    )
    ids = {int(e.target.split(":", 1)[1]) for e in events if e.target.startswith("user:")}
    names = dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all()) if ids else {}
    return [
        {
            "event": e,
            "account": names.get(int(e.target.split(":", 1)[1]), e.target) if e.target.startswith("user:") else "",
            "role": ROLES.get((e.after or {}).get("role"), ""),
        }
        for e in events
    ]


def set_active(user: User, active: bool, by: User | str) -> None:
    """Stop or restore an account; a stopped account cannot sign in and its open sessions end at once.

    Accounts are never deleted: the audit trail and the review steps name them.
    """
    by_name = by if isinstance(by, str) else by.username
    if not active and not isinstance(by, str) and by.id == user.id:
        raise PortalError("bad_request", "不能停用自己的账号", 400)
    if user.active == active:
        return
    user.active = active
    user.end_sessions()
    audit.record(
        by_name,
        "user.activate" if active else "user.deactivate",
        f"user:{user.id}",
        {"active": not active},
        {"active": active},
    )


def set_role(user: User, role: str, by: User | str) -> None:
    """Give an account another role (audited); its open sessions end, so the new role applies at once.

    Nobody changes their own role: an administrator cannot make themselves a reviewer.
    """
    by_name = by if isinstance(by, str) else by.username
    if role not in ROLES:
        raise PortalError("bad_request", f"角色应为{'、'.join(ROLES)}之一", 400)
    if not isinstance(by, str) and by.id == user.id:
        raise PortalError("forbidden", "不能修改自己的角色", 403)
    if user.role == role:
        return
    before = user.role
    user.role = role
    user.end_sessions()
    audit.record(by_name, "user.role", f"user:{user.id}", {"role": before}, {"role": role})


def reset_password(user: User, new: str, by: str) -> None:
    """Set a new password for someone who forgot theirs (an administrator's act, audited)."""
    _check_password(new, "新密码")
    user.password_hash = _hasher.hash(new)
    user.end_sessions()
    audit.record(by, "user.reset_password", f"user:{user.id}", None, {"changed": True})


def _failures_since(column, value: str, since: dt.datetime) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(LoginAttempt)
            .where(column == value, LoginAttempt.ok.is_(False), LoginAttempt.at >= since)
        )
        or 0
    )


def authenticate(username: str, password: str, address: str, now: dt.datetime | None = None) -> User:
    """The user for these credentials, or a PortalError: 401 for wrong credentials, 429 when rate-limited."""
    cfg = current_app.config
    now = now or dt.datetime.now(dt.UTC)
    since = now - dt.timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    limit = cfg["LOGIN_MAX_FAILURES"]
    username = (username or "").strip()[:40]
    if (
        _failures_since(LoginAttempt.username, username, since) >= limit
        or _failures_since(LoginAttempt.address, address, since) >= limit * 4
    ):
        raise PortalError("too_many_requests", f"登录失败次数过多，请 {cfg['LOGIN_WINDOW_MINUTES']} 分钟后再试", 429)
    user = db.session.scalar(select(User).where(User.username == username))
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY, password or "") and user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and user.active
    db.session.add(LoginAttempt(username=username, address=address[:64], ok=ok, at=now))
    db.session.commit()
    if not ok:
        raise PortalError("unauthorized", "用户名或密码错误", 401)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace a user's password after checking the current one (audited; the hash only is stored)."""
    try:
        _hasher.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        raise PortalError("bad_request", "当前密码不正确", 400) from None
    _check_password(new, "新密码")
    if new == current:
        raise PortalError("bad_request", "新密码不能与当前密码相同", 400)
    user.password_hash = _hasher.hash(new)
    user.end_sessions()
    audit.record(user.username, "user.password", f"user:{user.id}", None, {"changed": True})
