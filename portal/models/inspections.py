"""双随机一公开: the two pools (检查对象名录库, 执法检查人员名录库), 回避 links, 抽查计划 with their draw, 检查记录."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import _now
from .staff import User

# The kinds of object in the office's pool (the list); a plan draws from one or more of them.
OBJECT_TYPES = ("七小行业", "沿街商户", "驻街企业", "社区")
# Who an object is, for masking on public pages (the same party types as decisions).
OBJECT_PARTY_TYPES = ("法人及非法人组织", "个体工商户", "自然人")
PLAN_STATUSES = {"draft": "草稿", "published": "已公布（待抽取）", "drawn": "已抽取"}
RECORD_SOURCES = {"draw": "双随机抽查", "patrol": "日常巡查"}


class InspectionObject(db.Model):
    """One entry of the 检查对象名录库."""

    __tablename__ = "inspection_objects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    party_type: Mapped[str] = mapped_column(String(20), default="法人及非法人组织")
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    type: Mapped[str] = mapped_column(String(20), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    seed_key: Mapped[str | None] = mapped_column(String(40), unique=True)  # rows loaded from seed_data/
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Inspector(db.Model):
    """One entry of the 执法检查人员名录库: a staff account with its 执法证."""

    __tablename__ = "inspectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    cert_number: Mapped[str] = mapped_column(String(40), unique=True)
    category: Mapped[str] = mapped_column(String(60))  # 执法类别 / area
    cert_valid_from: Mapped[dt.date] = mapped_column(Date)
    cert_valid_until: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    user: Mapped[User] = relationship()

    @property
    def name(self) -> str:
        return self.user.display_name

    def valid_on(self, day: dt.date) -> bool:
        return self.active and self.cert_valid_from <= day <= self.cert_valid_until


class Recusal(db.Model):
    """回避: an inspector linked to an object (kin, former employer, a complaint…) never inspects it."""

    __tablename__ = "inspection_recusals"
    __table_args__ = (UniqueConstraint("inspector_id", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("inspectors.id"), index=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("inspection_objects.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class InspectionPlan(db.Model):
    """A 抽查计划 and its draw. Publishing freezes the pools (snapshots and their hashes) and the commitment."""

    __tablename__ = "inspection_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    power_codes: Mapped[list] = mapped_column(JSON, default=list)  # 行政检查 items of the 权责清单
    object_types: Mapped[list] = mapped_column(JSON, default=list)
    object_count: Mapped[int] = mapped_column(Integer)
    inspectors_per_object: Mapped[int] = mapped_column(Integer, default=2)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    public_value_source: Mapped[str] = mapped_column(String(300))  # which public value, named in advance
    public_value_on: Mapped[dt.date] = mapped_column(Date)  # the day it comes into existence
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Set when published.
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    secret: Mapped[str | None] = mapped_column(String(64))  # kept from the public until the draw
    commitment: Mapped[str | None] = mapped_column(String(64))
    objects_snapshot: Mapped[list | None] = mapped_column(JSON)
    inspectors_snapshot: Mapped[list | None] = mapped_column(JSON)
    objects_hash: Mapped[str | None] = mapped_column(String(64))
    inspectors_hash: Mapped[str | None] = mapped_column(String(64))
    # Set by the draw.
    public_value: Mapped[str | None] = mapped_column(String(300))
    seed: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[list | None] = mapped_column(JSON)  # [{"object_id", "inspector_ids"}] in draw order
    drawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def status_name(self) -> str:
        return PLAN_STATUSES.get(self.status, self.status)


class InspectionSubstitution(db.Model):
    """替换: a drawn inspector who cannot serve an object, and the replacement the public rule picks (in order)."""

    __tablename__ = "inspection_substitutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("inspection_plans.id"), index=True)
    object_id: Mapped[int] = mapped_column(Integer)
    out_inspector_id: Mapped[int] = mapped_column(Integer)
    in_inspector_id: Mapped[int] = mapped_column(Integer)
    reason_kind: Mapped[str] = mapped_column(String(20))  # a key of SUBSTITUTION_REASONS
    reason: Mapped[str] = mapped_column(String(200))
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


# Why a drawn inspector cannot serve (the public JSON carries the key and the Chinese name).
SUBSTITUTION_REASONS = {"leave": "请假或公出", "conflict": "发现应当回避的关系", "certificate": "执法证失效"}


class InspectionRecord(db.Model):
    """A 检查记录 (台账): one inspection of one object, from a draw or from 日常巡查."""

    __tablename__ = "inspection_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_plans.id"), index=True)
    object_id: Mapped[int] = mapped_column(ForeignKey("inspection_objects.id"), index=True)
    source: Mapped[str] = mapped_column(String(10), default="draw")
    inspected_on: Mapped[dt.date] = mapped_column(Date, index=True)
    inspector_ids: Mapped[list] = mapped_column(JSON, default=list)
    # The inspectors as they were that day: [{"id", "name", "cert_number"}] (names and numbers are kept).
    inspectors: Mapped[list] = mapped_column(JSON, default=list)
    power_codes: Mapped[list] = mapped_column(JSON, default=list)
    findings: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[int] = mapped_column(Integer, default=0)  # 问题点位 found
    rectification: Mapped[str] = mapped_column(Text, default="")  # 整改要求
    rectify_days: Mapped[int | None] = mapped_column(Integer)  # working days given
    rectify_due: Mapped[dt.date | None] = mapped_column(Date)
    recheck_on: Mapped[dt.date | None] = mapped_column(Date)
    recheck_result: Mapped[str] = mapped_column(Text, default="")
    corrected: Mapped[int] = mapped_column(Integer, default=0)  # 问题点位 found corrected at the 复查
    referred_to: Mapped[str] = mapped_column(String(100), default="")  # 移送 department
    penalty_id: Mapped[int | None] = mapped_column(ForeignKey("penalties.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    seed_key: Mapped[str | None] = mapped_column(String(40), unique=True)

    object: Mapped[InspectionObject] = relationship()
    plan: Mapped[InspectionPlan | None] = relationship()

    @property
    def source_name(self) -> str:
        return RECORD_SOURCES.get(self.source, self.source)


class InspectionChange(db.Model):
    """The public change log of inspection results (/api/v1/inspections/changes): a row written in the same
    transaction that publishes a result or changes a published one (or the object it names), in order."""

    __tablename__ = "inspection_changes"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("inspection_records.id"), index=True)
    op: Mapped[str] = mapped_column(String(10))  # add | update | withdraw
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


# 普法 activities counted in the annual report, with the unit each is counted in.
LEGAL_EDUCATION_KINDS = {
    "leaflets": "发放普法宣传资料（份）",
    "consultations": "法律咨询（人次）",
    "lawyer_duty": "律师值班（次）",
    "lawyer_office": "律师坐班（次）",
}


class LegalEducation(db.Model):
    """One 普法 activity (a leaflet distribution, consultations, a lawyer's duty or office session)."""

    __tablename__ = "legal_education"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    seed_key: Mapped[str | None] = mapped_column(String(40), unique=True)


class LegalEducationYear(db.Model):
    """A year's 普法 figure as the office reports it (entered by staff on a form or from a CSV/XLSX); when present
    it is the report's figure for that kind and year, instead of the sum of the recorded activities."""

    __tablename__ = "legal_education_years"
    __table_args__ = (UniqueConstraint("year", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
