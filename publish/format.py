"""The 双公示 penalty record: built from a plain decision, checked field by field, in v2 or v1 shape.

``build_record`` turns the portal's plain decision dict (its own column names, amounts in yuan as exact decimal
strings, ISO dates) into CF_ fields; ``CreditRecord`` (marshmallow) checks every rule of credit-format.md and
names the field of each problem. Amounts go to the platform in 万元 with six decimals, by exact decimal
arithmetic: 2000 元 → 0.200000.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from .checks import id_number_problem, uscc_problem
from .fields import BY_CODE, CATEGORIES, CODES, FIELDS, ID_TYPES, NO_CODE, PARTY_TYPES, V1_FIELDS

SIX = Decimal("0.000001")
TEN_THOUSAND = Decimal(10000)
PERSON, SOLE_TRADER = "自然人", "个体工商户"
ALT_CODES = ("CF_XDR_GSZC", "CF_XDR_ZZJG", "CF_XDR_SWDJ", "CF_XDR_SYDW", "CF_XDR_SHZZ")


def to_wanyuan(yuan) -> Decimal:
    """Yuan to 万元 with six decimals, exactly (half up at the 7th decimal, i.e. below 0.01 元)."""
    return (Decimal(str(yuan)) / TEN_THOUSAND).quantize(SIX, rounding=ROUND_HALF_UP)


def build_record(decision: dict, office: dict | None = None) -> dict:
    """CF_ fields from a plain decision; ``office`` may supply CF_CFJG/CF_CFJGDM/CF_SJLY/CF_SJLYDM defaults."""
    record = {}
    for f in FIELDS:
        value = decision.get(f.source)
        if value is None or value == "":
            value = (office or {}).get(f.code, "")
        if f.code in ("CF_NR_FK", "CF_NR_WFFF") and value != "":
            value = f"{to_wanyuan(value):f}"
        record[f.code] = value if isinstance(value, str) else str(value)
    return record


def _text(code: str, required: bool = False):
    max_len = BY_CODE[code].max_len
    length = validate.Length(
        min=1 if required else 0,
        max=max_len,
        error=f"必填，不能超过{max_len}个字符" if required else f"不能超过{max_len}个字符",
    )
    if required:
        return fields.String(required=True, validate=length, error_messages={"required": "必填"})
    return fields.String(load_default="", validate=length)


def _date(value: str, code: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError("日期格式应为 YYYY-MM-DD", code) from None


class CreditRecord(Schema):
    """One v2 record; ``today`` (the upload date) bounds CF_JDRQ."""

    class Meta:
        unknown = EXCLUDE

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()

    CF_XDR_MC = _text("CF_XDR_MC", True)
    CF_XDR_LB = fields.String(
        required=True, validate=validate.OneOf(PARTY_TYPES, error="应为法人及非法人组织、自然人或个体工商户")
    )
    CF_XDR_SHXYM = _text("CF_XDR_SHXYM")
    CF_XDR_GSZC = _text("CF_XDR_GSZC")
    CF_XDR_ZZJG = _text("CF_XDR_ZZJG")
    CF_XDR_SWDJ = _text("CF_XDR_SWDJ")
    CF_XDR_SYDW = _text("CF_XDR_SYDW")
    CF_XDR_SHZZ = _text("CF_XDR_SHZZ")
    CF_FRDB = _text("CF_FRDB")
    CF_FR_ZJLX = _text("CF_FR_ZJLX")
    CF_FR_ZJHM = _text("CF_FR_ZJHM")
    CF_XDR_ZJLX = _text("CF_XDR_ZJLX")
    CF_XDR_ZJHM = _text("CF_XDR_ZJHM")
    CF_WSH = _text("CF_WSH", True)
    CF_WFXW = _text("CF_WFXW", True)
    CF_SY = _text("CF_SY", True)
    CF_YJ = _text("CF_YJ", True)
    CF_CFLB = _text("CF_CFLB", True)
    CF_NR = _text("CF_NR", True)
    CF_NR_FK = fields.String(load_default="")
    CF_NR_WFFF = fields.String(load_default="")
    CF_NR_ZKDX = _text("CF_NR_ZKDX")
    CF_JDRQ = fields.String(required=True)
    CF_YXQ = fields.String(required=True)
    CF_GSJZQ = fields.String(load_default="")
    CF_CFJG = _text("CF_CFJG", True)
    CF_CFJGDM = fields.String(required=True)
    CF_SJLY = _text("CF_SJLY", True)
    CF_SJLYDM = fields.String(required=True)
    BZ = _text("BZ")

    @validates_schema(skip_on_field_errors=False)
    def _rules(self, data: dict, **kwargs) -> None:
        errors: dict[str, list[str]] = {}

        def fail(code: str, message: str) -> None:
            errors.setdefault(code, []).append(message)

        kind = data.get("CF_XDR_LB")
        code = data.get("CF_XDR_SHXYM", "")
        if kind == PERSON:
            for c in ("CF_XDR_SHXYM", "CF_FRDB"):
                if data.get(c):
                    fail(c, "自然人不填")
            if data.get("CF_XDR_ZJLX", "") not in ID_TYPES:
                fail("CF_XDR_ZJLX", f"自然人必填，应为{'、'.join(ID_TYPES)}之一")
            number = data.get("CF_XDR_ZJHM", "")
            if not number:
                fail("CF_XDR_ZJHM", "自然人必填")
            elif data.get("CF_XDR_ZJLX") == "身份证" and (problem := id_number_problem(number)):
                fail("CF_XDR_ZJHM", problem)
        elif kind in PARTY_TYPES:
            if not code:
                fail("CF_XDR_SHXYM", "法人及非法人组织、个体工商户必填（无代码的填 00000000000000000X）")
            elif code == NO_CODE:
                if not any(data.get(c) for c in ALT_CODES):
                    fail("CF_XDR_SHXYM", "填 00000000000000000X 时须填写行政相对人代码_2至_6之一")
            elif problem := uscc_problem(code):
                fail("CF_XDR_SHXYM", problem)
            if not data.get("CF_FRDB"):
                fail("CF_FRDB", "法人及非法人组织、个体工商户必填（个体工商户填经营者）")
            for c in ("CF_XDR_ZJLX", "CF_XDR_ZJHM"):
                if data.get(c):
                    fail(c, "仅自然人填写")
        cats = [c for c in data.get("CF_CFLB", "").split(";") if c]
        unknown = [c for c in cats if c not in CATEGORIES]
        if unknown:
            fail("CF_CFLB", f"未知的处罚类别：{'、'.join(unknown)}")
        if "CF_CFLB" in data and not cats:
            fail("CF_CFLB", "必填")
        for amount_code, needed in (("CF_NR_FK", {"罚款"}), ("CF_NR_WFFF", {"没收违法所得", "没收非法财物"})):
            value = data.get(amount_code, "")
            if needed & set(cats) and not value:
                fail(amount_code, f"处罚类别含{'或'.join(sorted(needed))}时必填")
            if value:
                try:
                    amount = Decimal(value)
                    if amount < 0 or amount != amount.quantize(SIX) or amount >= Decimal("1e12"):
                        raise InvalidOperation
                except InvalidOperation:
                    fail(amount_code, "应为不小于0、最多6位小数的数（单位：万元）")
        if {"暂扣许可证件", "吊销许可证件"} & set(cats) and not data.get("CF_NR_ZKDX"):
            fail("CF_NR_ZKDX", "处罚类别含暂扣或吊销许可证件时必填")
        dates = {}
        for c in ("CF_JDRQ", "CF_YXQ", "CF_GSJZQ"):
            if data.get(c):
                try:
                    dates[c] = _date(data[c], c)
                except ValidationError as err:
                    fail(c, err.messages[0])
        if "CF_JDRQ" in dates and dates["CF_JDRQ"] > self.today:
            fail("CF_JDRQ", "处罚决定日期不能晚于上报日期")
        if "CF_JDRQ" in dates and "CF_YXQ" in dates and dates["CF_YXQ"] < dates["CF_JDRQ"]:
            fail("CF_YXQ", "处罚有效期不能早于处罚决定日期")
        for c in ("CF_CFJGDM", "CF_SJLYDM"):
            value = data.get(c, "")
            if not value:
                fail(c, "必填（在配置中设置本机关的统一社会信用代码）")
            elif problem := uscc_problem(value):
                fail(c, problem)
            elif c == "CF_CFJGDM" and not value.startswith("11"):
                fail(c, "机关的统一社会信用代码应以11开头")
        if errors:
            raise ValidationError(errors)


_schemas: dict[dt.date | None, CreditRecord] = {}


def problems(record: dict, today: dt.date | None = None) -> list[str]:
    """Every problem of a record as "CF_CODE（名称）: reason", in field order; [] when it is valid."""
    schema = _schemas.get(today)
    if schema is None:  # building a schema costs more than using it: one per upload date
        schema = _schemas[today] = CreditRecord(today=today)
    try:
        schema.load(record)
        return []
    except ValidationError as err:
        messages = err.messages if isinstance(err.messages, dict) else {"_schema": err.messages}
        out = []
        for code in [*CODES, *sorted(set(messages) - set(CODES))]:
            for message in messages.get(code, []):
                name = BY_CODE[code].name if code in BY_CODE else code
                out.append(f"{code}（{name}）: {message if isinstance(message, str) else message}")
        return out


def to_v1(record: dict) -> dict:
    """The same record in the older v1 field set (amount fields and codes without a v1 home are dropped)."""
    out = {v1: record.get(v2, "") if v2 else "" for v1, v2 in V1_FIELDS}
    cats = record.get("CF_CFLB", "").split(";")
    out["CF_CFLB1"], out["CF_CFLB2"] = cats[0], ";".join(cats[1:])
    out["CF_ZT"] = "0"  # 正常
    return out
