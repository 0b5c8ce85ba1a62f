"""Working-day deadlines (行政处罚法 art. 85: "三日" are working days): publication within 7 working days of
the decision (双公示 practice), withdrawal within 3 working days of the event (art. 48), inspection results
within 20 working days of the inspection; 整改 deadlines are counted with ``add_working_days`` too.

Weekends are not working days unless the calendar lists them as adjusted working days (调休); statutory
holidays come from the calendar file (seed_data/holidays.csv: date,kind[,note] with kind 休 or 班), filled from
the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知). Nothing is assumed about a year the file
does not list: deadlines there count weekends only, and ``Calendar.covers`` lets pages say so.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

PUBLISH_WITHIN = 7
WITHDRAW_WITHIN = 3
# Inspection results: within 20 working days of the inspection (政府信息公开条例 第二十六条, reference text).
INSPECTION_RESULT_WITHIN = 20


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset = field(default_factory=frozenset)
    workdays: frozenset = field(default_factory=frozenset)  # weekend days worked instead (调休)

    def covers(self, day: dt.date) -> bool:
        """Whether the calendar lists that day's year (a year with no entry has not been filled in)."""
        return any(d.year == day.year for d in self.holidays | self.workdays)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    @classmethod
    def load(cls, path: str | Path) -> Calendar:
        """Read date,kind rows (kind 休 = holiday, 班 = working day); a missing file is an empty calendar."""
        holidays, workdays = set(), set()
        path = Path(path)
        if not path.exists():
            return cls()
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    day = dt.date.fromisoformat((row.get("date") or "").strip())
                except ValueError:
                    raise ValueError(f"{path.name} 第{line}行: 字段 date: 日期格式应为 YYYY-MM-DD") from None
                kind = (row.get("kind") or "").strip()
                if kind not in ("休", "班"):
                    raise ValueError(f"{path.name} 第{line}行: 字段 kind: 应为 休 或 班")
                (holidays if kind == "休" else workdays).add(day)
        return cls(frozenset(holidays), frozenset(workdays))


def add_working_days(start: dt.date, days: int, calendar: Calendar) -> dt.date:
    """The date ``days`` working days after ``start`` (the start day itself does not count)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def publication_due(decided_on: dt.date, calendar: Calendar) -> dt.date:
    return add_working_days(decided_on, PUBLISH_WITHIN, calendar)


def withdrawal_due(event_on: dt.date, calendar: Calendar) -> dt.date:
    return add_working_days(event_on, WITHDRAW_WITHIN, calendar)


def inspection_result_due(inspected_on: dt.date, calendar: Calendar) -> dt.date:
    return add_working_days(inspected_on, INSPECTION_RESULT_WITHIN, calendar)
