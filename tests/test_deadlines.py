"""Working-day deadlines: weekends and listed holidays do not count, adjusted working days (调休) do."""

import datetime as dt
from pathlib import Path

import pytest

from portal.deadlines import Calendar, add_working_days, publication_due, withdrawal_due

PLAIN = Calendar()


def test_weekends_do_not_count():
    assert add_working_days(dt.date(2026, 11, 20), 3, PLAIN) == dt.date(2026, 11, 25)  # Fri → Wed
    assert publication_due(dt.date(2026, 11, 2), PLAIN) == dt.date(2026, 11, 11)


def test_holidays_and_adjusted_working_days(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,kind\n2026-11-23,休\n2026-11-24,休\n2026-11-29,班\n", encoding="utf-8")
    calendar = Calendar.load(path)
    # Fri 20th: the weekend and the holidays on Mon 23 and Tue 24 do not count: Wed, Thu, Fri 27th …
    assert withdrawal_due(dt.date(2026, 11, 20), calendar) == dt.date(2026, 11, 27)
    # … and Sunday the 29th is worked, so 4 working days from Wed 25th end on Mon 30th.
    assert add_working_days(dt.date(2026, 11, 25), 4, calendar) == dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    "body, message",
    [("date,kind\n2026-13-01,休\n", "第2行: 字段 date"), ("date,kind\n2026-10-01,放假\n", "第2行: 字段 kind")],
)
def test_a_bad_calendar_line_is_named(tmp_path, body, message):
    path = tmp_path / "holidays.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        Calendar.load(path)


def test_a_missing_calendar_is_weekends_only(tmp_path):
    assert Calendar.load(tmp_path / "none.csv") == Calendar()


def test_the_shipped_calendar_follows_the_2026_notice():
    calendar = Calendar.load(Path(__file__).parents[1] / "seed_data" / "holidays.csv")
    # Decided Fri 13 Feb 2026: Sat 14th is worked (调休), the Spring Festival runs 15–23 Feb, Sat 28th is worked.
    assert publication_due(dt.date(2026, 2, 13), calendar) == dt.date(2026, 3, 2)
    # National Day: an event on Tue 29 Sep 2026 → Wed 30th, then 1–7 Oct off, Thu 8th, Fri 9th.
    assert withdrawal_due(dt.date(2026, 9, 29), calendar) == dt.date(2026, 10, 9)
    assert calendar.is_working_day(dt.date(2026, 10, 10))  # a Saturday worked instead
    assert calendar.covers(dt.date(2025, 6, 1)) and calendar.covers(dt.date(2026, 12, 31))
    assert not calendar.covers(dt.date(2027, 1, 4))
