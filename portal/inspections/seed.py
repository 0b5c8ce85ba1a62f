"""Load seed_data/inspections.json (fictional 2022 records and 普法 activities, see scripts/make_inspection_seed.py):
idempotent by each row's key; every bad row is reported with its key and field, and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import (
    LEGAL_EDUCATION_KINDS,
    OBJECT_PARTY_TYPES,
    OBJECT_TYPES,
    InspectionObject,
    InspectionRecord,
    LegalEducation,
)
from . import changelog, plans

FILE = "inspections.json"
CHINA_MORNING = dt.time(2, 0, tzinfo=dt.UTC)  # 10:00 in China, the time seeded results are published


def _date(row: dict, key: str, where: str, problems: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(row[key]) if row.get(key) else None
    except (TypeError, ValueError):
        problems.append(f"{where}: 字段 {key}: 日期格式应为 YYYY-MM-DD")
        return None


def load(seed_dir: Path, problems: list[str]) -> int:
    """Add the rows not yet loaded; returns how many records were added (problems are appended, not raised)."""
    path = Path(seed_dir) / FILE
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    known_items = {i.code for i in plans.inspection_items()}
    objects = {
        o.seed_key: o
        for o in db.session.scalars(select(InspectionObject).where(InspectionObject.seed_key.is_not(None)))
    }
    for row in data.get("objects", []):
        where = f"{FILE} 对象 {row.get('key')}"
        if row.get("type") not in OBJECT_TYPES or row.get("party_type") not in OBJECT_PARTY_TYPES:
            problems.append(f"{where}: 字段 type/party_type: 取值无效")
            continue
        if row["key"] not in objects:
            obj = InspectionObject(
                name=row["name"],
                party_type=row["party_type"],
                credit_code=row.get("credit_code") or None,
                address=row.get("address", ""),
                type=row["type"],
                seed_key=row["key"],
            )
            db.session.add(obj)
            objects[row["key"]] = obj
    db.session.flush()
    loaded = set(db.session.scalars(select(InspectionRecord.seed_key).where(InspectionRecord.seed_key.is_not(None))))
    added, new = 0, []
    for row in data.get("records", []):
        where = f"{FILE} 记录 {row.get('key')}"
        if row.get("key") in loaded:
            continue
        obj = objects.get(row.get("object"))
        day = _date(row, "inspected_on", where, problems)
        if obj is None:
            problems.append(f"{where}: 字段 object: 没有该对象")
        if len(row.get("inspectors") or []) < plans.MIN_INSPECTORS:
            problems.append(f"{where}: 字段 inspectors: 不得少于 2 人")
        if any(code not in known_items for code in row.get("power_codes") or []):
            problems.append(f"{where}: 字段 power_codes: 不是权责清单中的行政检查事项")
        published = _date(row, "published_on", where, problems)
        if obj is None or day is None or problems:
            continue
        record = InspectionRecord(
            object_id=obj.id,
            source="patrol",
            inspected_on=day,
            inspector_ids=[],
            inspectors=row["inspectors"],
            power_codes=row["power_codes"],
            findings=row["findings"],
            problems=row.get("problems", 0),
            corrected=row.get("corrected", 0),
            rectification=row.get("rectification", ""),
            rectify_days=row.get("rectify_days"),
            rectify_due=_date(row, "rectify_due", where, problems),
            recheck_on=_date(row, "recheck_on", where, problems),
            recheck_result=row.get("recheck_result", ""),
            published_at=dt.datetime.combine(published, CHINA_MORNING) if published else None,
            seed_key=row["key"],
        )
        db.session.add(record)
        new.append(record)
        added += 1
    db.session.flush()
    # Seeded results that are public enter the change log as additions, in the order they were published.
    for record in sorted((r for r in new if r.published_at), key=lambda r: (r.published_at, r.id)):
        changelog.note([record.id], "add", record.published_at)
    done = set(db.session.scalars(select(LegalEducation.seed_key).where(LegalEducation.seed_key.is_not(None))))
    for row in data.get("legal_education", []):
        where = f"{FILE} 普法 {row.get('key')}"
        if row.get("key") in done:
            continue
        day = _date(row, "held_on", where, problems)
        if row.get("kind") not in LEGAL_EDUCATION_KINDS or not isinstance(row.get("quantity"), int) or day is None:
            problems.append(f"{where}: 字段 kind/quantity: 取值无效")
            continue
        db.session.add(
            LegalEducation(
                held_on=day, kind=row["kind"], quantity=row["quantity"], note=row.get("note", ""), seed_key=row["key"]
            )
        )
    return added
