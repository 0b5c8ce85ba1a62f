"""Decision search inside the database (penalties/textsearch.py): exact recall and same-transaction consistency.

Strict recall: every Chinese substring of two or more characters of the public text finds exactly the decisions
containing it, on SQLite (FTS5) and PostgreSQL (GIN over to_tsvector), checked against a substring scan.
"""

import datetime as dt
import random

from portal.extensions import db
from portal.models import Penalty
from portal.penalties import disclosure, lifecycle, public, textsearch
from portal.penalties.disclosure import PenaltyFilters
from portal.search.analysis import CJK_RUN, normalize

AT = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
# A small alphabet, so substrings recur across decisions, fields and positions (and repeat within a text).
ALPHABET = "华新街道烧烤露天占路经营渣土运输垃圾分类消防通道违法建设罚款"


def _text(rng: random.Random, n: int) -> str:
    # Runs of CJK separated by punctuation, digits and Latin words, as typed text is.
    parts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 9))) for _ in range(n)]
    return "".join(p + rng.choice(["，", "。", "（2026）", " A-3 ", "、", "第12条"]) for p in parts)


def _public_texts(p: Penalty) -> list[str]:
    view = public.public_view(p)
    return [normalize(view.get(f) or "") for f in textsearch.FIELDS] + ["、".join(view["categories"])]


def test_every_substring_finds_exactly_the_decisions_containing_it(make_draft):
    rng = random.Random(20261125)
    for i in range(60):
        p = make_draft(
            violation=_text(rng, 2),
            facts=_text(rng, 4),
            basis=_text(rng, 1),
            content=_text(rng, 2),
            party_name="某某餐饮有限公司" if i % 2 else "李道新",
            party_type="法人及非法人组织" if i % 2 else "自然人",
        )
        lifecycle.publish(p, at=AT)
    hidden = lifecycle.publish(make_draft(violation=_text(rng, 3)), at=AT)
    lifecycle.withdraw(hidden, "撤销", dt.date(2026, 11, 10), "复议撤销", at=AT)
    db.session.commit()

    texts = {p.id: _public_texts(p) for p in db.session.scalars(db.select(Penalty)) if p.status == "published"}
    substrings = set()
    for fields in texts.values():
        for field in fields:
            for run in CJK_RUN.findall(field):
                for a in range(len(run)):
                    for b in range(a + 2, min(len(run), a + 6) + 1):
                        substrings.add(run[a:b])
    sample = sorted(substrings)
    rng.shuffle(sample)
    checked = 0
    for sub in sample[:400]:
        truth = {i for i, fields in texts.items() if any(sub in f for f in fields)}
        found = {v["id"] for v in disclosure.export(PenaltyFilters(q=sub), TODAY)}
        assert found == truth, sub
        assert disclosure.find(PenaltyFilters(q=sub, per_page=5), TODAY).total == len(truth), sub
        checked += 1
    assert checked == 400
    # A masked name is not searchable: 李道新 is published as 李某某.
    assert disclosure.find(PenaltyFilters(q="李道新"), TODAY).total == 0
    assert disclosure.find(PenaltyFilters(q="李某某"), TODAY).total == 30


def test_queries_are_text_never_syntax(make_draft):
    lifecycle.publish(make_draft(violation="在华新街道露天烧烤"), at=AT)
    for q in ['"', "烧烤 OR 渣土", "NEAR(烧烤)", "'烧烤':*", "烧烤 & !", "*", "a-b", "烧烤 AND"]:
        disclosure.find(PenaltyFilters(q=q), TODAY)  # never an error
    assert disclosure.find(PenaltyFilters(q="烧烤 渣土"), TODAY).total == 0  # every word must match
    assert disclosure.find(PenaltyFilters(q="露天，烧烤"), TODAY).total == 1
    assert disclosure.find(PenaltyFilters(q="烤"), TODAY).total == 1  # one character: a prefix of a token


