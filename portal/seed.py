"""Load seed_data/ into the database: laws and their articles, synonyms, the 权责清单, penalty decisions and the
fictional 2022 inspection records and 普法 activities.

Idempotent: running it twice changes nothing; changing an item in the seed file records a new version.
Every bad row is reported with its file, line or item and field, and nothing is written if any row is bad.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import select

from .extensions import db
from .inspections import seed as inspection_seed
from .models import BASIS_QUALITIES, BASIS_ROLES, CATEGORIES, STATUSES, Article, Law, LegalBasis, PowerItem, Synonym
from .penalties import seed as penalty_seed
from .powers.items import ITEM_FIELDS, record_version, snapshot


class SeedError(Exception):
    """Raised with every problem found; ``problems`` are lines naming the file, row and field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SeedReport:
    laws: int = 0
    articles: int = 0
    synonyms: int = 0
    items_created: list[str] = field(default_factory=list)
    items_updated: list[str] = field(default_factory=list)
    penalties_created: int = 0
    inspections_created: int = 0

    @property
    def changed_codes(self) -> list[str]:
        return self.items_created + self.items_updated


class LawRow(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    level = fields.String(required=True, validate=validate.Length(min=1, max=20))
    version = fields.String(load_default=None)
    note = fields.String(load_default="")
    field = fields.String(load_default="", validate=validate.Length(max=20))


class ArticleRow(Schema):
    law = fields.String(required=True)
    version = fields.String(load_default=None)
    chapter = fields.String(load_default=None)
    article = fields.String(required=True)
    number = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=9999))
    text = fields.String(required=True, validate=validate.Length(min=1))


class BasisRow(Schema):
    role = fields.String(required=True, validate=validate.OneOf(BASIS_ROLES))
    law = fields.String(required=True)
    article = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=9999))
    clause = fields.String(load_default="")
    quality = fields.String(required=True, validate=validate.OneOf(BASIS_QUALITIES))
    note = fields.String(load_default="")


class StageRow(Schema):
    stage = fields.String(required=True, validate=validate.Length(min=1))
    text = fields.String(required=True, validate=validate.Length(min=1))


class ItemRow(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Z0-9][A-Z0-9-]{1,39}$"))
    name = fields.String(required=True, validate=validate.Length(min=2, max=300))
    sub_item = fields.String(load_default="")
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    subject = fields.String(required=True)
    department = fields.String(required=True)
    bases = fields.List(fields.Nested(BasisRow), required=True, validate=validate.Length(min=1))
    responsibilities = fields.List(fields.Nested(StageRow), load_default=None)
    accountability = fields.String(load_default=None)
    process = fields.String(load_default=None)
    supervision_phone = fields.String(load_default="")
    remarks = fields.String(load_default="")
    status = fields.String(load_default="有效", validate=validate.OneOf(STATUSES))
    field = fields.String(load_default="", validate=validate.Length(max=20))
    effective_on = fields.Date(required=True)
    change_note = fields.String(load_default="")
    source_row = fields.Integer(load_default=None)


