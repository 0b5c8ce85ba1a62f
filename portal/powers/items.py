"""The 权责清单 domain: reading items, recording new versions, and their public shape."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import Article, Law, LegalBasis, PowerItem, PowerVersion, Synonym
from ..numerals import article_label
from ..tables import Column

# Fields of an item that a version records (bases are added separately).
ITEM_FIELDS = (
    "name",
    "sub_item",
    "category",
    "subject",
    "department",
    "responsibilities",
    "accountability",
    "supervision_phone",
    "process",
    "remarks",
    "status",
    "field",
    "effective_on",
)


def basis_view(basis: LegalBasis, article: Article | None) -> dict:
    """A legal basis as readers see it: law, article label, clause, and the article text when we hold it."""
    label = article_label(basis.article_number) if basis.article_number else ""
    return {
        "role": basis.role,
        "law": basis.law.name,
        "law_full_name": basis.law.full_name,
        "law_level": basis.law.level,
        "article": label,
        "article_number": basis.article_number,
        "clause": basis.clause,
        "citation": f"《{basis.law.full_name}》{label}{basis.clause}",
        "text": article.text if article else None,
        "quality": basis.quality,
        "note": basis.note or (basis.law.note or ""),
    }


def articles_for(bases: list[LegalBasis]) -> dict[tuple[int, int], Article]:
    """The articles ``bases`` cite, by (law id, number): only those rows, not every article of their laws."""
    cited = {(b.law_id, b.article_number) for b in bases if b.article_number}
    if not cited:
        return {}
    rows = db.session.scalars(select(Article).where(tuple_(Article.law_id, Article.number).in_(sorted(cited))))
    return {(a.law_id, a.number): a for a in rows}


def bases_view(bases: list[LegalBasis]) -> list[dict]:
    articles = articles_for(bases)
    return [basis_view(b, articles.get((b.law_id, b.article_number))) for b in bases]


def snapshot(item: PowerItem) -> dict:
    """Everything a version freezes, as plain JSON-ready values."""
    data = {field: getattr(item, field) for field in ITEM_FIELDS}
    data["effective_on"] = item.effective_on.isoformat()
    data["code"] = item.code
    data["bases"] = [
        {
            "role": b.role,
            "law": b.law.name,
            "article": b.article_number,
            "clause": b.clause,
            "quality": b.quality,
            "note": b.note,
        }
        for b in item.bases
    ]
    return data


def get_item(code: str) -> PowerItem:
    item = db.session.scalar(
        select(PowerItem)
        .where(PowerItem.code == code)
        .options(selectinload(PowerItem.bases).selectinload(LegalBasis.law))
    )
    if item is None:
        raise PortalError("not_found", f"未找到编码为“{code}”的权责事项", 404)
    return item


def get_version(code: str, version: int) -> tuple[PowerItem, PowerVersion]:
    item = get_item(code)
    for v in item.versions:
        if v.version == version:
            return item, v
    raise PortalError("not_found", f"事项“{code}”没有第{version}版", 404)


def all_items(with_bases: bool = True) -> list[PowerItem]:
    stmt = select(PowerItem).order_by(PowerItem.code)
    if with_bases:
        stmt = stmt.options(selectinload(PowerItem.bases).selectinload(LegalBasis.law))
    return list(db.session.scalars(stmt))


def citing_items(law_id: int, article_number: int, exclude_code: str | None = None) -> list[PowerItem]:
    """Other items that cite the same article of the same law."""
    # An IN subquery rather than DISTINCT: PostgreSQL cannot compare the JSON columns DISTINCT would need.
    citing = select(LegalBasis.item_id).where(LegalBasis.law_id == law_id, LegalBasis.article_number == article_number)
    stmt = select(PowerItem).where(PowerItem.id.in_(citing)).order_by(PowerItem.code)
    return [i for i in db.session.scalars(stmt) if i.code != exclude_code]


def record_version(item: PowerItem, note: str, when: dt.datetime | None = None) -> PowerVersion:
    """Freeze the item's current state as its version ``item.version``."""
    version = PowerVersion(
        item=item,
        version=item.version,
        status=item.status,
        effective_on=item.effective_on,
        change_note=note,
        snapshot=snapshot(item),
    )
    if when:
        version.recorded_at = when
    db.session.add(version)
    return version


