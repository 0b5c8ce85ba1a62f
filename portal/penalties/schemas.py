"""Query-string arguments of the penalty list, its feeds, downloads and API."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models import PARTY_TYPES, PENALTY_CATEGORIES
from ..schemas import ListArgs, load
from .disclosure import PenaltyFilters


class PenaltyArgs(ListArgs):
    year = fields.Integer(load_default=None, validate=validate.Range(min=1990, max=2100, error="年份无效"))
    category = fields.String(load_default=None, validate=validate.OneOf(PENALTY_CATEGORIES, error="未知的处罚类别"))
    party_type = fields.String(load_default=None, validate=validate.OneOf(PARTY_TYPES, error="未知的当事人类别"))
    law = fields.String(load_default=None, validate=validate.Length(max=100))
    item = fields.String(load_default=None, validate=validate.Length(max=40))


LABELS = {
    "q": "查询词",
    "year": "年份",
    "category": "处罚类别",
    "party_type": "当事人类别",
    "law": "法律",
    "item": "权责清单事项",
    "page": "页码",
    "per_page": "每页条数",
}


def load_penalty_args(args) -> PenaltyFilters:
    """Validate the filters of /penalties, its feeds, downloads and API; a bad value is a 400 naming it."""
    data = load(PenaltyArgs(), args, LABELS)
    data["power_code"] = data.pop("item")
    data["per_page"] = data["per_page"] or 20
    return PenaltyFilters(**data)
