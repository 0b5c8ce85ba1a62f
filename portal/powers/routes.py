"""Public pages: home, the 权责清单 search and item pages."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request, url_for

from .. import search, tables
from ..conditional import conditional
from ..errors import PortalError
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
    search.count_search(params, result)
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


@bp.get("/downloads/powers.<fmt>")
@conditional(powers.list_state)
def power_download(fmt: str):
    """The whole 权责清单 (every column, every item) as CSV, XLSX or JSON; each names the list's version date."""
    if fmt not in ("csv", "xlsx", "json"):
        raise PortalError("not_found", "只提供 CSV、XLSX 和 JSON 格式下载", 404)
    version = powers.version_date()
    stamp = version.isoformat() if version else "empty"
    rows = powers.export(lambda code: url_for("public.power_detail", code=code, _external=True))
    filename = f"powers-{stamp}.{fmt}"
    if fmt == "json":
        body = json.dumps(
            {"title": "华新街道权责清单", "version_date": version and stamp, "count": len(rows), "items": rows},
            ensure_ascii=False,
            indent=1,
        )
        return Response(
            body, mimetype="application/json", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )
    if fmt == "csv":
        return tables.csv_response(powers.EXPORT_COLUMNS, rows, filename)
    sheet = tables.Sheet(f"权责清单（{stamp}版）", powers.EXPORT_COLUMNS, rows)
    notes = [
        ("名称", "天津市东丽区华新街道权责清单"),
        ("版本日期", stamp),
        ("条数", str(len(rows))),
        ("来源", url_for("public.power_search", _external=True)),
    ]
    return tables.xlsx_response([sheet], filename, notes)
