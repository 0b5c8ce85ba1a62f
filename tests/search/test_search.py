"""Searching the seeded 权责清单, on every database backend, against real Whoosh and FTS5 indexes."""

import re

import pytest
from markupsafe import Markup

from portal import search
from portal.powers import items as powers
from portal.search import SearchParams, search_powers
from portal.search.analysis import CJK_RUN
from portal.search.query import parse


def codes(q="", **kw):
    """Every code the search returns, across all pages."""
    found, page = [], 1
    while True:
        result = search_powers(SearchParams(q=q, page=page, per_page=50, **kw))
        found += [h.item.code for h in result.hits]
        if page >= result.pages:
            return found, result
        page += 1


def documents():
    items = powers.all_items()
    articles = search._items_with_articles(items)
    return [search.document(i, articles) for i in items]


def test_chinese_words_find_items_by_name(app):
    found, _ = codes("门前三包")
    assert found and all("门前三包" in (d["name"] + d["body"]) for d in documents() if d["code"] in found)


def test_two_or_more_characters_match_exactly_the_records_that_contain_them(app):
    # Ground truth is a plain substring scan; every CJK substring of 2-4 characters from the item names
    # must find all records containing it (recall) and, with no synonym involved, nothing else (precision).
    docs = documents()
    probes = set()
    for d in docs:
        for run in CJK_RUN.findall(d["name"]):
            for size in (2, 3, 4):
                probes.update(run[i : i + size] for i in range(0, max(1, len(run) - size + 1), 3))
    probes = sorted(p for p in probes if len(p) >= 2)
    assert len(probes) > 200
    syns = search._synonyms()
    for probe in probes:
        truth = {d["code"] for d in docs if probe in d["name"] or probe in d["body"]}
        found, _ = codes(probe)
        assert truth <= set(found), f"{probe}: missed {truth - set(found)}"
        if not parse(probe, syns, {}).expansions:
            assert set(found) == truth, f"{probe}: extra {set(found) - truth}"


def test_article_numbers_find_the_items_that_cite_them(app):
    found, _ = codes("第三十四条")
    docs = {d["code"]: d for d in documents()}
    assert found and all("第三十四条" in docs[c]["body"] for c in found)
    citing = {c for c, d in docs.items() if "城市市容和环境卫生管理条例:34" in d["articles"]}
    assert citing <= set(found)


def test_a_full_law_name_with_its_article_is_one_query(app):
    full, _ = codes("城市市容和环境卫生管理条例第三十四条")
    bracketed, _ = codes("《城市市容和环境卫生管理条例》第三十四条")
    assert set(full) == set(bracketed) and len(full) >= 7


def test_law_names_find_items(app):
    found, _ = codes("消防法")
    assert {"HX-CF-013", "HX-CF-016", "HX-QZ-003"} <= set(found)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("zhandao", "占路"),
        ("lajifenlei", "垃圾分类"),
        ("ljfl", "垃圾分类"),
        ("menqiansanbao", "门前三包"),
        ("mqsb", "门前三包"),
    ],
)
def test_pinyin_and_initials_find_items(app, typed, expected):
    by_pinyin, result = codes(typed)
    by_chinese, _ = codes(expected)
    assert by_pinyin and set(by_chinese) <= set(by_pinyin)
    assert any("<mark>" in str(h.name_html) + str(h.snippet_html) for h in result.hits)


@pytest.mark.parametrize(
    "colloquial, official",
    [("违建", "违法建设"), ("摆摊", "占路经营"), ("占道经营", "占路经营"), ("小广告", "张贴宣传品")],
)
def test_colloquial_words_find_the_official_items(app, colloquial, official):
    found, result = codes(colloquial)
    official_codes, _ = codes(official)
    assert official_codes and set(official_codes) <= set(found)
    assert (colloquial, official) in result.expansions


def test_facets_count_categories_and_departments(app):
    result = search_powers(SearchParams(q=""))
    categories = dict(result.facets["category"])
    assert categories == {"行政处罚": 44, "行政检查": 8, "行政强制": 5}
    assert sum(dict(result.facets["department"]).values()) == result.total == 57


def test_a_category_filter_narrows_results_but_keeps_the_other_categories_countable(app):
    result = search_powers(SearchParams(q="垃圾", category="行政检查"))
    assert result.total and all(h.item.category == "行政检查" for h in result.hits)
    unfiltered = search_powers(SearchParams(q="垃圾"))
    assert dict(result.facets["category"]) == dict(unfiltered.facets["category"])
    assert sum(dict(result.facets["department"]).values()) == result.total


def test_department_filter(app):
    found, result = codes(department="平安建设办公室")
    assert found == ["HX-JC-008"] and result.total == 1


def test_law_and_article_filter_lists_items_citing_that_article(app):
    found, _ = codes(law="消防法", article=60)
    assert set(found) == {"HX-CF-013", "HX-CF-014", "HX-CF-015", "HX-CF-016", "HX-QZ-003"}


def test_paging_walks_every_result_once(app):
    all_codes, _ = codes("")
    pages, page = [], 1
    while True:
        result = search_powers(SearchParams(q="", page=page, per_page=7))
        pages += [h.item.code for h in result.hits]
        if not result.hits:
            break
        page += 1
    assert pages == sorted(all_codes) and len(set(pages)) == 57
    assert search_powers(SearchParams(q="", page=10_000)).hits == []


def test_no_results_is_an_empty_result_not_an_error(app):
    result = search_powers(SearchParams(q="宇宙飞船"))
    assert result.total == 0 and result.hits == []


def test_highlights_mark_matches_and_escape_html(app):
    result = search_powers(SearchParams(q="油烟"))
    hit = result.hits[0]
    assert isinstance(hit.snippet_html, Markup) and "<mark>油烟</mark>" in str(hit.name_html) + str(hit.snippet_html)
    hostile = search_powers(SearchParams(q="<script>alert(1)</script>油烟"))
    assert "<script>" not in "".join(str(h.snippet_html) + str(h.name_html) for h in hostile.hits)


def test_results_are_ranked_with_name_matches_first(app):
    hits = search_powers(SearchParams(q="露天烧烤", per_page=50)).hits
    in_name = ["露天烧烤" in h.item.name for h in hits]
    assert in_name[0] and False in in_name
    assert in_name == sorted(in_name, reverse=True)  # every name match before any body-only match


def test_single_characters_do_not_fail(app):
    assert search_powers(SearchParams(q="烟")).total > 0


def test_snippets_are_short(app):
    for hit in search_powers(SearchParams(q="罚款")).hits:
        assert len(re.sub("<[^>]+>", "", str(hit.snippet_html))) <= 90