def _fmt(where: str, errors: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _fmt(where, value, f"{name}.")
        else:
            out.append(f"{where}: 字段 {name}: {'; '.join(map(str, value))}")
    return out


def load_all(seed_dir: str | Path) -> SeedReport:
    """Load every seed file in one transaction; raise SeedError (writing nothing) if any row is bad."""
    seed_dir = Path(seed_dir)
    report, problems = SeedReport(), []
    try:
        laws = _load_laws(seed_dir, report, problems)
        _load_synonyms(seed_dir, report, problems)
        _load_items(seed_dir, laws, report, problems)
        if not problems:
            db.session.flush()
            report.penalties_created = len(penalty_seed.load(seed_dir, problems))
        if not problems:
            report.inspections_created = inspection_seed.load(seed_dir, problems)
        if problems:
            raise SeedError(problems)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _load_laws(seed_dir: Path, report: SeedReport, problems: list[str]) -> dict[str, Law]:
    existing = {law.name: law for law in db.session.scalars(select(Law))}
    path = seed_dir / "laws.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            try:
                row = LawRow().load({k: v for k, v in raw.items() if v not in ("", None)})
            except ValidationError as err:
                problems += _fmt(f"{path.name} 第{line}行", err.messages)
                continue
            law = existing.get(row["name"]) or Law(name=row["name"])
            for key in ("full_name", "level", "version", "field"):
                setattr(law, key, row[key])
            law.note = row["note"] or None
            db.session.add(law)
            existing[law.name] = law
            report.laws += 1
    db.session.flush()

    path = seed_dir / "law-articles.jsonl"
    stored = {(a.law_id, a.number): a for a in db.session.scalars(select(Article))}
    with path.open(encoding="utf-8") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                row = ArticleRow().load(json.loads(text))
            except (ValueError, ValidationError) as err:
                messages = err.messages if isinstance(err, ValidationError) else {"(json)": [str(err)]}
                problems += _fmt(f"{path.name} 第{line}行", messages)
                continue
            law = existing.get(row["law"])
            if law is None:
                problems.append(f"{path.name} 第{line}行: 字段 law: laws.csv 中没有“{row['law']}”")
                continue
            law.text_available = True
            art = stored.get((law.id, row["number"]))
            if art is None:
                art = Article(law_id=law.id, number=row["number"])
                db.session.add(art)
                stored[(law.id, row["number"])] = art
            art.label, art.chapter, art.text = row["article"], row["chapter"], row["text"]
            report.articles += 1
    return existing


def _load_synonyms(seed_dir: Path, report: SeedReport, problems: list[str]) -> None:
    path = seed_dir / "synonyms.csv"
    wanted = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            term, canonical = (raw.get("term") or "").strip(), (raw.get("canonical") or "").strip()
            if not term or not canonical:
                problems.append(f"{path.name} 第{line}行: 字段 term/canonical: 不能为空")
                continue
            wanted.add((term, canonical))
    current = {(s.term, s.canonical): s for s in db.session.scalars(select(Synonym))}
    for key, row in current.items():
        if key not in wanted:
            db.session.delete(row)
    for term, canonical in wanted - current.keys():
        db.session.add(Synonym(term=term, canonical=canonical))
    report.synonyms = len(wanted)


def _load_items(seed_dir: Path, laws: dict[str, Law], report: SeedReport, problems: list[str]) -> None:
    path = seed_dir / "powers.json"
    templates = json.loads((seed_dir / "responsibilities.json").read_text(encoding="utf-8"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    items = {i.code: i for i in db.session.scalars(select(PowerItem))}
    article_keys = {(a.law_id, a.number) for a in db.session.scalars(select(Article))} | {
        (a.law_id, a.number) for a in db.session.new if isinstance(a, Article)
    }
    seen = set()
    for pos, raw in enumerate(doc.get("items", []), start=1):
        where = f"{path.name} 第{pos}项 ({raw.get('code', '?')})"
        try:
            row = ItemRow().load(raw)
        except ValidationError as err:
            problems += _fmt(where, err.messages)
            continue
        if row["code"] in seen:
            problems.append(f"{where}: 字段 code: 编码重复")
            continue
        seen.add(row["code"])
        bases_ok = True
        for n, basis in enumerate(row["bases"]):
            law = laws.get(basis["law"])
            if law is None:
                problems.append(f"{where}: 字段 bases.{n}.law: laws.csv 中没有“{basis['law']}”")
                bases_ok = False
            elif law.text_available and basis["article"] and (law.id, basis["article"]) not in article_keys:
                # Never cite an article the law does not have.
                problems.append(f"{where}: 字段 bases.{n}.article: 《{law.name}》没有第{basis['article']}条")
                bases_ok = False
        template = templates.get(row["category"], {})
        for key in ("responsibilities", "accountability", "process"):
            if row[key] is None:
                row[key] = template.get(key, [] if key == "responsibilities" else "")
        if bases_ok:
            _apply_item(items.get(row["code"]), row, laws, report)


def _desired_snapshot(row: dict) -> dict:
    data = {key: row[key] if row[key] is not None else "" for key in ITEM_FIELDS}
    data["effective_on"] = row["effective_on"].isoformat()
    data["code"] = row["code"]
    data["bases"] = [
        {
            "role": b["role"],
            "law": b["law"],
            "article": b["article"],
            "clause": b["clause"],
            "quality": b["quality"],
            "note": b["note"],
        }
        for b in row["bases"]
    ]
    return data


def _apply_item(item: PowerItem | None, row: dict, laws: dict[str, Law], report: SeedReport) -> None:
    if item is not None and snapshot(item) == _desired_snapshot(row):
        return  # unchanged: seeding again writes nothing
    creating = item is None
    if creating:
        item = PowerItem(code=row["code"], version=1)
        db.session.add(item)
    else:
        item.version += 1
    for key in ITEM_FIELDS:
        setattr(item, key, row[key] if row[key] is not None else "")
    item.bases = [
        LegalBasis(
            position=n,
            role=b["role"],
            law=laws[b["law"]],
            article_number=b["article"],
            clause=b["clause"],
            quality=b["quality"],
            note=b["note"],
        )
        for n, b in enumerate(row["bases"])
    ]
    if creating:
        record_version(item, row["change_note"] or "首次公布")
        report.items_created.append(item.code)
    else:
        record_version(item, row["change_note"] or ("事项取消" if item.status == "取消" else "事项调整"))
        report.items_updated.append(item.code)
