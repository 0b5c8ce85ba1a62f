"""`penalties import FILE [--publish]`: decisions given in credit-format field codes (JSON Lines or CSV).

A CSV header may use the field codes or the Chinese names; dates may be YYYY-MM-DD or YYYY/MM/DD; amounts are
in 万元 as the platform's files have them. The file may be UTF-8 (with or without the BOM Excel writes) or GB18030
(which covers GBK/GB2312: what Chinese Excel saves as "CSV"); the encoding used is reported. Beside the CF_ fields a
row may give ``procedure`` (普通程序 or 简易程序; absent: 普通程序) and ``power_code`` (the 权责清单 item, which gives
the field the publicity rules use, and the legal range its amount is checked against: outside a confirmed range the
row is refused, outside an unconfirmed one it is imported with a warning, penalties/ranges.py). Every row is checked
against the same rules as the push; every bad row is reported with its line and the field, and nothing of the file
is written unless every row is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select

from publish import format as credit_format
from publish.fields import BY_CODE, FIELDS

from .. import audit, clock
from ..extensions import db
from ..models import Law, Penalty, PowerItem
from ..numerals import find_articles
from . import credit, lifecycle, ranges

CODE_OF_NAME = {f.name: f.code for f in FIELDS} | {"程序": "procedure", "权责清单事项编码": "power_code"}
# Columns beside the CF_ fields: the portal's own, never sent to the credit platform.
EXTRA = ("procedure", "power_code")
MAX_ROWS = 100_000


class ImportError_(Exception):  # noqa: N801 - "ImportError" is Python's own
    """Every problem of a file, one line each ("file 第N行: CF_X（名称）: reason")."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class UnreadableFile(ImportError_):
    """The file as a whole cannot be read (its encoding): one line says so."""


# (Python codec, the name people know), tried in order. UTF-8 first: a GB18030 reading of UTF-8 bytes rarely
# fails, but a UTF-8 reading of GB18030 text almost always does, so the order decides correctly.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030"))


@dataclass
class Imported:
    decisions: list[Penalty]
    encoding: str  # "UTF-8" or "GB18030"
    warnings: list[str]  # what the items' unconfirmed ranges only warn of, one line each ("file 第N行: …")


# The credit-format code a range finding's field is reported under.
RANGE_CODES = {"fine_yuan": "CF_NR_FK", "categories": "CF_CFLB", "basis": "CF_YJ", "facts": "CF_SY"}