def item_summary(item: PowerItem, url: str) -> dict:
    """The public JSON shape of an item (interfaces.md: code, name, category, … legal_bases, url)."""
    return {
        "code": item.code,
        "name": item.name,
        "sub_item": item.sub_item or "",
        "category": item.category,
        "subject": item.subject,
        "department": item.department,
        "status": item.status,
        "effective_on": item.effective_on.isoformat(),
        "version": item.version,
        "legal_bases": bases_view(item.bases),
        "responsibilities": item.responsibilities,
        "accountability": item.accountability,
        "supervision_phone": item.supervision_phone,
        "process": item.process,
        "remarks": item.remarks,
        "url": url,
    }


def list_state() -> tuple[str, dt.datetime | None]:
    """A fingerprint of everything the public reads of the list (items, bases, laws, article texts, synonyms)
    and the time of its newest version: the validators of the 权责清单 API and downloads."""
    digest = hashlib.sha256()
    for query in (
        select(PowerItem.code, PowerItem.version, PowerItem.updated_at).order_by(PowerItem.code),
        select(Law.id, Law.name, Law.full_name, Law.note).order_by(Law.id),
        select(Article.law_id, Article.number, Article.text).order_by(Article.law_id, Article.number),
        select(Synonym.term, Synonym.canonical).order_by(Synonym.term, Synonym.canonical),
    ):
        for row in db.session.execute(query):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:24], db.session.scalar(select(func.max(PowerVersion.recorded_at)))


def version_date() -> dt.date | None:
    """The list's version date: the day (China time) its newest item version was recorded."""
    newest = db.session.scalar(select(func.max(PowerVersion.recorded_at)))
    return clock.local(newest).date() if newest else None


# Download columns of the whole list: every column of an item, legal bases flattened into readable text.
EXPORT_COLUMNS = (
    Column("code", "事项编码"),
    Column("name", "事项名称"),
    Column("sub_item", "子项名称"),
    Column("category", "事项类型"),
    Column("subject", "实施主体"),
    Column("department", "承办机构"),
    Column("setting_basis", "设定依据"),
    Column("implementing_basis", "实施依据"),
    Column("basis_texts", "依据条文"),
    Column("responsibilities", "责任事项"),
    Column("accountability", "追责情形"),
    Column("supervision_phone", "监督电话"),
    Column("process", "运行流程"),
    Column("remarks", "备注"),
    Column("status", "状态"),
    Column("effective_on", "生效日期", "date"),
    Column("version", "版本号", "int"),
    Column("url", "网址"),
)


def export_row(item: PowerItem, url: str, articles: dict) -> dict:
    """One item as a flat download row (the JSON download keeps the nested ``legal_bases`` as well)."""
    bases = [basis_view(b, articles.get((b.law_id, b.article_number))) for b in item.bases]

    def citations(role: str) -> str:
        return "；".join(b["citation"] + (f"（{b['note']}）" if b["note"] else "") for b in bases if b["role"] == role)

    return {
        **item_summary(item, url),
        "legal_bases": bases,
        "setting_basis": citations("设定依据"),
        "implementing_basis": citations("实施依据"),
        "basis_texts": "\n".join(f"{b['citation']}：{b['text']}" for b in bases if b["text"]),
        "responsibilities": "\n".join(f"{r['stage']}：{r['text']}" for r in item.responsibilities or []),
    }


def export(url_for_code) -> list[dict]:
    """Every item of the list, in code order, as download rows (``url_for_code(code)`` gives its page)."""
    items = all_items()
    articles = articles_for([b for i in items for b in i.bases])
    return [export_row(i, url_for_code(i.code), articles) for i in items]
