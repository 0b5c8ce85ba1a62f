"""What every government page carries beyond its content: a QR code of the page (scan to open it on a phone),
the sitemap and robots.txt, and /healthz for the load balancer."""

from __future__ import annotations

import functools

import segno
from flask import Blueprint, Response, jsonify, render_template, url_for
from markupsafe import Markup
from sqlalchemy import select, text

from . import clock, search
from .extensions import db
from .inspections import disclosure as inspection_disclosure
from .models import CATEGORIES, Penalty, PowerItem
from .penalties import disclosure, stats

bp = Blueprint("site", __name__)


@functools.lru_cache(maxsize=2048)
def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=2, title="用手机扫码打开本页", svgclass="qr")


def qr_code(url: str) -> Markup:
    """An inline SVG QR code of ``url`` (generated here; no external service). Too long for a QR code: the page
    without its query string."""
    for candidate in (url, url.split("?", 1)[0]):
        try:
            return Markup(_qr_svg(candidate))
        except segno.DataOverflowError:
            continue
    return Markup("")


@bp.get("/robots.txt")
def robots():
    body = f"User-agent: *\nDisallow: /staff/\nAllow: /\nSitemap: {url_for('site.sitemap', _external=True)}\n"
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    day = clock.today()
    urls = [
        url_for("public.home", _external=True),
        url_for("public.power_search", _external=True),
        url_for("penalties.index", _external=True),
        url_for("feeds.index", _external=True),
        url_for("site.developers", _external=True),
        url_for("site.sitemap_page", _external=True),
        url_for("inspections.index", _external=True),
        url_for("inspections.enforcement_page", _external=True),
    ]
    urls += [
        url_for("public.power_detail", code=c, _external=True)
        for c in db.session.scalars(select(PowerItem.code).order_by(PowerItem.code))
    ]
    # Only what is public today: expired decisions leave the sitemap as they leave every page.
    urls += [
        url_for("penalties.detail", penalty_id=i, _external=True)
        for i in db.session.scalars(
            select(Penalty.id).where(disclosure.visible(day, include_withdrawn=True)).order_by(Penalty.id)
        )
    ]
    urls += [url_for("penalties.annual", year=y, _external=True) for y in stats.years()]
    urls += [url_for("inspections.detail", plan_id=i, _external=True) for i in inspection_disclosure.public_ids()]
    xml = render_template("sitemap.xml", urls=urls)
    return Response(xml, mimetype="application/xml", headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/sitemap")
def sitemap_page():
    """The 网站地图 for people: every section, every 权责清单 item by category, statistics, feeds, data."""
    items = db.session.execute(
        select(PowerItem.code, PowerItem.name, PowerItem.category).order_by(PowerItem.code)
    ).all()
    by_category = {c: [i for i in items if i.category == c] for c in CATEGORIES}
    return render_template(
        "sitemap.html",
        by_category={c: rows for c, rows in by_category.items() if rows},
        years=stats.years(),
    )


@bp.get("/developers")
def developers():
    """数据接口: the API in Chinese with curl examples, the change-log contract for mirrors, licence and citation."""
    sample = db.session.scalar(
        select(Penalty.id).where(disclosure.visible(clock.today())).order_by(Penalty.id.desc()).limit(1)
    )
    years = stats.years()
    return render_template(
        "developers.html",
        base=url_for("public.home", _external=True).rstrip("/"),
        sample_id=sample or 1,
        year=years[0] if years else clock.today().year,
        page_limit=disclosure.CHANGES_PAGE,
    )


@bp.get("/healthz")
def healthz():
    """200 when the database answers and the search index opens; 503 naming what failed otherwise."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as err:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {type(err).__name__}"
    try:
        rebuilt = search.ensure()  # a missing or broken index is derived data: rebuild it rather than fail
        checks["index"] = f"ok ({search.engine().doc_count()} items{', rebuilt' if rebuilt else ''})"
    except Exception as err:  # noqa: BLE001
        checks["index"] = f"error: {type(err).__name__}"
    healthy = all(v.startswith("ok") for v in checks.values())
    response = jsonify({"status": "ok" if healthy else "unavailable", **checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