def _law_of(basis: str, laws: list[Law]) -> Law | None:
    return next((law for law in laws if law.full_name in basis or f"《{law.name}》" in basis), None)


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read in, or UnreadableFile."""
    raw = path.read_bytes()
    for codec, name in ENCODINGS:
        try:
            return raw.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        [f"{path.name}: 无法识别文件编码（应为 UTF-8 或 GB18030/GBK），请在 Excel 中另存为“CSV UTF-8”后重新导入"]
    )


def _rows(path: Path, text: str):
    text = text.replace("\x00", "")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        try:
            for line, row in enumerate(reader, start=2):
                yield (
                    line,
                    {
                        CODE_OF_NAME.get((k or "").strip(), (k or "").strip()): (v or "").strip()
                        if isinstance(v, str)
                        else ""
                        for k, v in row.items()
                    },
                )
        except csv.Error as err:  # e.g. a field beyond the csv module's size limit
            yield reader.line_num, ValueError(f"CSV 格式错误：{err}")
    else:
        for line, raw in enumerate(text.splitlines(), start=1):
            if raw.strip():
                try:
                    row = json.loads(raw)
                except ValueError as err:
                    yield line, err
                    continue
                yield line, row if isinstance(row, dict) else ValueError("每行应为一个 JSON 对象")


def _yuan(wanyuan: str) -> Decimal | None:
    if not wanyuan:
        return None
    yuan = Decimal(wanyuan) * 10000
    if yuan != yuan.quantize(Decimal("0.01")):
        raise InvalidOperation
    return yuan.quantize(Decimal("0.01"))


def import_file(path: str, publish: bool = False, today: dt.date | None = None) -> Imported:
    """Import every row or none; returns the new decisions (published when ``publish``) and the file's encoding."""
    path = Path(path)
    text, encoding = read_text(path)
    today = today or clock.today()
    office = credit.office()
    known = set(db.session.scalars(select(Penalty.document_number)))
    laws = list(db.session.scalars(select(Law)))
    items = set(db.session.scalars(select(PowerItem.code)))
    legal = ranges.current()
    problems, good, warned = [], [], []
    for n, (line, row) in enumerate(_rows(path, text)):
        where = f"{path.name} 第{line}行"
        if n >= MAX_ROWS:
            problems.append(f"{path.name}: 超过 {MAX_ROWS} 行，请分文件导入")
            break
        if isinstance(row, Exception):
            problems.append(f"{where}: {row}")
            continue
        record = {f.code: str(row.get(f.code, "") or "").strip() for f in FIELDS}
        for code in ("CF_JDRQ", "CF_YXQ", "CF_GSJZQ"):
            record[code] = record[code].replace("/", "-")
        for code, value in office.items():
            record[code] = record[code] or value
        unknown = sorted(k for k in row if k not in BY_CODE and k not in EXTRA)
        if unknown:
            problems.append(f"{where}: 未知字段 {'、'.join(unknown[:5])}")
        extra = {k: str(row.get(k, "") or "").strip() for k in EXTRA}
        extra["procedure"] = extra["procedure"] or "普通程序"
        if extra["procedure"] not in ("普通程序", "简易程序"):
            problems.append(f"{where}: procedure（程序）: 应为普通程序或简易程序")
        if extra["power_code"] and extra["power_code"] not in items:
            problems.append(f"{where}: power_code（权责清单事项）: 权责清单中没有事项 {extra['power_code']}")
        found = credit_format.problems(record, today)
        problems += [f"{where}: {p}" for p in found]
        if record["CF_WSH"] in known:
            problems.append(f"{where}: CF_WSH（行政处罚决定书文号）: {record['CF_WSH']} 已存在或在文件中重复")
        known.add(record["CF_WSH"])
        if not found:
            try:
                fine, confiscated = _yuan(record["CF_NR_FK"]), _yuan(record["CF_NR_WFFF"])
            except InvalidOperation:
                problems.append(f"{where}: CF_NR_FK/CF_NR_WFFF: 金额换算为元后超过两位小数")
                continue
            # The item's legal range: refuse outside a confirmed one, warn outside an unconfirmed one.
            law, articles = _law_of(record["CF_YJ"], laws), find_articles(record["CF_YJ"])
            findings = ranges.check_decision(
                legal,
                {
                    "power_code": extra["power_code"],
                    "party_type": record["CF_XDR_LB"],
                    "fine_yuan": fine,
                    "categories": record["CF_CFLB"],
                    "basis": record["CF_YJ"],
                    "law": law.name if law else None,
                    "article_number": articles[0] if law and articles else None,
                    "violation": record["CF_WFXW"],
                    "facts": record["CF_SY"],
                },
            )
            for f in findings:
                code = RANGE_CODES[f.field]
                line_text = f"{where}: {code}（{BY_CODE[code].name}）: {f.message}"
                if f.level == "refuse":
                    problems.append(line_text)
                elif f.level == "warn":
                    warned.append(line_text)
            good.append((record, fine, confiscated, extra))
    if problems:
        raise ImportError_(problems)
    created = []
    for record, fine, confiscated, extra in good:
        fields = {f.source: record[f.code] for f in FIELDS if f.source not in ("fine_yuan", "confiscated_yuan")}
        fields.update(
            fine_yuan=fine,
            confiscated_yuan=confiscated,
            decided_on=dt.date.fromisoformat(record["CF_JDRQ"]),
            valid_until=dt.date.fromisoformat(record["CF_YXQ"]),
        )
        fields.pop("publicity_until", None)  # the portal's rules decide the publicity period
        law = _law_of(record["CF_YJ"], laws)
        articles = find_articles(record["CF_YJ"])
        p = Penalty(
            **fields,
            status="draft",
            review_stage="approved" if publish else "draft",
            law=law,
            article_number=articles[0] if law and articles else None,
            procedure=extra["procedure"],
            power_code=extra["power_code"] or None,
        )
        db.session.add(p)
        db.session.flush()
        audit.record("import", "penalty.import", f"penalty:{p.id}", None, lifecycle.snapshot(p))
        if publish:
            lifecycle.publish(p)
        created.append(p)
    db.session.commit()
    return Imported(created, encoding, warned)
