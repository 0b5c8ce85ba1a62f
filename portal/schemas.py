"""marshmallow at the HTTP edge: the shared way query-string arguments are loaded and their errors reported.

Each feature keeps its own schemas (``powers/schemas.py``, ``penalties/schemas.py``); what they share is here:
the query-length and page-size rules, turning a ``ValidationError`` into a 400 that names the field, and the
one integer parser (``parse_int``) behind every integer query parameter (the ``Int`` field) and every integer
path segment (``IntConverter``, installed as Flask's ``int`` converter).

Python's ``int()``, ``str.isdigit()`` and the ``\\d`` of regular expressions all take digits of other scripts
(``٣``, ``３``) and ``isdigit()`` even ``²`` and ``①``, which ``int()`` then refuses; and a 5,000-digit
number costs time and overflows the database's integers. ``parse_int`` takes ASCII digits only, at most as
many as its maximum has, within a bounded range.
"""

from __future__ import annotations

import re

from flask import current_app
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validates
from werkzeug.routing import BaseConverter
from werkzeug.routing import ValidationError as RouteMismatch

_ASCII_DIGITS = re.compile(r"[0-9]+")
# PostgreSQL's INTEGER, the type of every id column: a larger path id can name no row.
MAX_ID = 2**31 - 1


def parse_int(raw: str, minimum: int = 0, maximum: int = MAX_ID) -> int:
    """``raw`` as an int when it is ASCII digits only (no sign, space or other script) within [minimum, maximum].

    Raises ValueError otherwise; the length is checked before conversion, so a huge input costs nothing.
    """
    if not isinstance(raw, str) or len(raw) > len(str(maximum)) or not _ASCII_DIGITS.fullmatch(raw):
        raise ValueError(f"not an integer between {minimum} and {maximum}: {raw!r:.40}")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise ValueError(f"not an integer between {minimum} and {maximum}: {raw!r:.40}")
    return value


class Int(fields.Integer):
    """A bounded integer query parameter read by ``parse_int``; anything else is a 400 saying the range."""

    def __init__(self, minimum: int, maximum: int, error: str | None = None, **kwargs):
        super().__init__(strict=False, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.range_error = error or f"应为 {minimum} 到 {maximum} 之间的整数"

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationError(self.range_error)
        try:
            return parse_int(str(value), self.minimum, self.maximum)
        except ValueError:
            raise ValidationError(self.range_error) from None


class IntConverter(BaseConverter):
    """``<int:…>`` in every route: ASCII digits only, at most ``MAX_ID``; anything else matches no route (404)."""

    regex = r"[0-9]{1,10}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        try:
            return parse_int(value, 0, MAX_ID)
        except ValueError:
            raise RouteMismatch() from None

    def to_url(self, value) -> str:
        return str(int(value))


def check_query_length(value: str) -> None:
    """A query longer than PORTAL_MAX_QUERY_CHARS is refused (a 400, not a slow search)."""
    limit = current_app.config["MAX_QUERY_CHARS"]
    if len(value) > limit:
        raise ValidationError(f"查询词过长（最多 {limit} 个字符）")


def check_per_page(value) -> None:
    """``per_page`` between 1 and PORTAL_MAX_PER_PAGE."""
    if value is not None and not 1 <= value <= current_app.config["MAX_PER_PAGE"]:
        raise ValidationError(f"每页条数应在 1 到 {current_app.config['MAX_PER_PAGE']} 之间")


MAX_PAGE = 100_000


class ListArgs(Schema):
    """What every searchable list takes: ``q``, ``page`` and ``per_page``; unknown parameters are ignored."""

    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="")
    page = Int(1, MAX_PAGE, "页码无效", load_default=1)
    per_page = Int(1, 1_000_000, "每页条数无效", load_default=None)

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
        data = schema.load(cleaned)
        # NUL is in no stored text and PostgreSQL refuses it in a query parameter: a text filter drops it, as q
        # drops control characters (a schema-valid value is not an error); a number with one stays a 400.
        return {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in data.items()}
    except ValidationError as err:
        field, messages = sorted(err.messages.items())[0]
        message = messages[0] if isinstance(messages, list) else str(messages)
        raise PortalError("bad_request", f"参数“{labels.get(field, field)}”无效：{message}", 400) from err
