"""RSS 2.0, Atom and JSON Feed 1.1 of the penalty decisions, for any filter the list accepts.

An entry's id is derived from the 决定书文号 (the business key, which no correction changes), so a correction
updates an entry instead of adding one. A withdrawal replaces the entry by a notice (its own id) and, in Atom,
leaves an RFC 6721 tombstone for the old id. Expired decisions leave the feed. Pages of FEED_PAGE entries are
linked first/previous/next (RFC 5005 paged feeds), so a reader can walk the whole history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from email.utils import format_datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, render_template, request, url_for
from lxml import etree

from .. import clock
from ..conditional import Validators
from ..errors import PortalError
from ..feedkit import clean, generator, json_feed
from ..models import PENALTY_CATEGORIES
from . import disclosure
from .schemas import load_penalty_args

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
FEED_PAGE = 50
NAMESPACE = uuid.UUID("6b1f3c56-3d0e-4e55-9a55-6e7a1f0c2b11")  # fixed: ids must never change
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
ATOM = "http://www.w3.org/2005/Atom"


def entry_id(document_number: str, withdrawn: bool = False) -> str:
    return uuid.uuid5(NAMESPACE, ("withdrawal:" if withdrawn else "decision:") + document_number).urn


def _entries(v: dict) -> dict:
    """Everything an entry says, format-neutral, from a decision's public record."""
    link = url_for("penalties.detail", penalty_id=v["id"], _external=True)
    number = v["document_number"]
    if v["status"] == "withdrawn":
        at = dt.datetime.fromisoformat(v["withdrawn_at"])
        return {
            "id": entry_id(number, True),
            "old_id": entry_id(number),
            "link": link,
            "title": clean(f"【已撤回】{number}"),
            "tags": ["撤回"],
            "text": clean(
                f"本机关于{v['withdrawn_at'][:10]}撤回行政处罚决定书{number}。"
                f"撤回事由：{v['withdrawal_event']}（{v['withdrawal_event_on']}）。理由：{v['withdrawal_reason']}"
            ),
            "published": at,
            "updated": at,
            "withdrawn": True,
        }
    lines = [
        f"行政处罚决定书文号：{v['document_number']}",
        f"行政相对人：{v['party_name']}（{v['party_type']}）",
        f"违法行为类型：{v['violation']}",
        f"违法事实：{v['facts']}",
        f"处罚依据：{v['basis']}",
        f"处罚类别：{'、'.join(v['categories'])}",
        f"处罚内容：{v['content']}",
        f"处罚决定日期：{v['decided_on']}",
        f"公示截止期：{v['publicity_until']}",
        f"处罚机关：{v['authority']}",
    ]
    if v["correction_note"]:
        lines.append(f"更正说明：{v['correction_note']}")
    if v["masked_fields"]:
        lines.append("（部分信息已作隐私处理）")
    title = f"{'【更正】' if v['status'] == 'corrected' else ''}{v['party_name']}：{v['violation']}"
    return {
        "id": entry_id(number),
        "link": link,
        "title": clean(title),
        "tags": v["categories"],
        "text": clean("\n".join(lines)),
        "published": dt.datetime.fromisoformat(v["published_at"]),
        "updated": dt.datetime.fromisoformat(v["updated_at"]),
        "withdrawn": False,
        "number": v["document_number"],
    }


