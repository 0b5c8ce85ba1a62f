"""Load seed_data/penalties.jsonl: the office's decisions, published (and corrected or withdrawn) as recorded.

Rows are checked by a marshmallow schema; a bad row is reported with its line and field and nothing is written.
A decision already in the database (same 决定书文号) is left alone, so seeding twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from flask import current_app
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import PARTY_TYPES, PENALTY_CATEGORIES, WITHDRAWAL_EVENTS, Article, Law, Penalty, PowerItem
from . import lifecycle, sample

FILENAME = "penalties.jsonl"


class CorrectionRow(Schema):
    at = fields.AwareDateTime(required=True)
    note = fields.String(required=True, validate=validate.Length(min=1))
    changes = fields.Dict(required=True)


class WithdrawalRow(Schema):
    at = fields.AwareDateTime(required=True)
    event = fields.String(required=True, validate=validate.OneOf(WITHDRAWAL_EVENTS))
    event_on = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1))


class PenaltyRow(Schema):
    document_number = fields.String(required=True, validate=validate.Length(min=1, max=128))
    party_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    party_type = fields.String(required=True, validate=validate.OneOf(PARTY_TYPES))
    uscc = fields.String(load_default="", validate=validate.Length(max=18))
    legal_rep = fields.String(load_default="", validate=validate.Length(max=50))
    id_type = fields.String(load_default="", validate=validate.Length(max=64))
    id_number = fields.String(load_default="", validate=validate.Length(max=64))
    violation = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    facts = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    basis = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    categories = fields.String(required=True, validate=validate.Length(min=1, max=256))
    content = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    fine_yuan = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0))
    confiscated_yuan = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0))
    license_info = fields.String(load_default="", validate=validate.Length(max=200))
    decided_on = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    power_code = fields.String(load_default=None)
    law = fields.String(load_default=None)
    article_number = fields.Integer(load_default=None, strict=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=512))
    correction = fields.Nested(CorrectionRow, load_default=None)
    withdrawal = fields.Nested(WithdrawalRow, load_default=None)

    @validates_schema
    def _rules(self, data, **kwargs):
        cats = data["categories"].split(";")
        unknown = [c for c in cats if c not in PENALTY_CATEGORIES]
        if unknown:
            raise ValidationError(f"未知的处罚类别：{'、'.join(unknown)}", "categories")
        if "罚款" in cats and data["fine_yuan"] is None:
            raise ValidationError("处罚类别含罚款时必须填写罚款金额", "fine_yuan")
        if data["valid_until"] < data["decided_on"]:
            raise ValidationError("处罚有效期不能早于处罚决定日期", "valid_until")
        if data["party_type"] == "自然人" and not data["id_number"]:
            raise ValidationError("自然人须填写证件号码", "id_number")
        if data["party_type"] != "自然人" and not data["uscc"]:
            raise ValidationError("法人及非法人组织、个体工商户须填写统一社会信用代码", "uscc")


def load(seed_dir: Path, problems: list[str]) -> list[Penalty]:
    """Add the decisions of ``seed_dir/penalties.jsonl`` not yet in the database; bad rows go to ``problems``."""
    path = seed_dir / FILENAME
    if not path.exists():
        return []
    cfg = current_app.config
    known = set(db.session.scalars(select(Penalty.document_number)))
    laws = {law.name: law for law in db.session.scalars(select(Law))}
    items = set(db.session.scalars(select(PowerItem.code)))
    articles = {(a.law_id, a.number) for a in db.session.scalars(select(Article))}
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            where = f"{path.name} 第{line}行"
            try:
                row = PenaltyRow().load(json.loads(text))
            except (ValueError, ValidationError) as err:
                messages = err.messages if isinstance(err, ValidationError) else {"(json)": [str(err)]}
                problems += [
                    f"{where}: 字段 {k}: {'；'.join(map(str, v)) if isinstance(v, list) else v}"
                    for k, v in sorted(messages.items())
                ]
                continue
            law = laws.get(row["law"]) if row["law"] else None
            if row["law"] and law is None:
                problems.append(f"{where}: 字段 law: laws.csv 中没有“{row['law']}”")
            elif (
                law and law.text_available and row["article_number"] and (law.id, row["article_number"]) not in articles
            ):
                problems.append(f"{where}: 字段 article_number: 《{law.name}》没有第{row['article_number']}条")
            elif row["power_code"] and row["power_code"] not in items:
                problems.append(f"{where}: 字段 power_code: 权责清单中没有事项 {row['power_code']}")
            elif row["document_number"] not in known:
                known.add(row["document_number"])
                rows.append((row, law))
    if problems:
        return []
    created = []
    for row, law in rows:
        p = Penalty(
            authority=cfg["HOST_ORG"],
            authority_code=cfg["AUTHORITY_USCC"],
            data_source=cfg["HOST_ORG"],
            data_source_code=cfg["AUTHORITY_USCC"],
            law=law,
            status="draft",
            **{k: v for k, v in row.items() if k not in ("law", "correction", "withdrawal")},
        )
        db.session.add(p)
        db.session.flush()
        # Published two days after the decision (within the 7 working days), at ten in the morning.
        at = dt.datetime.combine(row["decided_on"] + dt.timedelta(days=2), dt.time(10), clock.CST)
        lifecycle.publish(p, at=at)
        if row["correction"]:
            c = row["correction"]
            changes = {k: Decimal(v) if k.endswith("_yuan") else v for k, v in c["changes"].items()}
            lifecycle.correct(p, changes, c["note"], at=c["at"])
        if row["withdrawal"]:
            w = row["withdrawal"]
            lifecycle.withdraw(p, w["event"], w["event_on"], w["reason"], at=w["at"])
        created.append(p)
    if created:
        sample.record_loaded(len(created), FILENAME)  # the seed's decisions are fictional: the banner says so
    return created
