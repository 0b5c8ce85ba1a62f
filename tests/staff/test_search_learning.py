"""The loop to learn: searches counted per normalised query and day (nothing about who), the staff page of
frequent queries with no strict result, and synonyms edited there (audited, in effect at once)."""

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AuditEvent, PowerItem, SearchCount
from portal.search import SearchParams, search_powers


def test_a_search_is_counted_by_its_normalised_text_and_day_only(staff_app):
    client = staff_app.test_client()
    for q in ("低保 申请", "低保  申请", "ＤＩＢＡＯ"):
        client.get("/powers", query_string={"q": q}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    client.get("/api/v1/powers", query_string={"q": "低保 申请"})
    client.get("/powers", query_string={"q": "低保 申请", "page": 2})  # paging is not another search
    rows = {r.query: r for r in db.session.scalars(sa.select(SearchCount))}
    assert rows["低保 申请"].count == 3 and rows["低保 申请"].results == 0 and rows["dibao"].count == 1
    columns = {c.name for c in SearchCount.__table__.columns}
    assert columns == {"id", "day", "query", "count", "results"}  # no address, cookie, account or time


def test_staff_see_unfound_queries_and_an_editor_adds_a_synonym_that_works_at_once(staff_app, as_user):
    staff_app.test_client().get("/powers", query_string={"q": "违停罚款"})
    db.session.add(
        PowerItem(
            code="HX-T-001",
            name="对违法停车的处罚",
            category="行政处罚",
            subject="华新街道",
            department="综合行政执法大队",
            responsibilities=[],
            accountability="",
            process="",
            status="有效",
            effective_on=__import__("datetime").date(2026, 1, 1),
        )
    )
    db.session.commit()
    from portal import search

    search.rebuild()
    legal = as_user("legal")
    page = legal.client.get("/staff/search/").get_data(as_text=True)
    assert "违停罚款" in page and "添加同义词" in page
    assert search_powers(SearchParams(q="违停")).total == 0
    response = legal.post("/staff/search/synonyms", "/staff/search/", {"term": "违停", "canonical": "违法停车"})
    assert response.status_code == 302
    assert search_powers(SearchParams(q="违停")).total == 1  # no reindexing step
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "synonym.add"))
    assert event.actor == "legal" and event.after == {"term": "违停", "canonical": "违法停车"}
    syn_id = int(event.target.split(":")[1])
    assert legal.post(f"/staff/search/synonyms/{syn_id}/delete", "/staff/search/").status_code == 302
    assert search_powers(SearchParams(q="违停")).total == 0
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "synonym.delete"))


def test_only_editors_may_change_synonyms(staff_app, as_user):
    handler = as_user("handler")
    assert handler.client.get("/staff/search/").status_code == 200
    response = handler.post("/staff/search/synonyms", "/staff/search/", {"term": "违停", "canonical": "违法停车"})
    assert response.status_code == 403


def test_the_page_needs_a_signed_in_account(staff_app):
    assert staff_app.test_client().get("/staff/search/").status_code in (302, 401)


def test_a_search_answered_from_the_response_cache_is_counted_too(staff_app):
    """The same search asked again is a cache hit (nothing renders), and it still counts: staff rank queries by
    how often residents ask them."""
    client = staff_app.test_client()
    for _ in range(3):
        assert client.get("/powers", query_string={"q": "烟花爆竹"}).status_code == 200
    assert client.get("/api/v1/powers", query_string={"q": "烟花爆竹"}).status_code == 200
    count = db.session.scalar(sa.select(SearchCount.count).where(SearchCount.query == "烟花爆竹"))
    assert count == 4


def test_counts_gather_in_the_worker_and_are_written_together(staff_app, monkeypatch):
    """With PORTAL_SEARCH_COUNT_SECONDS set, searches are counted in the worker and written in one upsert: at the
    next search once the interval has passed, or when staff read the counts; nothing is lost or counted twice."""
    from portal.search import learn

    staff_app.config["SEARCH_COUNT_SECONDS"] = 60
    learn.flush()  # start from a written state: the interval runs from now
    client = staff_app.test_client()

    def written(q):
        return db.session.scalar(sa.select(SearchCount.count).where(SearchCount.query == q)) or 0

    for q in ("烟花爆竹", "烟花爆竹", "门前三包"):
        client.get("/powers", query_string={"q": q})
    assert written("烟花爆竹") == 0 and written("门前三包") == 0  # held in the worker
    now = learn.time.monotonic()
    monkeypatch.setattr(learn.time, "monotonic", lambda: now + 61)
    client.get("/powers", query_string={"q": "烟花爆竹"})  # the interval has passed: everything is written
    assert written("烟花爆竹") == 3 and written("门前三包") == 1
    client.get("/powers", query_string={"q": "门前三包"})  # held again ...
    assert written("门前三包") == 1
    assert ("门前三包", 2) in [(q, n) for q, n, _ in learn.frequent(found=None)]  # ... until staff read them
    assert written("门前三包") == 2
