"""Query-string arguments of the penalty list, its feeds, downloads and API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..models import PARTY_TYPES, PENALTY_CATEGORIES
from ..schemas import Int, ListArgs, load
from .disclosure import CHANGES_PAGE, PenaltyFilters


class PenaltyArgs(ListArgs):
    year = Int(1990, 2100, "年份无效", load_default=None)
    category = fields.String(load_default=None, validate=validate.OneOf(PENALTY_CATEGORIES, error="未知的处罚类别"))
    party_type = fields.String(load_default=None, validate=validate.OneOf(PARTY_TYPES, error="未知的当事人类别"))
    law = fields.String(load_default=None, validate=validate.Length(max=100))
    item = fields.String(load_default=None, validate=validate.Length(max=40))
    after = fields.String(load_default=None, validate=validate.Length(max=60))


LABELS = {
    "q": "查询词",
    "year": "年份",
    "category": "处罚类别",
    "party_type": "当事人类别",
    "law": "法律",
    "item": "权责清单事项",
    "page": "页码",
    "per_page": "每页条数",
    "after": "游标",
}


def load_penalty_args(args) -> PenaltyFilters:
    """Validate the filters of /penalties, its feeds, downloads and API; a bad value is a 400 naming it."""
    data = load(PenaltyArgs(), args, LABELS)
    data["power_code"] = data.pop("item")
    for key in ("law", "power_code"):  # plain text compared with stored names: control characters can't match
        if data[key]:
            data[key] = "".join(ch for ch in data[key] if ch.isprintable() or ch == " ")
    data["per_page"] = data["per_page"] or 20
    return PenaltyFilters(**data)


# The change log's cursor: the ``next`` of the previous answer (a sequence number, at most 18 digits).
MAX_SINCE = 10**18 - 1


class ChangeArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    since = Int(0, MAX_SINCE, "应为上次返回的 next 值（非负整数，最多18位）", load_default=0)
    after = Int(0, MAX_SINCE, "应为上次返回的 next 值（非负整数，最多18位）", load_default=None)
    limit = Int(1, CHANGES_PAGE, f"应在 1 到 {CHANGES_PAGE} 之间", load_default=CHANGES_PAGE)


def load_change_args(args) -> dict:
    """``since`` and ``limit`` of /api/v1/changes; a bad value is a 400 naming it."""
    return load(ChangeArgs(), args, {"since": "since", "after": "after", "limit": "limit"})
