"""The related tier, sentences, article numbers, law abbreviations and homophones, on every engine."""

import pytest

from portal.search import SearchParams, relaxed, search_powers
from portal.search.query import parse, prepare


def top(q, n=5, **kw):
    result = search_powers(SearchParams(q=q, **kw))
    return [h.item.code for h in result.hits] + [h.item.code for h in result.related], result


@pytest.mark.parametrize(
    "q, code",
    [
        ("乱扔烟头", "HX-CF-017"),
        ("焚烧落叶", "HX-CF-032"),
        ("高音喇叭", "HX-CF-039"),
        ("砍树", "HX-CF-042"),
        ("电动车", "HX-CF-010"),
        ("乱倒垃圾", "HX-CF-020"),
    ],
)
def test_resident_words_not_found_word_for_word_find_the_item(app, q, code):
    codes, _ = top(q)
    assert code in codes[:5]


def test_related_items_follow_the_strict_ones_and_never_repeat_them(app):
    result = search_powers(SearchParams(q="露天烧烤"))
    strict = {h.item.code for h in search_powers(SearchParams(q="露天烧烤", per_page=50)).hits}
    assert result.total == len(strict)
    assert not strict & {h.item.code for h in result.related}
    assert len(result.related) <= relaxed.LIMIT


def test_related_items_are_on_the_first_page_only_and_honour_filters(app):
    assert search_powers(SearchParams(q="乱扔烟头", page=2)).related == []
    result = search_powers(SearchParams(q="乱扔烟头", category="行政检查"))
    assert all(h.item.category == "行政检查" for h in result.related)


@pytest.mark.parametrize("q", ["低保申请", "办身份证", "低保", "护照", "宇宙飞船"])
def test_a_query_unrelated_to_the_list_is_not_padded(app, q):
    result = search_powers(SearchParams(q=q))
    assert result.total == 0 and len(result.related) <= relaxed.FEW


def test_a_sentence_loses_its_function_words():
    assert relaxed.pieces("邻居在楼道里给电动车充电怎么办") == ["邻居", "楼道", "电动车充电"]
    assert relaxed.pieces("对面工地") == ["对面工地"]  # 对 goes only as a word of its own


def test_a_sentence_finds_its_item(app):
    codes, _ = top("邻居在楼道里给电动车充电怎么办")
    assert "HX-CF-012" in codes[:3]


def test_synonyms_add_words_at_half_weight_and_never_rewrite_the_text():
    rq = relaxed.build("砍树", [("砍树", "砍伐树木")], {})
    assert rq.terms["砍树"] == relaxed.LITERAL
    assert rq.terms["砍伐"] == relaxed.SYNONYM and "砍伐树木" not in rq.terms
    generic = relaxed.build("扰民", [("扰民", "噪声")], {})
    assert generic.terms["扰民"] > generic.terms["噪声"]


@pytest.mark.parametrize(
    "typed, prepared",
    [
        ("噪声法82条", "噪声法第八十二条"),
        ("第34条", "第三十四条"),
        ("市容环卫条例 38 条", "市容环卫条例第三十八条"),
        ("0条", "0条"),
    ],
)
def test_arabic_article_numbers_are_written_as_laws_write_them(typed, prepared):
    assert prepare(typed) == prepared


@pytest.mark.parametrize(
    "q, codes",
    [
        ("噪声法82条", {"HX-CF-039"}),
        ("大气法119条", {"HX-CF-032", "HX-CF-033"}),
        ("固废法", {"HX-CF-036", "HX-CF-037", "HX-CF-038"}),
    ],
)
def test_law_abbreviations_and_article_numbers_match_strictly(app, q, codes):
    result = search_powers(SearchParams(q=q, per_page=50))
    assert codes <= {h.item.code for h in result.hits}


@pytest.mark.parametrize(
    "typed, meant, code",
    [("占到经营", "占道经营", "HX-JC-007"), ("门前三抱", "门前三包", "HX-CF-021"), ("烧考", "烧烤", "HX-CF-031")],
)
def test_a_typo_that_sounds_like_a_known_word_is_searched_as_that_word(app, typed, meant, code):
    codes, result = top(typed)
    assert result.did_you_mean == meant and result.total > 0 and code in codes[:5]


def test_a_query_found_as_typed_is_not_corrected(app):
    assert search_powers(SearchParams(q="占道")).did_you_mean is None


@pytest.mark.parametrize("raw", ["", " ", "的了吗", "怎么办", "\x00", "a" * 200, "《》", "第99999条", "hx-cf-001 烧烤"])
def test_odd_input_builds_a_relaxed_query_without_raising(app, raw):
    relaxed.build(prepare(raw), [], {})
    search_powers(SearchParams(q=raw))


def test_the_strict_tier_is_unchanged_by_related_items(app):
    # The strict tier alone, as before: only items containing the query (or its synonyms' official terms).
    result = search_powers(SearchParams(q="门前三包"), related=False)
    assert result.related == [] and result.total == len(search_powers(SearchParams(q="门前三包", per_page=50)).hits)
    assert parse("门前三包", [], {}).concepts[0].alternatives == ["门前三包"]


def test_related_items_come_on_the_page_where_strict_matches_end(app):
    total = search_powers(SearchParams(q="垃圾", per_page=5)).total
    assert total > 5
    pages = -(-total // 5)
    assert search_powers(SearchParams(q="垃圾", per_page=5)).related == []
    last = search_powers(SearchParams(q="垃圾", per_page=5, page=pages))
    assert last.hits and all(h.item.code not in {x.item.code for x in last.hits} for h in last.related)
    assert search_powers(SearchParams(q="垃圾", per_page=5, page=pages + 1)).related == []
    assert relaxed.last_page(0, 10, 0) and relaxed.last_page(10, 10, 12) and not relaxed.last_page(0, 10, 12)
