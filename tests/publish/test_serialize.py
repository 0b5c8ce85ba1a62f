"""Files for the platform: JSON Lines by field code, CSV and XLSX with the Chinese headers, in field order."""

import io
import json

from openpyxl import load_workbook

from publish import serialize
from publish.fields import CODES, FIELDS
from tests.publish.test_format import COMPANY, record

RECORDS = [record(), record(COMPANY)]


def test_json_lines_keep_field_order():
    out = io.StringIO()
    assert serialize.jsonl(RECORDS, out) == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [list(line) for line in lines] == [list(CODES)] * 2 and lines[0]["CF_JDRQ"] == "2026-11-10"


def test_csv_has_chinese_headers_and_slash_dates():
    out = io.StringIO()
    serialize.csv_file(RECORDS, out)
    text = out.getvalue()
    assert text.startswith("\ufeff行政相对人名称,行政相对人类别,")
    assert "2026/11/10" in text and "2026-11-10" not in text


def test_xlsx_template(tmp_path):
    path = tmp_path / "out.xlsx"
    assert serialize.xlsx_file(RECORDS, path) == 2
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == [f.name for f in FIELDS] and list(rows[1]) == list(CODES)
    assert rows[3][0] == COMPANY["party_name"] and len(rows) == 4


def test_the_v1_field_set_is_written_in_its_own_order():
    from publish.format import to_v1

    out = io.StringIO()
    serialize.jsonl([to_v1(r) for r in RECORDS], out, serialize.V1)
    first = json.loads(out.getvalue().splitlines()[0])
    assert list(first)[:3] == ["CF_WSH", "CF_CFMC", "CF_CFLB1"] and first["CF_CFLB1"] == "罚款"
