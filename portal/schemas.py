"""marshmallow at the HTTP edge: the shared way query-string arguments are loaded and their errors reported.

Each feature keeps its own schemas (``powers/schemas.py``, ``penalties/schemas.py``); what they share is here:
the query-length and page-size rules, and turning a ``ValidationError`` into a 400 that names the field.
"""

from __future__ import annotations

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates


def check_query_length(value: str) -> None:
    """A query longer than PORTAL_MAX_QUERY_CHARS is refused (a 400, not a slow search)."""
    limit = current_app.config["MAX_QUERY_CHARS"]
    if len(value) > limit:
        raise ValidationError(f"查询词过长（最多 {limit} 个字符）")


def check_per_page(value) -> None:
    """``per_page`` between 1 and PORTAL_MAX_PER_PAGE."""
    if value is not None and not 1 <= value <= current_app.config["MAX_PER_PAGE"]:
        raise ValidationError(f"每页条数应在 1 到 {current_app.config['MAX_PER_PAGE']} 之间")


class ListArgs(Schema):
    """What every searchable list takes: ``q``, ``page`` and ``per_page``; unknown parameters are ignored."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000, error="页码无效"))
    per_page = fields.Integer(load_default=None)

    @validates("q")
    def _q_length(self, value: str, **kwargs) -> None:
        check_query_length(value)

    @validates("per_page")
    def _per_page(self, value, **kwargs) -> None:
        check_per_page(value)


def load(schema: Schema, args, labels: dict) -> dict:
    """``args`` loaded by ``schema``; the first error becomes a 400 naming the field by its Chinese label."""
    from .errors import PortalError

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
