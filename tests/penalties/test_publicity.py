"""How long a decision stays public: the rules table (seed_data/publicity_rules.json) chosen by the publication
date, tiers, the field minimum, procedure and minors, on their boundary days."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from portal.penalties.publicity import (
    Rules,
    RulesError,
    add_months,
    birth_date,
    compute,
    is_current,
    is_minor,
    load_rules,
    parse_rules,
    propose_tier,
)
from tests.conftest import SEED_DIR

TABLE = load_rules(SEED_DIR / "publicity_rules.json")
RULES = Rules(table=TABLE)
OLD_DAY, NEW_DAY = dt.date(2026, 3, 31), dt.date(2026, 4, 1)  # 58号令 until the 31st, 36号令 from the 1st


def months(categories, fine=None, fields=(), on=NEW_DAY, rules=RULES, **kw):
    decided = kw.pop("decided_on", dt.date(2026, 3, 20))
    got = compute(
        decided_on=decided,
        published_on=on,
        categories=categories,
        fine_yuan=fine,
        fields=set(fields),
        rules=rules,
        **kw,
    )
    return got.months


def test_the_table_names_each_rule_with_its_source_and_quality():
    codes = {r.code: r for r in TABLE}
    assert set(codes) == {"NDRC-2023-58", "NDRC-2025-36"}
    new = codes["NDRC-2025-36"]
    assert new.number == "国家发展改革委令第36号" and new.in_force_from == NEW_DAY
    assert new.quality == "reported" and new.tiers_quality == "unconfirmed" and new.source
    assert [(t.min_months, t.max_months) for t in (new.tiers[n] for n in ("轻微", "一般", "严重"))] == [
        (0, 3),
        (3, 12),
        (12, 36),
    ]
    assert codes["NDRC-2023-58"].in_force_until == OLD_DAY


@pytest.mark.parametrize(
    "categories, fine, fields, expected",
    [
        (["警告"], None, [], None),  # a warning alone is not published
        (["通报批评"], None, [], 3),
        (["罚款"], Decimal("10000"), [], 3),  # a low fine, at the limit
        (["罚款"], Decimal("10000.01"), [], 36),
        (["警告", "罚款"], Decimal("200"), [], 3),
        (["罚款", "没收非法财物"], Decimal("500"), [], 36),  # several types: the longest period wins
        (["责令停产停业"], None, [], 36),
        (["罚款"], Decimal("300"), ["消防"], 12),  # fire cases stay public at least a year
        (["警告"], None, ["消防"], None),
        ([], None, [], None),
    ],
)
def test_until_2026_03_31_the_58th_order_by_penalty_type(categories, fine, fields, expected):
    assert months(categories, fine, fields, on=OLD_DAY) == expected


@pytest.mark.parametrize(
    "categories, fine, fields, tier, expected",
    [
        (["罚款", "没收非法财物"], Decimal("500"), [], "一般", 12),  # the ordinary barbecue case: one year, not three
        (["罚款"], Decimal("200"), [], "一般", 12),
        (["罚款"], Decimal("10000.01"), [], "严重", 36),
        (["吊销许可证件"], None, [], "严重", 36),
        (["通报批评"], None, [], "轻微", None),  # 轻微: not published as a rule
        (["警告", "通报批评"], None, ["消防"], "一般", 12),  # a fire case is never 轻微
    ],
)
def test_from_2026_04_01_the_36th_order_by_tier(categories, fine, fields, tier, expected):
    assert propose_tier(categories, fine, set(fields), RULES) == tier
    assert months(categories, fine, fields) == expected


def test_the_rule_is_chosen_by_the_publication_day():
    case = dict(categories=["罚款", "没收非法财物"], fine=Decimal("500"))
    assert months(**case, on=dt.date(2026, 3, 31)) == 36
    assert months(**case, on=dt.date(2026, 4, 1)) == 12
    old = compute(
        decided_on=dt.date(2026, 3, 20),
        published_on=OLD_DAY,
        categories=["罚款"],
        fine_yuan=Decimal("500"),
        fields=set(),
        rules=RULES,
    )
    assert (old.rule, old.tier) == ("NDRC-2023-58", "一般")
    with pytest.raises(RulesError):
        Rules(table=TABLE[1:]).rule_on(OLD_DAY)  # no rule in force: refused, never a guess


def test_the_last_day_of_each_tier_is_public_and_the_next_is_not():
    decided = dt.date(2026, 5, 10)
    for tier, last in (("一般", dt.date(2027, 5, 9)), ("严重", dt.date(2029, 5, 9))):
        got = compute(
            decided_on=decided,
            published_on=decided,
            categories=["罚款"],
            fine_yuan=Decimal("500"),
            fields=set(),
            rules=RULES,
            tier=tier,
        )
        assert got.until == last
        assert is_current(got.until, last) and not is_current(got.until, last + dt.timedelta(days=1))
    minor_rules = Rules(table=TABLE, publish_minor_tier=True)
    got = compute(
        decided_on=decided,
        published_on=decided,
        categories=["通报批评"],
        fine_yuan=None,
        fields=set(),
        rules=minor_rules,
    )
    assert (got.tier, got.months, got.until) == ("轻微", 3, dt.date(2026, 8, 9))


def test_simple_procedure_is_not_published_unless_configured():
    got = compute(
        decided_on=NEW_DAY,
        published_on=NEW_DAY,
        categories=["罚款"],
        fine_yuan=Decimal("50"),
        fields=set(),
        rules=RULES,
        procedure="简易程序",
    )
    assert got.until is None and "简易程序" in got.not_published
    configured = Rules(table=TABLE, publish_simple_procedure=True)
    assert months(["罚款"], Decimal("50"), rules=configured, procedure="简易程序") == 12


def test_a_minor_is_never_published_and_the_18th_birthday_is_of_age():
    born = birth_date("120110200811104216")
    assert born == dt.date(2008, 11, 10)
    assert is_minor(born, dt.date(2026, 11, 9)) and not is_minor(born, dt.date(2026, 11, 10))
    leap = dt.date(2008, 2, 29)
    assert is_minor(leap, dt.date(2026, 2, 27)) and not is_minor(leap, dt.date(2026, 2, 28))
    case = dict(categories=["罚款"], fine=Decimal("200"), born=born)
    assert months(**case, decided_on=dt.date(2026, 11, 9)) is None
    assert months(**case, decided_on=dt.date(2026, 11, 10)) == 12
    got = compute(
        decided_on=dt.date(2026, 11, 9),
        published_on=dt.date(2026, 11, 9),
        categories=["罚款"],
        fine_yuan=Decimal("200"),
        fields=set(),
        rules=RULES,
        born=born,
    )
    assert "未满十八周岁" in got.not_published
    assert birth_date("110105491231002") == dt.date(1949, 12, 31) and birth_date("") is None


def test_the_table_is_checked():
    good = json.loads((SEED_DIR / "publicity_rules.json").read_text(encoding="utf-8"))
    overlapping = json.loads(json.dumps(good))
    overlapping["rules"][0]["in_force_until"] = "2026-04-01"
    with pytest.raises(RulesError, match="重叠"):
        parse_rules(overlapping)
    wrong = json.loads(json.dumps(good))
    wrong["rules"][1]["tiers"]["一般"]["min_months"] = 13
    with pytest.raises(RulesError):
        parse_rules(wrong)


@pytest.mark.parametrize(
    "day, n, expected",
    [
        (dt.date(2022, 1, 31), 1, dt.date(2022, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2022, 11, 30), 3, dt.date(2023, 2, 28)),
        (dt.date(2022, 5, 10), 36, dt.date(2025, 5, 10)),
    ],
)
def test_adding_months_clamps_to_the_month_end(day, n, expected):
    assert add_months(day, n) == expected
