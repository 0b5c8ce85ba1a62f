"""marshmallow schemas at the HTTP edge: query-string arguments in, and their errors as PortalError."""
from __future__ import annotations

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates

from .errors import PortalError
from .models import CATEGORIES, PARTY_TYPES, PENALTY_CATEGORIES
from .penalties import PenaltyFilters
from .search import SearchParams


class PowerSearchArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES, error="未知的事项类型"))
    department = fields.String(load_default=None, validate=validate.Length(max=100))
    law = fields.String(load_default=None, validate=validate.Length(max=100))
    article = fields.Integer(load_default=None, validate=validate.Range(min=1, max=9999, error="条文序号无效"))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000, error="页码无效"))
    per_page = fields.Integer(load_default=None)

    @validates("q")
    def _q_length(self, value: str, **kwargs) -> None:
        limit = current_app.config["MAX_QUERY_CHARS"]
        if len(value) > limit:
            raise ValidationError(f"查询词过长（最多 {limit} 个字符）")

    @validates("per_page")
    def _per_page(self, value, **kwargs) -> None:
        if value is not None and not 1 <= value <= current_app.config["MAX_PER_PAGE"]:
            raise ValidationError(f"每页条数应在 1 到 {current_app.config['MAX_PER_PAGE']} 之间")


_LABELS = {"q": "查询词", "category": "事项类型", "department": "承办机构", "law": "法律", "article": "条文",
           "page": "页码", "per_page": "每页条数"}


def _load(schema: Schema, args, labels: dict) -> dict:
    # Empty parameters (category=) mean "not set", as a form with an empty select submits them.
    cleaned = {k: v for k, v in args.items() if v != "" or k == "q"}
    try:
        return schema.load(cleaned)
    except ValidationError as err:
        field, messages = sorted(err.messages.items())[0]
        message = messages[0] if isinstance(messages, list) else str(messages)
        if message == "Not a valid integer.":
            message = "应为整数"
        raise PortalError("bad_request", f"参数“{labels.get(field, field)}”无效：{message}", 400) from err


def load_search_args(args) -> SearchParams:
    """Validate the query string of /powers and /api/v1/powers; a bad value is a 400 naming the field."""
    data = _load(PowerSearchArgs(), args, _LABELS)
    data["per_page"] = data["per_page"] or current_app.config["PER_PAGE"]
    return SearchParams(**data)


class PenaltyArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    year = fields.Integer(load_default=None, validate=validate.Range(min=1990, max=2100, error="年份无效"))
    category = fields.String(load_default=None, validate=validate.OneOf(PENALTY_CATEGORIES, error="未知的处罚类别"))
    party_type = fields.String(load_default=None, validate=validate.OneOf(PARTY_TYPES, error="未知的当事人类别"))
    law = fields.String(load_default=None, validate=validate.Length(max=100))
    item = fields.String(load_default=None, validate=validate.Length(max=40))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000, error="页码无效"))
    per_page = fields.Integer(load_default=None)

    _q_length = PowerSearchArgs._q_length
    _per_page = PowerSearchArgs._per_page


_PENALTY_LABELS = {"q": "查询词", "year": "年份", "category": "处罚类别", "party_type": "当事人类别", "law": "法律",
                   "item": "权责清单事项", "page": "页码", "per_page": "每页条数"}


def load_penalty_args(args) -> PenaltyFilters:
    """Validate the filters of /penalties, its feeds, downloads and API; a bad value is a 400 naming it."""
    data = _load(PenaltyArgs(), args, _PENALTY_LABELS)
    data["power_code"] = data.pop("item")
    data["per_page"] = data["per_page"] or 20
    return PenaltyFilters(**data)
