"""How long a decision stays public (rules.md): defaults from 45号令, longest period wins, fire cases ≥ 1 year."""

import datetime as dt
from decimal import Decimal

import pytest

from portal.penalties.publicity import Rules, add_months, is_current, period_months, publicity_until

RULES = Rules()


@pytest.mark.parametrize(
    "categories, fine, laws, months",
    [
        (["警告"], None, [], None),  # a warning alone is not published
        (["通报批评"], None, [], 3),
        (["罚款"], Decimal("10000"), [], 3),  # a low fine, at the limit
        (["罚款"], Decimal("10000.01"), [], 36),
        (["警告", "罚款"], Decimal("200"), [], 3),
        (["罚款", "没收非法财物"], Decimal("500"), [], 36),  # several types: the longest period wins
        (["责令停产停业"], None, [], 36),
        (["罚款"], Decimal("300"), ["消防法"], 12),  # fire cases stay public at least a year
        (["警告"], None, ["消防法"], None),
        ([], None, [], None),
    ],
)
def test_period_by_penalty_type(categories, fine, laws, months):
    assert period_months(categories, fine, laws, RULES) == months


def test_the_rules_are_configurable():
    rules = Rules(publish_warning_only=True, low_fine_yuan=Decimal("500"), short_months=6)
    assert period_months(["警告"], None, [], rules) == 6
    assert period_months(["罚款"], Decimal("600"), [], rules) == 36
    assert Rules.from_config({"LOW_FINE_YUAN": "500", "PUBLICITY_SHORT_MONTHS": 4}).short_months == 4


def test_the_period_counts_from_the_decision_date_and_its_last_day_is_public():
    until = publicity_until(dt.date(2022, 3, 15), ["罚款"], Decimal("200"), [], RULES)
    assert until == dt.date(2022, 6, 14)
    assert is_current(until, dt.date(2022, 6, 14)) is True
    assert is_current(until, dt.date(2022, 6, 15)) is False
    assert is_current(None, dt.date(2022, 1, 1)) is False


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2022, 1, 31), 1, dt.date(2022, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2022, 11, 30), 3, dt.date(2023, 2, 28)),
        (dt.date(2022, 5, 10), 36, dt.date(2025, 5, 10)),
    ],
)
def test_adding_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected
