"""Query parsing: any text becomes concepts; synonyms and pinyin add alternatives; nothing raises."""

import pytest

from portal.search import pinyin, query

SYNONYMS = [("违建", "违法建设"), ("占道经营", "占路经营"), ("占道", "占路"), ("小广告", "张贴宣传品")]
VOCAB = pinyin.build_vocabulary({"占道", "占路", "垃圾分类", "垃圾", "分类", "违法建设", "门前三包"})


def test_colloquial_words_gain_the_official_term():
    parsed = query.parse("违建", SYNONYMS, VOCAB)
    assert parsed.concepts[0].alternatives == ["违建", "违法建设"]
    assert parsed.expansions == [("违建", "违法建设")]


def test_every_synonym_inside_a_run_is_applied():
    alternatives = query.parse("占道经营", SYNONYMS, VOCAB).concepts[0].alternatives
    assert alternatives[0] == "占道经营" and "占路经营" in alternatives


@pytest.mark.parametrize(
    "typed, spelled",
    [
        ("zhandao", "占道"),
        ("ljfl", "垃圾分类"),
        ("lajifenlei", "垃圾分类"),
        ("LaJiFenLei", "垃圾分类"),
        ("mqsb", "门前三包"),
    ],
)
def test_pinyin_and_initials_spell_chinese_words(typed, spelled):
    assert spelled in query.parse(typed, SYNONYMS, VOCAB).concepts[0].alternatives


def test_pinyin_of_a_colloquial_word_also_reaches_the_official_term():
    assert "占路" in query.parse("zhandao", SYNONYMS, VOCAB).concepts[0].alternatives


def test_pinyin_that_spells_nothing_known_stays_a_plain_word():
    assert query.parse("qwxz", SYNONYMS, VOCAB).concepts[0].alternatives == ["qwxz"]


@pytest.mark.parametrize(
    "raw",
    [
        '"违法建设',
        "AND OR",
        "违建 AND (",
        "title:违建",
        "*?~^",
        "\x00\x07违建\x1b",
        "违" * 5000,
        "'; DROP TABLE power_items; --",
        "\ud800",
        "ＺＨＡＮＤＡＯ",
    ],
)
def test_odd_input_never_raises(raw):
    parsed = query.parse(raw, SYNONYMS, VOCAB)
    assert len(parsed.concepts) <= query.MAX_CONCEPTS


def test_operators_and_syntax_are_plain_text():
    parsed = query.parse('"违建" AND 门前三包 OR', SYNONYMS, VOCAB)
    assert [c.text for c in parsed.concepts] == ["违建", "门前三包"]


def test_full_width_letters_are_read_as_pinyin():
    assert "占道" in query.parse("ＺＨＡＮＤＡＯ", SYNONYMS, VOCAB).concepts[0].alternatives


def test_item_codes_are_recognised():
    concept = query.parse("hx-cf-001", SYNONYMS, VOCAB).concepts[0]
    assert concept.is_code and concept.alternatives == ["HX-CF-001"]
