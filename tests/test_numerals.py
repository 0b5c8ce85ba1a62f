from hypothesis import given
from hypothesis import strategies as st

from portal.numerals import article_label, find_articles, parse_chinese, to_chinese


def test_article_labels_read_as_laws_write_them():
    assert article_label(1) == "第一条"
    assert article_label(10) == "第十条"
    assert article_label(14) == "第十四条"
    assert article_label(34) == "第三十四条"
    assert article_label(101) == "第一百零一条"
    assert article_label(110) == "第一百一十条"
    assert article_label(118) == "第一百一十八条"


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numbers_round_trip(n):
    assert parse_chinese(to_chinese(n)) == n


def test_article_numbers_are_found_in_free_text():
    assert find_articles("依据第三十四条第一项和第118条") == [34, 118]
