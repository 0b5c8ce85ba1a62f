"""Tabular downloads: the same columns as CSV and as XLSX, streamed so that 100,000 rows fit in bounded memory
(and the JSON bulk, written one row at a time).

A table is a sequence of ``Column``s (key, Chinese header, kind) and an iterable of plain dicts (public views or
statistics rows). CSV cells are text (dates ISO, money with two decimals, lists joined by ";"); XLSX cells are
typed (dates are dates, amounts and counts are numbers) and written by openpyxl in ``write_only`` mode, which
flushes rows to a temporary file instead of holding the sheet in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from flask import Response, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

KINDS = ("text", "date", "money", "int", "list")
CHUNK = 64 * 1024
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # one of KINDS


def csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "list":
        return ";".join(map(str, value))
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_value(value, kind: str):
    """A cell value of the right type: date, Decimal (a number in the sheet), int, or text without the control
    characters XML cannot carry."""
    if value is None or value == "":
        return None
    if kind == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if kind == "money":
        return Decimal(str(value))
    if kind == "int":
        return int(value)
    if kind == "list":
        value = "；".join(map(str, value))
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "int": "0"}


def json_lines(total: int, rows: Iterable[dict]) -> Iterator[str]:
    """``{"count": n, "items": [...]}`` written one row at a time."""
    yield f'{{"count": {total}, "items": ['
    for n, row in enumerate(rows):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def json_response(total: int, rows: Iterable[dict], filename: str) -> Response:
    """A streamed JSON bulk download (the rows are read while the response is sent)."""
    body = stream_with_context(json_lines(total, rows))
    return Response(body, mimetype="application/json", headers=_disposition(filename))


def _disposition(filename: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def csv_lines(columns: tuple[Column, ...], rows: Iterable[dict]) -> Iterator[str]:
    """The CSV text in pieces: a BOM (so spreadsheet programs read the Chinese as UTF-8), the headers, the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([c.header for c in columns])
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(row.get(c.key), c.kind) for c in columns])
        if n % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_response(columns: tuple[Column, ...], rows: Iterable[dict], filename: str, headers: dict | None = None):
    """A streamed CSV download (the rows are read while the response is sent)."""
    body = stream_with_context(csv_lines(columns, rows))
    return Response(body, mimetype="text/csv", headers={**_disposition(filename), **(headers or {})})


@dataclass
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[dict]


def write_xlsx(sheets: list[Sheet], out, notes: list[tuple[str, str]] = ()) -> None:
    """Write a workbook in write-only mode: bold Chinese headers on row 1, typed cells, then a 说明 sheet."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.freeze_panes = "A2"
        header = []
        for c in sheet.columns:
            cell = WriteOnlyCell(ws, value=c.header)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells = []
            for c in sheet.columns:
                value = xlsx_value(row.get(c.key), c.kind)
                if c.kind in FORMATS and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = FORMATS[c.kind]
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
    if notes:
        ws = wb.create_sheet("说明")
        for key, value in notes:
            ws.append([key, ILLEGAL_CHARACTERS_RE.sub("", value)])
    wb.save(out)


def xlsx_response(sheets: list[Sheet], filename: str, notes=(), headers: dict | None = None) -> Response:
    """The workbook is built in a temporary file (bounded memory) and sent from it in chunks."""
    tmp = tempfile.TemporaryFile()
    write_xlsx(sheets, tmp, notes)
    size = tmp.tell()
    tmp.seek(0)

    def chunks():
        try:
            while block := tmp.read(CHUNK):
                yield block
        finally:
            tmp.close()

    resp = Response(chunks(), mimetype=XLSX_MIME, headers={**_disposition(filename), **(headers or {})})
    resp.content_length = size
    return resp


def table_response(fmt: str, columns: tuple[Column, ...], rows: list[dict], filename: str, sheet: str, notes=()):
    """One table as CSV (``fmt`` "csv") or as an XLSX workbook with one sheet and its notes."""
    if fmt == "csv":
        return csv_response(columns, rows, filename)
    return xlsx_response([Sheet(sheet, columns, rows)], filename, notes)
