"""Public pages: home, the 权责清单 search and item pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import search
from ..models import CATEGORIES
from ..penalties import disclosure
from ..penalties.disclosure import PenaltyFilters
from ..penalties.routes import feed_links
from . import items as powers
from .schemas import load_search_args

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    result = search.search_powers(search.SearchParams(per_page=1))
    latest = disclosure.find(PenaltyFilters(per_page=5))
    return render_template(
        "home.html",
        facets=result.facets,
        total=result.total,
        categories=CATEGORIES,
        latest=latest,
        feeds=feed_links({}),
    )


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
        basis["others"] = (
            powers.citing_items(row.law_id, row.article_number, exclude_code=item.code) if row.article_number else []
        )
    return render_template("powers/detail.html", item=item, bases=bases)


@bp.get("/powers/<code>/versions/<int:version>")
def power_version(code: str, version: int):
    item, old = powers.get_version(code, version)
    return render_template("powers/version.html", item=item, old=old)
