"""Credit records to files: JSON Lines (field codes), CSV and XLSX (Chinese headers), always in field order."""
from __future__ import annotations

import csv
import io
import json

from .fields import FIELDS

DATE_CODES = ("CF_JDRQ", "CF_YXQ", "CF_GSJZQ")


def _spreadsheet_value(code: str, value: str) -> str:
    # Spreadsheet templates write dates as YYYY/MM/DD (assumed); JSON exchange keeps YYYY-MM-DD.
    return value.replace("-", "/") if code in DATE_CODES and value else value


def jsonl(records, out: io.TextIOBase) -> int:
    """One JSON object a line, keys in field order; returns the count."""
    n = 0
    for record in records:
        out.write(json.dumps({f.code: record.get(f.code, "") for f in FIELDS}, ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_file(records, out: io.TextIOBase) -> int:
    """A header of Chinese names, then the records; UTF-8 with BOM so spreadsheet programs read it."""
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([f.name for f in FIELDS])
    n = 0
    for record in records:
        writer.writerow([_spreadsheet_value(f.code, record.get(f.code, "")) for f in FIELDS])
        n += 1
    return n


def xlsx_file(records, path) -> int:
    """The platform's spreadsheet template: Chinese names in row 1, field codes in row 2, then the records."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("行政处罚")
    ws.append([f.name for f in FIELDS])
    ws.append([f.code for f in FIELDS])
    n = 0
    for record in records:
        ws.append([_spreadsheet_value(f.code, record.get(f.code, "")) for f in FIELDS])
        n += 1
    wb.save(path)
    return n
