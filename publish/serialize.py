"""Credit records to files: JSON Lines (field codes), CSV and XLSX (Chinese headers), always in field order.

The v2 field set is the default; ``V1`` columns write the older field set (records first mapped with
``format.to_v1``), headed by its field codes, since no Chinese names of the v1 template are confirmed.
"""

from __future__ import annotations

import csv
import io
import json

from .fields import FIELDS, V1_FIELDS

DATE_CODES = ("CF_JDRQ", "CF_YXQ", "CF_GSJZQ")
V2 = tuple((f.code, f.name) for f in FIELDS)
V1 = tuple((code, code) for code, _ in V1_FIELDS)


def _spreadsheet_value(code: str, value: str) -> str:
    # Spreadsheet templates write dates as YYYY/MM/DD (assumed); JSON exchange keeps YYYY-MM-DD.
    return value.replace("-", "/") if code in DATE_CODES and value else value


def jsonl(records, out: io.TextIOBase, columns=V2) -> int:
    """One JSON object a line, keys in field order; returns the count."""
    n = 0
    for record in records:
        out.write(json.dumps({code: record.get(code, "") for code, _ in columns}, ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_file(records, out: io.TextIOBase, columns=V2) -> int:
    """A header row, then the records; UTF-8 with BOM so spreadsheet programs read it."""
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([header for _, header in columns])
    n = 0
    for record in records:
        writer.writerow([_spreadsheet_value(code, record.get(code, "")) for code, _ in columns])
        n += 1
    return n


def xlsx_file(records, path, columns=V2) -> int:
    """The platform's spreadsheet template: headers in row 1, field codes in row 2, then the records."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("行政处罚")
    ws.append([header for _, header in columns])
    ws.append([code for code, _ in columns])
    n = 0
    for record in records:
        ws.append([_spreadsheet_value(code, record.get(code, "")) for code, _ in columns])
        n += 1
    wb.save(path)
    return n
