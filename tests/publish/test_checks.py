"""Check characters (GB 32100, GB 11714, GB 11643): every valid code passes, any wrong check character fails."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from publish.checks import USCC_CHARS, id_number_problem, org_check_char, uscc_check_char, uscc_problem

ORG_BODY = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)
PREFIX = st.text(alphabet=USCC_CHARS, min_size=8, max_size=8)


def make_uscc(prefix: str, org_body: str) -> str:
    body = prefix + org_body + org_check_char(org_body)
    return body + uscc_check_char(body)


def test_the_published_examples():
    assert uscc_problem("91350100M000100Y43") is None
    assert id_number_problem("11010519491231002X") is None


@given(PREFIX, ORG_BODY)
def test_every_generated_code_is_valid(prefix, org_body):
    assert uscc_problem(make_uscc(prefix, org_body)) is None


@given(PREFIX, ORG_BODY, st.sampled_from(USCC_CHARS))
def test_a_wrong_check_character_is_caught(prefix, org_body, other):
    code = make_uscc(prefix, org_body)
    if other != code[-1]:
        assert uscc_problem(code[:-1] + other) == "统一社会信用代码校验位错误"


@given(PREFIX, ORG_BODY, st.integers(0, 16), st.sampled_from(USCC_CHARS))
def test_any_single_changed_character_is_caught(prefix, org_body, position, other):
    code = make_uscc(prefix, org_body)
    changed = code[:position] + other + code[position + 1 :]
    # Weights 3^i mod 31 are all distinct and non-zero, so one changed character always breaks the sum.
    assert changed == code or uscc_problem(changed) is not None


def test_characters_outside_the_charset_and_wrong_lengths():
    assert "非法字符" in uscc_problem("91350100M000100I43")
    assert "18位" in uscc_problem("9135")


@given(st.integers(110000, 659999), st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)), st.integers(0, 999))
def test_id_numbers_with_their_check_digit_are_valid_and_a_changed_digit_is_not(region, birth, seq):
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    number = body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    assert id_number_problem(number) is None
    wrong = "0" if number[-1] != "0" else "1"
    assert id_number_problem(number[:-1] + wrong) == "身份证号码校验码错误"


def test_an_impossible_birth_date_is_caught():
    assert id_number_problem("11010519490231002X") == "身份证号码中的出生日期无效"
