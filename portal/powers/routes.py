"""Public pages: home, the 权责清单 search and item pages."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, current_app, render_template, request, url_for

from . import disclosure, powers, search
from .models import CATEGORIES
from .penalties import PenaltyFilters
from .penalty_pages import feed_links
from .schemas import load_search_args

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    result = search.search_powers(search.SearchParams(per_page=1))
    latest = disclosure.find(PenaltyFilters(per_page=5))
    return render_template("home.html", facets=result.facets, total=result.total, categories=CATEGORIES,
                           latest=latest, feeds=feed_links({}))


@bp.get("/powers")
def power_search():
    params = load_search_args(request.args)
    result = search.search_powers(params)
    return render_template("powers/search.html", result=result, params=params, categories=CATEGORIES)


@bp.get("/powers/<code>")
def power_detail(code: str):
    item = powers.get_item(code)
    bases = powers.bases_view(item.bases)
    for basis, row in zip(bases, item.bases, strict=False):
        basis["others"] = (powers.citing_items(row.law_id, row.article_number, exclude_code=item.code)
                           if row.article_number else [])
    return render_template("powers/detail.html", item=item, bases=bases)


@bp.get("/powers/<code>/versions/<int:version>")
def power_version(code: str, version: int):
    item, old = powers.get_version(code, version)
    return render_template("powers/version.html", item=item, old=old)


def register_template_globals(app) -> None:
    @app.context_processor
    def site():
        cfg = current_app.config
        correction = cfg["CORRECTION_URL"].format(site_code=quote(cfg["SITE_CODE"] or ""),
                                                  url=quote(request.url, safe=""))
        return {"site": {"name": cfg["SITE_NAME"], "host_org": cfg["HOST_ORG"], "site_code": cfg["SITE_CODE"],
                         "icp": cfg["ICP"], "psb": cfg["PSB"], "phone": cfg["CONTACT_PHONE"],
                         "correction_url": correction}}

    @app.template_global()
    def page_url(page: int) -> str:
        args = request.args.to_dict()
        args["page"] = page
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    @app.template_global()
    def filter_url(**changes) -> str:
        args = request.args.to_dict()
        args.pop("page", None)
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value
        return url_for(request.endpoint, **(request.view_args or {}), **args)
