"""Feeds journalists can rely on: parsed back with feedparser as a reader would (test day 2026-11-25)."""

import datetime as dt
import json
from urllib.parse import quote

import feedparser
import pytest

from portal import clock
from portal.extensions import db
from portal.models import Penalty
from portal.penalties import lifecycle
from tests.penalties.conftest import draft

KINDS = ("rss", "atom")


def parse(client, kind, **params):
    response = client.get(f"/feeds/penalties.{kind}", query_string=params)
    assert response.status_code == 200
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed, response


def public_total(client, **params):
    return client.get("/api/v1/penalties", query_string=params).get_json()["total"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_feed_holds_every_public_decision_and_the_withdrawal_notice(client, kind):
    feed, response = parse(client, kind)
    titles = [e.title for e in feed.entries]
    # + the notices of the two withdrawn decisions (one of them changed: 〔2026〕21 replaced by 〔2026〕25)
    assert len(feed.entries) == public_total(client) + 2
    assert sum(t.startswith("【已撤回】") for t in titles) == 2
    assert sum(t.startswith("【更正】") for t in titles) == 1
    assert response.headers["Content-Type"].startswith(f"application/{kind}+xml")


@pytest.mark.parametrize("kind", KINDS)
def test_entries_are_newest_first_with_china_time(client, kind):
    feed, response = parse(client, kind)
    updated = [e.get("updated_parsed") or e.published_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    text = response.get_data(as_text=True)
    assert text.count("+08:00" if kind == "atom" else "+0800") >= len(feed.entries)


@pytest.mark.parametrize("kind", KINDS)
def test_filters_apply_to_feeds(client, kind):
    feed, _ = parse(client, kind, party_type="个体工商户")
    assert 0 < len(feed.entries) <= public_total(client, party_type="个体工商户") + 2
    assert "个体工商户" in feed.feed.title
    assert all("个体工商户" in e.summary or e.title.startswith("【已撤回】") for e in feed.entries)


def test_every_list_page_links_its_feeds(client):
    page = client.get("/penalties?year=2026").get_data(as_text=True)
    for mime in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        assert f'type="{mime}"' in page
    assert "/feeds/penalties.atom?year=2026" in page


def test_withdrawal_leaves_an_atom_tombstone(app, client):
    text = client.get("/feeds/penalties.atom").get_data(as_text=True)
    assert 'xmlns:at="http://purl.org/atompub/tombstones/1.0"' in text and "<at:deleted-entry" in text
    from portal.penalties.feeds import entry_id

    for withdrawn in db.session.query(Penalty).filter_by(status="withdrawn"):
        assert f'ref="{entry_id(withdrawn.document_number)}"' in text


@pytest.mark.parametrize("kind", KINDS + ("json",))
def test_conditional_get_answers_304(client, kind):
    first = client.get(f"/feeds/penalties.{kind}")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(f"/feeds/penalties.{kind}", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/feeds/penalties.{kind}", headers={"If-Modified-Since": modified}).status_code == 304
    other = client.get(f"/feeds/penalties.{kind}?year=2026", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another filter is another resource


def test_json_feed_is_version_1_1(client):
    feed = json.loads(client.get("/feeds/penalties.json").data)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == public_total(client) + 2
    assert all(i["id"].startswith("urn:uuid:") and i["date_modified"].endswith("+08:00") for i in feed["items"])


def test_a_correction_keeps_the_guid_and_moves_the_updated_time(fresh_app):
    p = lifecycle.publish(draft(decided_on=dt.date(2026, 11, 20)), at=dt.datetime(2026, 11, 21, 9, tzinfo=clock.CST))
    db.session.commit()
    client = fresh_app.test_client()
    before, _ = parse(client, "atom")
    etag = client.get("/feeds/penalties.atom").headers["ETag"]
    lifecycle.correct(
        p,
        {"content": "罚款人民币伍佰元（更正）"},
        "内容笔误",
        at=dt.datetime(2026, 11, 24, 9, tzinfo=clock.CST),
    )
    db.session.commit()
    assert client.get("/feeds/penalties.atom", headers={"If-None-Match": etag}).status_code == 200
    after, _ = parse(client, "atom")
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert after.entries[0].updated_parsed > before.entries[0].updated_parsed and "伍佰元" in after.entries[0].summary
    rss, _ = parse(client, "rss")
    assert rss.entries[0].id == after.entries[0].id


def test_control_characters_never_break_the_xml(fresh_app):
    lifecycle.publish(
        draft(facts="当事人\x00在\x08华新\x1b街道\x0c露天烧烤", decided_on=dt.date(2026, 11, 20)),
        at=dt.datetime(2026, 11, 21, 9, tzinfo=clock.CST),
    )
    db.session.commit()
    client = fresh_app.test_client()
    for kind in KINDS:
        feed, _ = parse(client, kind)
        assert "当事人在华新街道露天烧烤" in feed.entries[0].summary


def test_paged_archives_walk_the_whole_history(fresh_app, monkeypatch):
    from portal.penalties import feeds

    monkeypatch.setattr(feeds, "FEED_PAGE", 4)
    for n in range(10):
        lifecycle.publish(
            draft(decided_on=dt.date(2026, 11, 1) + dt.timedelta(days=n)),
            at=dt.datetime(2026, 11, 2, 9, tzinfo=clock.CST) + dt.timedelta(days=n),
        )
    db.session.commit()
    client = fresh_app.test_client()
    seen, url, pages = [], "/feeds/penalties.atom", 0
    while url:
        feed = feedparser.parse(client.get(url).data)
        seen += [e.id for e in feed.entries]
        links = {link.rel: link.href for link in feed.feed.links}
        assert "first" in links
        url = links.get("next", "").replace("http://localhost", "") or None
        pages += 1
    assert pages == 3 and len(seen) == len(set(seen)) == 10
    assert client.get("/feeds/penalties.atom?page=4").status_code == 404


def test_expired_decisions_leave_the_feed(fresh_app):
    p = lifecycle.publish(draft(decided_on=dt.date(2025, 8, 1)), at=dt.datetime(2025, 8, 2, 9, tzinfo=clock.CST))
    db.session.commit()
    client = fresh_app.test_client()
    assert p.publicity_until < dt.date(2026, 11, 25)
    feed, _ = parse(client, "rss")
    assert feed.entries == []


def test_the_feeds_page_lists_every_standard_feed_with_copyable_addresses(client):
    from portal.models import PENALTY_CATEGORIES

    page = client.get("/feeds/").get_data(as_text=True)
    assert "<h1>订阅源</h1>" in page and "/feeds/portal.opml" in page
    for category in PENALTY_CATEGORIES:
        assert f'value="http://localhost/feeds/penalties.rss?category={quote(category)}"' in page
    # Without JS: a read-only field and a plain link per address; the copy button only appears with JS.
    assert page.count('class="copy-field" type="text" readonly') == page.count(">打开</a>") > 3
    assert 'data-copy="feed-1-1-rss" hidden' in page


def test_the_opml_lists_every_standard_feed_and_each_one_works(client):
    from lxml import etree

    from portal.models import PENALTY_CATEGORIES

    response = client.get("/feeds/portal.opml")
    assert response.status_code == 200 and response.mimetype == "text/x-opml"
    root = etree.fromstring(response.data)
    assert root.tag == "opml" and root.get("version") == "2.0" and root.findtext("head/title")
    groups = {o.get("text"): o for o in root.findall("body/outline")}
    assert list(groups) == ["全部", "按处罚类别", "按年份", "双随机一公开"]
    feeds = root.findall("body/outline/outline")
    assert all(o.get("type") == "rss" and o.get("xmlUrl") and o.get("htmlUrl") for o in feeds)
    assert {o.get("text") for o in groups["按处罚类别"]} == set(PENALTY_CATEGORIES)
    assert "2026年" in {o.get("text") for o in groups["按年份"]}
    assert [o.get("xmlUrl") for o in groups["双随机一公开"]] == ["http://localhost/feeds/inspections.rss"]
    page = client.get("/feeds/").get_data(as_text=True)
    for outline in feeds:
        url = outline.get("xmlUrl")
        assert url.replace("&", "&amp;") in page  # the page and the OPML list the same feeds
        parsed = feedparser.parse(client.get(url.removeprefix("http://localhost")).data)
        assert not parsed.bozo
