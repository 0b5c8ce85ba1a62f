"""Query-string arguments of the 权责清单 search (/powers and /api/v1/powers)."""

from __future__ import annotations

from flask import current_app
from marshmallow import fields, validate

from ..models import CATEGORIES
from ..schemas import Int, ListArgs, load
from ..search import SearchParams


class PowerSearchArgs(ListArgs):
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES, error="未知的事项类型"))
    department = fields.String(load_default=None, validate=validate.Length(max=100))
    law = fields.String(load_default=None, validate=validate.Length(max=100))
    article = Int(1, 9999, "条文序号无效", load_default=None)


LABELS = {
    "q": "查询词",
    "category": "事项类型",
    "department": "承办机构",
    "law": "法律",
    "article": "条文",
    "page": "页码",
    "per_page": "每页条数",
}


def load_search_args(args) -> SearchParams:
    """Validate the query string of /powers and /api/v1/powers; a bad value is a 400 naming the field."""
    data = load(PowerSearchArgs(), args, LABELS)
    data["per_page"] = data["per_page"] or current_app.config["PER_PAGE"]
    return SearchParams(**data)
