"""Penalty decisions, their versions, the public change log and the credit-platform outbox."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .base import _now
from .powers import Law

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# ---- 行政处罚决定 ------------------------------------------------------------------------------------------
# 处罚类别 of 行政处罚法 (2021) art. 9, in the law's order (credit-format.md).
PENALTY_CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他行政处罚",
)
PARTY_TYPES = ("法人及非法人组织", "自然人", "个体工商户")
# draft → published; a published decision may be corrected (still public, new version), withdrawn (撤回, only
# the notice stays public) or expire at the end of its publicity period (leaves every public page).
PENALTY_STATUSES = ("draft", "published", "corrected", "withdrawn", "expired")
PUBLIC_STATUSES = ("published", "corrected")
WITHDRAWAL_EVENTS = ("变更", "撤销", "确认违法", "确认无效")


class Penalty(db.Model):
    """One administrative penalty decision; its columns map one-to-one onto the 30 CF_ credit fields."""

    __tablename__ = "penalties"
    # Public reads filter on (status, publicity_until) and feeds order by the last change: both are indexed so a
    # feed page costs the same at 100,000 decisions as at 1,000.
    __table_args__ = (
        Index("ix_penalties_visible", "status", "publicity_until"),
        Index("ix_penalties_updated", "updated_at", "id"),
        # Counts by year read this index alone (measured at 100,000 on SQLite: 14 ms against 298 ms).
        Index("ix_penalties_decided_visible", "decided_on", "status", "publicity_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_number: Mapped[str] = mapped_column(String(128), unique=True)  # CF_WSH, the business key
    party_name: Mapped[str] = mapped_column(String(200))  # CF_XDR_MC
    party_type: Mapped[str] = mapped_column(String(16), index=True)  # CF_XDR_LB
    uscc: Mapped[str] = mapped_column(String(18), default="")  # CF_XDR_SHXYM
    business_reg_no: Mapped[str] = mapped_column(String(50), default="")  # CF_XDR_GSZC
    org_code: Mapped[str] = mapped_column(String(9), default="")  # CF_XDR_ZZJG
    tax_reg_no: Mapped[str] = mapped_column(String(15), default="")  # CF_XDR_SWDJ
    institution_cert_no: Mapped[str] = mapped_column(String(12), default="")  # CF_XDR_SYDW
    social_org_cert_no: Mapped[str] = mapped_column(String(50), default="")  # CF_XDR_SHZZ
    legal_rep: Mapped[str] = mapped_column(String(50), default="")  # CF_FRDB (a sole trader's operator)
    legal_rep_id_type: Mapped[str] = mapped_column(String(64), default="")  # CF_FR_ZJLX, never public
    legal_rep_id_number: Mapped[str] = mapped_column(String(64), default="")  # CF_FR_ZJHM, never public
    id_type: Mapped[str] = mapped_column(String(64), default="")  # CF_XDR_ZJLX
    id_number: Mapped[str] = mapped_column(String(64), default="")  # CF_XDR_ZJHM, never public
    violation: Mapped[str] = mapped_column(Text)  # CF_WFXW
    facts: Mapped[str] = mapped_column(Text)  # CF_SY
    basis: Mapped[str] = mapped_column(Text)  # CF_YJ
    categories: Mapped[str] = mapped_column(String(256))  # CF_CFLB as sent: PENALTY_CATEGORIES joined by ";"
    content: Mapped[str] = mapped_column(Text)  # CF_NR
    fine_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))  # CF_NR_FK is this in 万元
    confiscated_yuan: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))  # CF_NR_WFFF in 万元
    license_info: Mapped[str] = mapped_column(String(200), default="")  # CF_NR_ZKDX
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)  # CF_JDRQ
    valid_until: Mapped[dt.date] = mapped_column(Date)  # CF_YXQ
    publicity_until: Mapped[dt.date | None] = mapped_column(Date, index=True)  # CF_GSJZQ; None: not published
    authority: Mapped[str] = mapped_column(String(200))  # CF_CFJG
    authority_code: Mapped[str] = mapped_column(String(18))  # CF_CFJGDM
    data_source: Mapped[str] = mapped_column(String(200))  # CF_SJLY
    data_source_code: Mapped[str] = mapped_column(String(18))  # CF_SJLYDM
    remarks: Mapped[str] = mapped_column(String(512), default="")  # BZ
    # Links into the portal's own data, where the decision can be tied to them.
    power_code: Mapped[str | None] = mapped_column(String(40), index=True)
    law_id: Mapped[int | None] = mapped_column(ForeignKey("laws.id"), index=True)
    article_number: Mapped[int | None] = mapped_column(Integer)
    # 普通程序 or 简易程序 (行政处罚法 art 51); a natural person's birth date where the ID number gives none.
    procedure: Mapped[str] = mapped_column(String(8), default="普通程序")
    party_birth_date: Mapped[dt.date | None] = mapped_column(Date)
    # What the publicity rules gave at publication: the rule (publicity_rules.json code), the tier (proposed from
    # the decision, or set at 法制审核 with a reason) and the months; publicity_until is the resulting last day.
    publicity_rule: Mapped[str] = mapped_column(String(40), default="")
    publicity_tier: Mapped[str] = mapped_column(String(4), default="")
    publicity_tier_reason: Mapped[str] = mapped_column(Text, default="")
    publicity_months: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    # The staff workflow of a draft: draft → head → legal → leader → approved (or returned to the handler).
    # 重大执法决定 pass every level; ordinary ones only the levels PORTAL_ORDINARY_REVIEW_LEVELS names.
    major: Mapped[bool] = mapped_column(default=False)
    review_stage: Mapped[str] = mapped_column(String(10), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    correction_note: Mapped[str] = mapped_column(Text, default="")
    withdrawal_event: Mapped[str] = mapped_column(String(8), default="")
    withdrawal_event_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    law: Mapped[Law | None] = relationship()

    @validates(
        "party_name",
        "legal_rep",
        "violation",
        "facts",
        "basis",
        "content",
        "license_info",
        "remarks",
        "correction_note",
        "withdrawal_reason",
        "document_number",
        "publicity_tier_reason",
    )
    def _printable(self, key, value):
        # Control characters break feeds and XML exports and PostgreSQL refuses NUL: drop them on the way in.
        return _CONTROL.sub("", value) if isinstance(value, str) else value

    @property
    def category_list(self) -> list[str]:
        return [c for c in (self.categories or "").split(";") if c]

    versions: Mapped[list[PenaltyVersion]] = relationship(
        back_populates="penalty", order_by="PenaltyVersion.version", cascade="all, delete-orphan"
    )


class PenaltyVersion(db.Model):
    """Every version of a decision as it stood, so a case can be traced through its corrections."""

    __tablename__ = "penalty_versions"
    __table_args__ = (UniqueConstraint("penalty_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    penalty: Mapped[Penalty] = relationship(back_populates="versions")


class PenaltyChange(db.Model):
    """The public change log (/api/v1/changes): every add, correction, withdrawal and expiry, in order."""

    __tablename__ = "penalty_changes"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    op: Mapped[str] = mapped_column(String(10))  # add | update | withdraw | expire
    decision: Mapped[dict | None] = mapped_column(JSON)  # the public (masked) decision after an add/update
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


# ---- credit platform outbox ------------------------------------------------------------------------------
class CreditChange(db.Model):
    """One change the credit platform must receive, written in the same transaction as the decision change."""

    __tablename__ = "credit_outbox"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    penalty_id: Mapped[int] = mapped_column(ForeignKey("penalties.id"), index=True)
    op: Mapped[str] = mapped_column(String(10))  # upsert | withdraw
    note: Mapped[str] = mapped_column(Text, default="")  # a withdrawal's reason (sent as BZ)
    # pending → batched → accepted | rejected | delivered (file drop); or superseded / invalid / failed
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("credit_batches.id"), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")  # the platform's reason, or what is invalid
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    penalty: Mapped[Penalty] = relationship()


class CreditBatch(db.Model):
    """A batch exactly as sent, kept so that every retry sends the same batch_id with the same body."""

    __tablename__ = "credit_batches"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # the batch_id / Idempotency-Key
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending | done | refused
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
