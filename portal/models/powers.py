"""The 权责清单: laws and their articles, items, legal bases, versions and search synonyms."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import _now

# The ten categories of a 权责清单 ("9+X"), rules.md; order is the display order.
CATEGORIES = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
)
STATUSES = ("有效", "调整", "取消")
BASIS_ROLES = ("设定依据", "实施依据")
# How sure a citation is: read in the law text / seen on a secondary page / article not known.
BASIS_QUALITIES = ("law-text", "secondary", "unverified")


class Law(db.Model):
    __tablename__ = "laws"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)  # short name as cited, e.g. 行政处罚法
    full_name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))  # 法律 / 行政法规 / 部门规章 / 地方性法规 …
    version: Mapped[str | None] = mapped_column(String(40))
    text_available: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    # The field (领域) the law governs where a rule depends on it: 消防, 安全生产, 特种设备; empty otherwise.
    field: Mapped[str] = mapped_column(String(20), default="")

    articles: Mapped[list[Article]] = relationship(back_populates="law", order_by="Article.number")


class Article(db.Model):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("law_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("laws.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))  # 第三十四条
    chapter: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)

    law: Mapped[Law] = relationship(back_populates="articles")


class PowerItem(db.Model):
    """One item of the 权责清单 in its current version; earlier versions live in PowerVersion."""

    __tablename__ = "power_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    sub_item: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(20), index=True)
    subject: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100), index=True)
    responsibilities: Mapped[list] = mapped_column(JSON, default=list)  # [{"stage", "text"}]
    accountability: Mapped[str] = mapped_column(Text, default="")
    supervision_phone: Mapped[str] = mapped_column(String(100), default="")
    process: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="有效")
    field: Mapped[str] = mapped_column(String(20), default="")  # 领域 (消防 …), as laws.field
    effective_on: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)

    bases: Mapped[list[LegalBasis]] = relationship(
        back_populates="item", order_by="LegalBasis.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[PowerVersion]] = relationship(
        back_populates="item", order_by="PowerVersion.version", cascade="all, delete-orphan"
    )


class LegalBasis(db.Model):
    """A citation of a law (and where known an article and clause) as 设定依据 or 实施依据 of an item."""

    __tablename__ = "legal_bases"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("power_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(10))
    law_id: Mapped[int] = mapped_column(ForeignKey("laws.id"), index=True)
    article_number: Mapped[int | None] = mapped_column(Integer)
    clause: Mapped[str] = mapped_column(String(100), default="")  # 第一款第二项
    quality: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[PowerItem] = relationship(back_populates="bases")
    law: Mapped[Law] = relationship()


class PowerVersion(db.Model):
    """A frozen copy of an item as it stood in one version, so adjusted or cancelled items stay readable."""

    __tablename__ = "power_versions"
    __table_args__ = (UniqueConstraint("item_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("power_items.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    change_note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    item: Mapped[PowerItem] = relationship(back_populates="versions")


class Synonym(db.Model):
    """A colloquial word and the official term a search for it should also find (违建 → 违法建设)."""

    __tablename__ = "synonyms"
    __table_args__ = (UniqueConstraint("term", "canonical"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(50), index=True)
    canonical: Mapped[str] = mapped_column(String(50))