def _page_links(kind: str, f, next_cursor: str | None) -> dict:
    """first/previous/next links: ``next`` continues by cursor (``after=``), as cheap deep in the archive as
    at its start; ``page`` numbers still work for people, and give ``previous``."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "after")}

    def make(**extra) -> str:
        return url_for(f"feeds.penalties_{kind}", _external=True, **args, **extra)

    links = {"self": request.url, "first": make()}
    if f.page > 1 and not f.after:
        links["previous"] = make(**({"page": f.page - 1} if f.page > 2 else {}))
    if next_cursor:
        links["next"] = make(after=next_cursor)
    return links


def _collect(kind: str):
    """The filtered, paged entries and the conditional-GET validators, or a 304 response."""
    f = load_penalty_args(request.args)
    validators = Validators.make(kind, *disclosure.latest_change())
    if validators.fresh():
        return None, validators.not_modified()
    # One row more than a page says whether a next page exists, without counting the whole history.
    rows, cursors = disclosure.feed_page(f, FEED_PAGE + 1, (f.page - 1) * FEED_PAGE)
    if not rows and (f.page > 1 or f.after):
        raise PortalError("not_found", "订阅源没有这一页", 404)
    return {
        "entries": [_entries(p) for p in rows[:FEED_PAGE]],
        "validators": validators,
        "links": _page_links(kind, f, cursors[FEED_PAGE - 1] if len(rows) > FEED_PAGE else None),
        "filters": f,
    }, None


def _respond(body: bytes | str, mimetype: str, data: dict) -> Response:
    return data["validators"].apply(Response(body, mimetype=mimetype))


def _title(f) -> str:
    parts = [
        str(x)
        for x in (f.year and f"{f.year}年", f.category, f.party_type, f.law, f.power_code, f.q and f"“{f.q}”")
        if x
    ]
    return clean(current_app.config["SITE_NAME"] + "：行政处罚决定公示" + (f"（{'，'.join(parts)}）" if parts else ""))


def _generator(data: dict, kind: str) -> FeedGenerator:
    return generator(
        entry_id("feed:" + data["links"]["first"]),
        _title(data["filters"]),
        "天津市东丽区华新街道行政处罚决定（已按规定作隐私处理）",
        url_for("penalties.index", _external=True),
        data,
        kind,
    )


def _serve(kind: str, mimetype: str, render) -> Response:
    data, not_modified = _collect(kind)
    return not_modified or _respond(render(data), mimetype, data)


def _rss(data: dict) -> bytes:
    xml = etree.fromstring(_generator(data, "rss").rss_str())
    channel = xml.find("channel")
    for rel in ("first", "previous", "next"):  # feedgen writes only rel=self into RSS
        if rel in data["links"]:
            link = etree.SubElement(channel, f"{{{ATOM}}}link", rel=rel, href=data["links"][rel])
            channel.insert(3, link)
    return etree.tostring(xml, xml_declaration=True, encoding="UTF-8")


def _atom(data: dict) -> bytes:
    xml = etree.fromstring(_generator(data, "atom").atom_str())
    for e in data["entries"]:
        if e["withdrawn"]:
            tomb = etree.SubElement(
                xml,
                f"{{{TOMBSTONES}}}deleted-entry",
                nsmap={"at": TOMBSTONES},
                ref=e["old_id"],
                when=clock.local(e["updated"]).isoformat(),
            )
            etree.SubElement(tomb, f"{{{TOMBSTONES}}}link", href=e["link"])
            etree.SubElement(tomb, f"{{{TOMBSTONES}}}comment").text = e["text"]
    return etree.tostring(xml, xml_declaration=True, encoding="UTF-8")


def _json_feed(data: dict) -> str:
    home = url_for("penalties.index", _external=True)
    return json_feed(_title(data["filters"]), home, data["links"], data["entries"])


@bp.get("/penalties.rss")
def penalties_rss():
    return _serve("rss", "application/rss+xml", _rss)


@bp.get("/penalties.atom")
def penalties_atom():
    return _serve("atom", "application/atom+xml", _atom)


@bp.get("/penalties.json")
def penalties_json():
    return _serve("json", "application/feed+json", _json_feed)


def standard_feeds() -> list[tuple[str, list[dict]]]:
    """The feeds everyone gets offered, grouped: all decisions, by 处罚类别, by year (years with public decisions),
    and the inspection results (``inspections/feeds.py``)."""

    def feed(title: str, what: str, **args) -> dict:
        return {
            "title": title,
            "what": what,
            "html": url_for("penalties.index", _external=True, **args),
            **{kind: url_for(f"feeds.penalties_{kind}", _external=True, **args) for kind in ("rss", "atom", "json")},
        }

    return [
        ("全部", [feed("全部处罚决定", "公示期内的全部行政处罚决定，以及撤回公告和更正")]),
        (
            "按处罚类别",
            [feed(c, f"处罚类别含“{c}”的决定", category=c) for c in PENALTY_CATEGORIES],
        ),
        (
            "按年份",
            [feed(f"{y}年", f"{y}年作出、仍在公示期内的决定", year=y) for y in disclosure.public_years()],
        ),
        (
            "双随机一公开",
            [
                {
                    "title": "检查结果",
                    "what": "已公开的双随机抽查和日常巡查检查结果（自然人已作隐私处理）",
                    "html": url_for("inspections.index", _external=True),
                    **{
                        kind: url_for(f"inspection_feeds.inspections_{kind}", _external=True)
                        for kind in ("rss", "atom", "json")
                    },
                }
            ],
        ),
    ]


@bp.get("/")
def index():
    """Every standard feed: what it holds, its addresses to copy (a text field and a link; a button with JS)."""
    return render_template("feeds.html", groups=standard_feeds())


@bp.get("/portal.opml")
def opml():
    """OPML 2.0 of the standard feeds (RSS), grouped as on /feeds/, for importing into a feed reader at once."""
    xml = render_template(
        "opml.xml",
        title=clean(current_app.config["SITE_NAME"] + "：行政处罚决定订阅源"),
        created=format_datetime(clock.now()),
        owner=clean(current_app.config["HOST_ORG"]),
        groups=[(group, [{k: clean(v) for k, v in f.items()} for f in feeds]) for group, feeds in standard_feeds()],
    )
    return Response(
        xml,
        mimetype="text/x-opml",
        headers={"Content-Disposition": 'inline; filename="portal.opml"', "Cache-Control": "public, max-age=3600"},
    )
