"""Staff accounts, login attempts, the review steps of a decision, proposed corrections, attachments and the audit
chain."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import _now

if TYPE_CHECKING:
    from .penalties import Penalty

# The office's four review levels (重大执法决定法制审核) plus an administrator.
ROLES = {
    "handler": "办案人员",
    "head": "执法部门负责人",
    "legal": "法制审核人员",
    "leader": "分管领导",
    "admin": "管理员",
}
REVIEW_LEVELS = ("head", "legal", "leader")
LEGAL_REVIEW = "legal"  # 法制审核: the level that may change a decision's publicity tier
# The review levels as the office names them on a case page.
REVIEW_LEVEL_NAMES = {"head": "执法部门负责人", "legal": "法制审核", "leader": "分管领导"}
# Where a draft stands: before review, at one of the levels, or approved and waiting to be published.
REVIEW_STAGES = {
    "draft": "草稿",
    "returned": "已退回",
    "head": "待执法部门负责人审核",
    "legal": "待法制审核",
    "leader": "待分管领导审核",
    "approved": "待发布",
}
# What each reviewer checks (the office's report): 执法主体、职权、程序、事实、裁量、适用法律.
REVIEW_CHECKS = {
    "subject": "执法主体合法",
    "authority": "执法职权合法",
    "procedure": "执法程序合法",
    "facts": "事实清楚、证据确凿",
    "discretion": "裁量适当",
    "law": "适用法律正确",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Each session carries the version it was opened under; raising it (logout, password, role or status
    # change) ends every session of the account at its next request (see security.py's user loader).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def end_sessions(self) -> None:
        """End every open session of this account (they are signed cookies: the version makes them stale)."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


class LoginAttempt(db.Model):
    """Every login attempt, so failures can be counted per account and per address (rate limiting)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class Review(db.Model):
    """One step of a decision's workflow: submitted, approved or returned at a level, or published."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(10))  # submit | approve | return | publish
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text, default="")
    checks: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    user: Mapped[User] = relationship()


# Where a proposed correction (更正) stands; only "pending" ones wait for a second person.
CORRECTION_STATUSES = {"pending": "待核准", "approved": "已核准", "rejected": "已驳回", "cancelled": "已撤销"}


class Correction(db.Model):
    """A correction (更正) of a published decision, proposed by one person and approved or rejected by another.

    Nothing of the decision changes until approval; then ``lifecycle.correct`` applies ``changes`` (field → new
    value as JSON) with ``note`` as the public 更正说明. At most one correction of a decision is pending at a
    time (a partial unique index, so two proposals at the same moment cannot both be stored)."""

    __tablename__ = "corrections"
    __table_args__ = (
        Index(
            "uq_corrections_one_pending",
            "penalty_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The same fields as the decision had them when proposed: what the reviewer's before/after compares.
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    penalty: Mapped[Penalty] = relationship()
    proposer: Mapped[User] = relationship(foreign_keys=[proposed_by])
    decider: Mapped[User | None] = relationship(foreign_keys=[decided_by])


class Attachment(db.Model):
    """A signed decision document (PDF), stored under the instance folder and served to staff only."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEvent(db.Model):
    """Append-only: each event carries the hash of the one before, so an edit or deletion breaks the chain."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):
    """One row: the newest event's id and hash. Appending updates it first, which serializes writers."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