def test_rebuild_restores_the_table(make_draft):
    p = lifecycle.publish(make_draft(violation="在华新街道鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    db.session.execute(db.text("DELETE FROM " + ("penalty_text" if textsearch._postgres() else "penalty_fts")))
    assert textsearch.needs_rebuild()
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 0
    assert textsearch.rebuild() == 1
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).items[0]["id"] == p.id


def test_keyset_pages_walk_every_match_once_and_agree_with_page_numbers(make_draft, fresh_app):
    for i in range(23):
        day = dt.date(2026, 11, 1 + i % 5)  # ties on the date: the id breaks them
        lifecycle.publish(make_draft(violation=f"露天烧烤第{i}起", decided_on=day, valid_until=day), at=AT)
    lifecycle.publish(make_draft(violation="张贴宣传品", facts="在某路张贴宣传品。"), at=AT)
    db.session.commit()
    client = fresh_app.test_client()
    seen, after, pages = [], None, 0
    while True:
        body = client.get("/api/v1/penalties", query_string={"q": "烧烤", "per_page": 5, "after": after}).get_json()
        assert body["total"] == 23
        seen += [item["id"] for item in body["items"]]
        after, pages = body["next"], pages + 1
        if after is None:
            break
    numbered = []
    for page in range(1, 6):
        body = client.get("/api/v1/penalties", query_string={"q": "烧烤", "per_page": 5, "page": page}).get_json()
        numbered += [item["id"] for item in body["items"]]
    assert pages == 5 and seen == numbered and len(set(seen)) == 23
    bad = client.get("/api/v1/penalties?after=2026-11-01_1")
    assert bad.status_code == 400 and "after" in bad.get_json()["error"]["message"]
    changes = client.get("/api/v1/changes?after=20&limit=2").get_json()
    assert [c["seq"] for c in changes["changes"]] == [21, 22] and changes["more"] is True
    assert client.get("/api/v1/changes?after=22&limit=2").get_json()["more"] is False


def _visible_ids(day: dt.date, **where) -> list[int]:
    rows = [
        p
        for p in db.session.scalars(db.select(Penalty))
        if p.status in ("published", "corrected")
        and p.publicity_until >= day
        and all(getattr(p, k) == v for k, v in where.items())
    ]
    return [p.id for p in sorted(rows, key=lambda p: (p.decided_on, p.id), reverse=True)]


def _walk(f: PenaltyFilters, day: dt.date) -> tuple[list[int], int]:
    ids, page = [], 1
    while True:
        result = disclosure.find(PenaltyFilters(**{**f.__dict__, "page": page}), day)
        ids += [item["id"] for item in result.items]
        if page >= result.pages:
            return ids, result.total
        page += 1


def test_pages_follow_the_list_order_and_counts_leave_out_ended_periods(make_draft):
    # Dates spread over two years and repeated (the id breaks ties); periods end at different days.
    rng = random.Random(7)
    published = []
    for i in range(14):
        day = dt.date(2025, 12, 1) + dt.timedelta(days=rng.randrange(0, 350, 25))  # 12-month periods
        published.append(
            lifecycle.publish(make_draft(violation=f"露天烧烤第{i}起", decided_on=day, valid_until=day), at=AT)
        )
    lifecycle.publish(make_draft(violation="张贴宣传品", facts="在某路张贴宣传品。"), at=AT)
    db.session.commit()
    # A day on which some periods have ended but no expiry is recorded yet: the index still holds them.
    ends = sorted(p.publicity_until for p in published)
    later = ends[len(ends) // 2] + dt.timedelta(days=1)
    for day in (TODAY, later):
        truth = [i for i in _visible_ids(day) if i in {p.id for p in published}]
        assert 0 < len(truth)
        assert _walk(PenaltyFilters(q="烧烤", per_page=4), day) == (truth, len(truth))
    # A year filter is the same range of the index.
    year = published[0].decided_on.year
    truth = [i for i in _visible_ids(TODAY) if i in {p.id for p in published if p.decided_on.year == year}]
    assert _walk(PenaltyFilters(q="烧烤", year=year, per_page=3), TODAY) == (truth, len(truth))


def test_a_corrected_date_moves_the_decision_in_the_search_order(make_draft):
    old = lifecycle.publish(make_draft(violation="露天烧烤", decided_on=dt.date(2026, 1, 5)), at=AT)
    new = lifecycle.publish(make_draft(violation="露天烧烤", decided_on=dt.date(2026, 6, 5)), at=AT)
    db.session.commit()
    assert [i["id"] for i in disclosure.find(PenaltyFilters(q="烧烤"), TODAY).items] == [new.id, old.id]
    lifecycle.correct(old, {"decided_on": dt.date(2026, 9, 1), "valid_until": dt.date(2026, 9, 1)}, "日期笔误", at=AT)
    db.session.commit()
    result = disclosure.find(PenaltyFilters(q="烧烤"), TODAY)
    assert [i["id"] for i in result.items] == [old.id, new.id] and result.total == 2


def test_a_large_total_on_postgresql_is_an_estimate_and_says_so(make_draft, fresh_app, monkeypatch):
    if not textsearch._postgres():
        return  # SQLite counts every search exactly from its index
    for i in range(12):
        lifecycle.publish(make_draft(violation=f"露天烧烤第{i}起"), at=AT)
    db.session.commit()
    db.session.execute(db.text("ANALYZE penalty_text"))
    db.session.commit()
    monkeypatch.setattr(disclosure, "EXACT_COUNT_LIMIT", 3)
    first = disclosure.find(PenaltyFilters(q="烧烤", per_page=5), TODAY)
    assert first.estimated and first.total > 3
    # The last page knows the total exactly.
    last = disclosure.find(PenaltyFilters(q="烧烤", per_page=5, page=3), TODAY)
    assert not last.estimated and last.total == 12
    body = fresh_app.test_client().get("/api/v1/penalties", query_string={"q": "烧烤", "per_page": 5}).get_json()
    assert body["total_estimated"] is True
    page = fresh_app.test_client().get("/penalties", query_string={"q": "烧烤", "per_page": 5}).get_data(as_text=True)
    assert "共 约 <strong>" in page
    # Few matches are always counted exactly.
    assert disclosure.find(PenaltyFilters(q="烧烤第1起"), TODAY).estimated is False
