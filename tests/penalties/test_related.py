"""The penalty search's second tier (相关处罚决定) and its homophone suggestion, on SQLite and PostgreSQL.

Strict matches stay exactly what they were (``total`` counts them, the download holds them); related decisions
share the query's words without containing it, under the same filters and the same publicity, and a query the
decisions have nothing to do with is not padded.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.models import Synonym
from portal.penalties import disclosure, lifecycle
from portal.penalties.disclosure import PenaltyFilters

AT = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
# Every decision tells the party how to appeal: text all decisions share, which must rank nothing.
APPEAL = "罚款人民币500元。如不服本决定，可以在收到本决定书之日起六十日内申请行政复议。"
SENTENCE = "邻居在楼道里烧烤怎么办"
# The barbecues cite the draft's default (大气污染防治法第一百一十八条第三款); the others this article.
SHARED_BASIS = "《城市市容和环境卫生管理条例》第三十四条"


def _publish(make_draft, violation: str, facts: str, **fields):
    return lifecycle.publish(make_draft(violation=violation, facts=facts, content=APPEAL, **fields), at=AT)


def _decisions(make_draft) -> dict[str, list[int]]:
    """Barbecues in 2025 and 2026 (one also confiscating), muck trucks, posters and three others; ids by kind."""
    kinds = {"bbq": [], "muck": [], "poster": []}
    for year, categories in ((2026, "罚款"), (2026, "罚款;没收非法财物"), (2025, "罚款"), (2025, "罚款")):
        day = dt.date(year, 11, 10) if year == 2026 else dt.date(2025, 12, 10)
        p = _publish(
            make_draft,
            "在禁止的时段和区域内露天烧烤食品",
            f"{year}年11月1日，当事人在某小区南门外人行道上露天烧烤食品。",
            decided_on=day,
            valid_until=day,
            categories=categories,
        )
        kinds["bbq"].append(p.id)
    for _ in range(2):
        p = _publish(
            make_draft,
            "运输渣土不作密封、覆盖造成遗撒",
            "当事人驾驶渣土车在某路运输渣土，沿途遗撒。",
            basis=SHARED_BASIS,
        )
        kinds["muck"].append(p.id)
    for _ in range(3):
        p = _publish(make_draft, "未经批准张贴宣传品", "当事人在某小区楼道内张贴小广告。", basis=SHARED_BASIS)
        kinds["poster"].append(p.id)
    for violation in ("随地吐痰、乱扔烟头等废弃物", "个人随意倾倒生活垃圾", "个人占用、堵塞消防车通道"):
        _publish(make_draft, violation, f"当事人在某路{violation}。", basis=SHARED_BASIS)
    db.session.commit()
    return kinds


def _ids(records) -> list[int]:
    return [r["id"] for r in records]


def test_a_sentence_finds_the_decisions_in_the_related_tier(make_draft):
    kinds = _decisions(make_draft)
    page = disclosure.find(PenaltyFilters(q=SENTENCE), TODAY)
    assert page.total == 0 and page.items == []  # nothing contains the sentence unbroken
    related = _ids(page.related)
    assert related and set(related) <= set(kinds["bbq"]) | set(kinds["poster"])
    assert related[0] in kinds["bbq"]  # 烧烤 is rarer than 楼道's posters are common: it ranks first
    # The content words carry it: the question ending alone finds nothing.
    assert disclosure.find(PenaltyFilters(q="怎么办"), TODAY).related == []


def test_a_law_abbreviation_with_an_arabic_article_number_finds_the_decisions_citing_it(make_draft):
    kinds = _decisions(make_draft)
    db.session.add(Synonym(term="大气法", canonical="大气污染防治法"))
    db.session.commit()
    page = disclosure.find(PenaltyFilters(q="大气法118条"), TODAY)
    # 《…》 splits the citation, so nothing contains it unbroken; the related tier reads 大气污染防治法第一百一十八条.
    assert page.total == 0 and set(_ids(page.related)) == set(kinds["bbq"])
    assert _ids(disclosure.find(PenaltyFilters(q="大气污染防治法第118条"), TODAY).items) == []


def test_strict_matches_and_their_total_are_unchanged_by_the_tier(make_draft):
    _decisions(make_draft)
    for q in ("烧烤", "渣土", "楼道", "某小区", "运输渣土", "露天烧烤食品", "宣传品", SENTENCE, "渣土车遗撒"):
        page = disclosure.find(PenaltyFilters(q=q), TODAY)
        strict = _ids(disclosure.export(PenaltyFilters(q=q), TODAY))  # the download: strict matches only
        assert page.total == len(strict) and sorted(_ids(page.items)) == sorted(strict), q
        assert not set(_ids(page.related)) & set(strict), q
        assert len(page.related) <= 10


def test_a_query_the_decisions_have_nothing_to_do_with_is_not_padded(make_draft):
    _decisions(make_draft)
    # 申请 occurs in every decision (the appeal text): it must not make 低保申请 look related to all of them.
    for q in ("低保申请", "办身份证", "宇宙飞船"):
        page = disclosure.find(PenaltyFilters(q=q), TODAY)
        assert page.total == 0 and page.related == [], q


def test_filters_apply_to_the_related_tier(make_draft):
    kinds = _decisions(make_draft)
    by_year = disclosure.find(PenaltyFilters(q=SENTENCE, year=2025), TODAY)
    assert by_year.related and all(r["decided_on"].startswith("2025") for r in by_year.related)
    assert set(_ids(by_year.related)) <= set(kinds["bbq"][2:])
    warning = disclosure.find(PenaltyFilters(q=SENTENCE, category="没收非法财物"), TODAY)
    assert _ids(warning.related) == [kinds["bbq"][1]]
    assert disclosure.find(PenaltyFilters(q=SENTENCE, party_type="法人及非法人组织"), TODAY).related == []


def test_withdrawn_and_expired_decisions_never_appear_in_the_related_tier(make_draft):
    kinds = _decisions(make_draft)
    withdrawn, expired, kept = kinds["bbq"][0], kinds["bbq"][1], kinds["bbq"][2:]
    lifecycle.withdraw(db.session.get(disclosure.Penalty, withdrawn), "撤销", dt.date(2026, 11, 10), "复议撤销", at=AT)
    # Past its period but not yet recorded as expired: its text is still indexed, visibility must still hold.
    db.session.get(disclosure.Penalty, expired).publicity_until = TODAY - dt.timedelta(days=1)
    db.session.commit()
    related = _ids(disclosure.find(PenaltyFilters(q=SENTENCE), TODAY).related)
    assert withdrawn not in related and expired not in related
    assert set(kept) <= set(related)


def test_a_masked_name_is_not_found_by_the_related_tier_either(make_draft):
    _decisions(make_draft)
    p = _publish(make_draft, "未经批准张贴宣传品", "当事人李翠花在某路张贴宣传品。", party_name="李翠花")
    db.session.commit()
    for q in ("李翠花", "翠花", "找李翠花"):
        page = disclosure.find(PenaltyFilters(q=q), TODAY)
        assert page.total == 0 and page.related == [], q  # published as 李某某: not a bigram of it is public
    # Related by what it did (张贴), never by the name; and what is shown is masked.
    page = disclosure.find(PenaltyFilters(q="李翠花张贴"), TODAY)
    assert page.total == 0 and page.related and "翠花" not in str(page.related)
    assert "翠花" not in str(disclosure.find(PenaltyFilters(q="张贴"), TODAY).items)
    assert p.id in _ids(disclosure.find(PenaltyFilters(q="李某某"), TODAY).items)


def test_related_decisions_come_only_on_the_first_page(make_draft):
    kinds = _decisions(make_draft)
    first = disclosure.find(PenaltyFilters(q="烧烤食品", per_page=2), TODAY)
    assert first.total == 4 and first.related == []  # the strict matches go on past this page
    assert disclosure.find(PenaltyFilters(q="楼道烧烤", per_page=2, page=2), TODAY).related == []
    one_page = disclosure.find(PenaltyFilters(q="遗撒", per_page=20), TODAY)
    assert _ids(one_page.items) and not set(_ids(one_page.related)) & set(kinds["muck"])


def test_a_homophone_is_searched_in_its_place(make_draft):
    kinds = _decisions(make_draft)
    page = disclosure.find(PenaltyFilters(q="少烤"), TODAY)  # shaokao
    assert page.did_you_mean == "烧烤" and sorted(_ids(page.items)) == sorted(kinds["bbq"])
    assert page.total == 4 and page.filters.q == "少烤"
    assert disclosure.find(PenaltyFilters(q="烧烤"), TODAY).did_you_mean is None


def test_the_api_and_the_page_show_the_tier(make_draft, fresh_app):
    _decisions(make_draft)
    client = fresh_app.test_client()
    body = client.get("/api/v1/penalties", query_string={"q": SENTENCE}).get_json()
    strict = client.get("/api/v1/penalties", query_string={"q": "烧烤"}).get_json()
    assert body["total"] == 0 and body["items"] == [] and body["did_you_mean"] is None and body["related"]
    assert set(body["related"][0]) == set(strict["items"][0]) and body["related"][0]["url"].endswith(
        f"/penalties/{body['related'][0]['id']}"
    )
    assert client.get("/api/v1/penalties", query_string={"q": "少烤"}).get_json()["did_you_mean"] == "烧烤"
    page = client.get("/penalties", query_string={"q": SENTENCE}).get_data(as_text=True)
    assert "没有找到公示中的处罚决定" in page and 'id="related-heading"' in page and ">相关处罚决定<" in page
    assert page.index("没有找到") < page.index("related-heading") < page.index("露天烧烤食品")
    page = client.get("/penalties", query_string={"q": "少烤"}).get_data(as_text=True)
    assert "您是不是要找：" in page and "烧烤</a>" in page


# Queries built from operators, quotes, stop words, pinyin, digits and Chinese: a page or a 400, never a 500.
ODD = st.text(
    alphabet=st.sampled_from("烧烤楼道怎么办的了吗在 \"'*():^-+&|!ORNEAR第12条法shaokao\x00。？"), max_size=40
)


def test_any_query_gets_a_page_never_an_error(make_draft, fresh_app):
    _decisions(make_draft)
    client = fresh_app.test_client()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(ODD)
    def check(q):
        for path in ("/penalties", "/api/v1/penalties"):
            assert client.get(path, query_string={"q": q}).status_code in (200, 400), q

    check()
    for q in ("的的的", "怎么办怎么办", "OR OR", '"烧烤"', "烧烤*", "x" * 200):
        assert client.get("/api/v1/penalties", query_string={"q": q}).status_code == 200, q
