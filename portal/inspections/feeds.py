"""RSS 2.0, Atom and JSON Feed 1.1 of the published inspection results (双随机抽查 and 日常巡查), newest first.

An entry is one published 检查记录 as the public sees it (``records.public_record``: businesses named, natural
persons masked); its id is derived from the record's number and never changes. Pages of FEED_PAGE entries are
linked first/previous/next (RFC 5005) by ``page``; the validators come from the inspections' version, so a
reader holding the current version gets a 304.
"""

from __future__ import annotations

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for

from ..conditional import Validators
from ..errors import PortalError
from ..feedkit import clean, generator, json_feed
from . import disclosure
from .routes import page_args

bp = Blueprint("inspection_feeds", __name__, url_prefix="/feeds")
FEED_PAGE = 50
NAMESPACE = uuid.UUID("0f6d7f0e-5b8a-4f0c-9d43-3c1e2a7b9a51")  # fixed: ids must never change


def _entry(r: dict) -> dict:
    if r["plan_id"]:
        link = url_for("inspections.detail", plan_id=r["plan_id"], _external=True) + f"#result-{r['object']['id']}"
    else:
        link = url_for("inspections.patrol", _external=True)
    lines = [
        f"检查对象：{r['object']['name']}（{r['object']['type']}）",
        f"来源：{r['source_name']}",
        f"检查日期：{r['inspected_on']}",
        "执法人员：" + "、".join(f"{i['name']}（执法证号 {i['cert_number']}）" for i in r["inspectors"]),
        f"检查事项：{'、'.join(r['items'])}",
        f"检查情况：{r['findings']}（发现问题点位 {r['problems']} 处）",
    ]
    if r["rectification"]:
        lines.append(f"整改要求：{r['rectification']}（整改期限 {r['rectify_due']}）")
    if r["recheck_on"]:
        lines.append(f"复查：{r['recheck_on']} {r['recheck_result']}（已整改 {r['corrected']} 处）")
    if r["referred_to"]:
        lines.append(f"移送：{r['referred_to']}")
    published = dt.datetime.fromisoformat(r["published_at"])
    return {
        "id": uuid.uuid5(NAMESPACE, f"inspection-record:{r['id']}").urn,
        "link": link,
        "title": clean(f"检查结果：{r['object']['name']}（{r['inspected_on']}，{r['source_name']}）"),
        "text": clean("\n".join(lines)),
        "tags": [r["source_name"], r["object"]["type"]],
        "published": published,
        "updated": published,
    }


def _collect(kind: str):
    """One page of entries with its links and validators, or a 304 response."""
    page, _ = page_args(request.args)
    validators = Validators.make("inspections-" + kind, *disclosure.version())
    if validators.fresh():
        return None, validators.not_modified()
    total, results = disclosure.published_results(page, FEED_PAGE)
    if not results and page > 1:
        raise PortalError("not_found", "订阅源没有这一页", 404)

    def make(**extra) -> str:
        return url_for(f"inspection_feeds.inspections_{kind}", _external=True, **extra)

    links = {"self": request.url, "first": make()}
    if page > 1:
        links["previous"] = make(**({"page": page - 1} if page > 2 else {}))
    if page * FEED_PAGE < total:
        links["next"] = make(page=page + 1)
    return {"entries": [_entry(r) for r in results], "links": links, "validators": validators}, None


TITLE = "：双随机一公开检查结果"


def _generator(data: dict, kind: str) -> FeedGenerator:
    return generator(
        uuid.uuid5(NAMESPACE, "feed:" + data["links"]["first"]).urn,
        clean(current_app.config["SITE_NAME"] + TITLE),
        "已公开的双随机抽查和日常巡查检查结果（自然人已作隐私处理）",
        url_for("inspections.index", _external=True),
        data,
        kind,
    )


def _json_feed(data: dict) -> str:
    home = url_for("inspections.index", _external=True)
    return json_feed(clean(current_app.config["SITE_NAME"] + TITLE), home, data["links"], data["entries"])


def _serve(kind: str, mimetype: str, render) -> Response:
    data, not_modified = _collect(kind)
    if not_modified:
        return not_modified
    return data["validators"].apply(Response(render(data), mimetype=mimetype))


@bp.get("/inspections.rss")
def inspections_rss():
    return _serve("rss", "application/rss+xml", lambda d: _generator(d, "rss").rss_str())


@bp.get("/inspections.atom")
def inspections_atom():
    return _serve("atom", "application/atom+xml", lambda d: _generator(d, "atom").atom_str())


@bp.get("/inspections.json")
def inspections_json():
    return _serve("json", "application/feed+json", _json_feed)
