"""What every feed of the portal shares (the penalty decisions', ``penalties/feeds.py``, and the inspection
results', ``inspections/feeds.py``): text safe for XML, the RSS/Atom generator and the JSON Feed 1.1 document from
format-neutral entries (``{"id", "link", "title", "text", "tags", "published", "updated"}``) and RFC 5005 links."""

from __future__ import annotations

import datetime as dt
import json
import re

from feedgen.feed import FeedGenerator
from flask import current_app

from . import clock

# XML 1.0 refuses these characters (feedgen and lxml raise): dropped from every text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text) -> str:
    """Text safe for XML 1.0: control characters dropped."""
    return CONTROL.sub("", str(text or ""))


def generator(feed_id: str, title: str, subtitle: str, home: str, data: dict, kind: str) -> FeedGenerator:
    """An RSS/Atom generator holding ``data``'s entries in their order, with its RFC 5005 links and validators."""
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.author({"name": current_app.config["HOST_ORG"]})
    fg.language("zh-CN")
    fg.link(href=home, rel="alternate")
    for rel in ("self", "first", "previous", "next"):
        if rel in data["links"]:
            fg.link(href=data["links"][rel], rel=rel)
    fg.updated(data["validators"].last_modified or dt.datetime(2000, 1, 1, tzinfo=clock.CST))
    for e in data["entries"]:
        fe = fg.add_entry(order="append")  # feedgen prepends by default, which would reverse our order
        fe.id(e["id"])
        fe.guid(e["id"], permalink=False)
        fe.title(e["title"])
        fe.link(href=e["link"])
        fe.content(e["text"], type="text")
        fe.description(e["text"])
        # RSS has no "updated": its pubDate carries the last change, so readers see corrections as new.
        fe.published(clock.local(e["updated"] if kind == "rss" else e["published"]))
        fe.updated(clock.local(e["updated"]))
        for tag in e["tags"]:
            fe.category(term=tag, label=tag)
    return fg


def json_feed(title: str, home_page_url: str, links: dict, entries: list[dict]) -> str:
    """A JSON Feed 1.1 document; ``links`` has "self" and, when there is one, "next"."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": links["self"],
        "language": "zh-CN",
        "authors": [{"name": current_app.config["HOST_ORG"]}],
        "items": [
            {
                "id": e["id"],
                "url": e["link"],
                "title": e["title"],
                "content_text": e["text"],
                "date_published": clock.local(e["published"]).isoformat(),
                "date_modified": clock.local(e["updated"]).isoformat(),
                "tags": e["tags"],
            }
            for e in entries
        ],
    }
    if "next" in links:
        feed["next_url"] = links["next"]
    return json.dumps(feed, ensure_ascii=False)
