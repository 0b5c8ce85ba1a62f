"""普法 figures of a year (宣传资料份数, 法律咨询人次, 律师值班次数, 律师坐班次数) as the office reports them:
entered by staff on a form or from a CSV/XLSX table (年度,项目,数量), validated, audited, shown in /reports/<year>.

A figure entered for a year and kind is the report's figure; a kind not entered for a year is the sum of the
recorded 普法 activities (the seed's). Any bad row stops the whole file; nothing is written.
"""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import func, select

from .. import audit, clock, permissions
from ..errors import PortalError
from ..extensions import db
from ..models import LEGAL_EDUCATION_KINDS, LegalEducationYear
from ..schemas import parse_int
from .pools import decode_csv

COLUMNS = ("年度", "项目", "数量")
MAX_QUANTITY = 10_000_000
FIRST_YEAR = 1990

# The names a person may write in the 项目 column: the key, the report's label, or the office's own wording.
NAMES = {
    **{key: key for key in LEGAL_EDUCATION_KINDS},
    **{label: key for key, label in LEGAL_EDUCATION_KINDS.items()},
    "宣传资料份数": "leaflets",
    "普法宣传资料份数": "leaflets",
    "法律咨询人次": "consultations",
    "律师值班次数": "lawyer_duty",
    "律师坐班次数": "lawyer_office",
}


def _actor(user) -> str:
    return getattr(user, "username", None) or "system"


def entered(year: int) -> dict[str, int]:
    """The figures staff entered for ``year`` (kind → quantity)."""
    rows = db.session.execute(
        select(LegalEducationYear.kind, LegalEducationYear.quantity).where(LegalEducationYear.year == year)
    )
    return {kind: quantity for kind, quantity in rows}


def quantity_problem(raw) -> str | None:
    """Why ``raw`` is not a count (a non-negative integer in ASCII digits, or an integral spreadsheet number)."""
    if isinstance(raw, bool):
        return "应为非负整数"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        return None if 0 <= raw <= MAX_QUANTITY else f"应在 0 到 {MAX_QUANTITY} 之间"
    try:
        parse_int(str(raw or "").strip(), 0, MAX_QUANTITY)
    except ValueError:
        return f"应为 0 到 {MAX_QUANTITY} 之间的整数（只用半角数字）"
    return None


def _count(raw) -> int:
    return int(raw) if isinstance(raw, int | float) else int(str(raw).strip())


def year_problem(raw) -> str | None:
    last = clock.today().year
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    try:
        value = raw if isinstance(raw, int) and not isinstance(raw, bool) else parse_int(str(raw or "").strip())
    except ValueError:
        return "应为四位数字年份"
    return None if FIRST_YEAR <= value <= last else f"应在 {FIRST_YEAR} 到 {last} 年之间"


def set_figures(year: int, figures: dict[str, object], user) -> dict[str, int]:
    """Enter a year's figures (kind → count as typed); each kind given replaces that year's earlier figure.
    Returns the figures written. A bad year, kind or count raises a 400 naming every problem; nothing written."""
    permissions.require(user, "inspection.education")
    problems = []
    if (p := year_problem(year)) is not None:
        problems.append(f"年度：{p}")
    for kind, raw in figures.items():
        if kind not in LEGAL_EDUCATION_KINDS:
            problems.append(f"项目“{kind}”：不是已知的普法项目（可填 {'、'.join(LEGAL_EDUCATION_KINDS.values())}）")
        elif (p := quantity_problem(raw)) is not None:
            problems.append(f"{LEGAL_EDUCATION_KINDS[kind]}：{p}")
    if not figures:
        problems.append("没有填写任何数字")
    if problems:
        raise PortalError("invalid", "；".join(problems), 400)
    year = _count(year)
    values = {kind: _count(raw) for kind, raw in figures.items()}
    before = entered(year)
    for kind, value in values.items():
        row = db.session.scalar(
            select(LegalEducationYear).where(LegalEducationYear.year == year, LegalEducationYear.kind == kind)
        )
        if row is None:
            db.session.add(LegalEducationYear(year=year, kind=kind, quantity=value, updated_at=clock.utc()))
        else:
            row.quantity, row.updated_at = value, clock.utc()
    db.session.flush()
    audit.record(_actor(user), "inspection.education", f"legal_education:{year}", before or None, entered(year))
    return values


def _table_rows(raw: bytes) -> list[tuple[int, list]]:
    """(line number, cells) of a CSV (UTF-8 or GB18030) or the first sheet of an XLSX, header included."""
    if raw[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise PortalError("invalid", "XLSX 文件无法读取：请用 Excel 另存为 .xlsx 或 CSV 后重新上传", 400) from None
        rows = [(n, list(r)) for n, r in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        book.close()
        return rows
    try:
        return list(enumerate(csv.reader(io.StringIO(decode_csv(raw).replace("\x00", ""))), start=1))
    except csv.Error as err:
        raise PortalError("invalid", f"CSV 格式错误：{err}", 400) from None


def import_table(raw: bytes, user) -> dict[int, dict[str, int]]:
    """Import a table with the columns 年度,项目,数量 (one row per year and kind): all rows or none.

    Every problem is reported as 第N行 字段“…”：…; a kind given twice for one year is a problem too.
    """
    permissions.require(user, "inspection.education")
    rows = [(n, cells) for n, cells in _table_rows(raw) if any(c not in (None, "") for c in cells)]
    if not rows:
        raise PortalError("invalid", "文件中没有数据", 400)
    header = [str(c or "").strip() for c in rows[0][1]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PortalError("invalid", f"缺少列：{'、'.join(missing)}（第1行应为 {','.join(COLUMNS)}）", 400)
    at = {name: header.index(name) for name in COLUMNS}
    errors, years, seen = [], {}, {}
    for line, cells in rows[1:]:
        cells = cells + [None] * (len(header) - len(cells))
        year, name, count = (cells[at[c]] for c in COLUMNS)
        kind = NAMES.get(str(name or "").strip())
        if (p := year_problem(year)) is not None:
            errors.append(f"第{line}行 字段“年度”：{p}")
        if kind is None:
            errors.append(f"第{line}行 字段“项目”：“{str(name or '')[:40]}”不是已知的普法项目")
        if (p := quantity_problem(count)) is not None:
            errors.append(f"第{line}行 字段“数量”：{p}")
        if kind is None or year_problem(year) is not None or quantity_problem(count) is not None:
            continue
        key = (_count(year), kind)
        if key in seen:
            errors.append(f"第{line}行：{key[0]}年的“{LEGAL_EDUCATION_KINDS[kind]}”与第{seen[key]}行重复")
            continue
        seen[key] = line
        years.setdefault(key[0], {})[kind] = _count(count)
    if errors:
        raise PortalError("invalid", "导入失败，未写入任何数据。" + "；".join(errors[:50]), 400)
    if not years:
        raise PortalError("invalid", "文件中没有数据行", 400)
    return {year: set_figures(year, figures, user) for year, figures in sorted(years.items())}


def figures(year: int, activities: dict[str, int]) -> dict[str, int]:
    """The report's 普法 figures: what staff entered for the year, else the sum of the recorded activities."""
    return {**activities, **entered(year)}


def years_entered() -> list[int]:
    return list(db.session.scalars(select(func.distinct(LegalEducationYear.year)).order_by(LegalEducationYear.year)))
