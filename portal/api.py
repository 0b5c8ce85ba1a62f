"""The JSON API (/api/v1) and its OpenAPI description; same query functions as the HTML pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from . import powers, search
from .models import CATEGORIES
from .openapi import openapi_document
from .schemas import load_search_args

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _item_url(code: str) -> str:
    return url_for("public.power_detail", code=code, _external=True)


@bp.get("/powers")
def powers_list():
    params = load_search_args(request.args)
    result = search.search_powers(params)
    items = []
    for hit in result.hits:
        data = powers.item_summary(hit.item, _item_url(hit.item.code))
        data["highlight"] = {"name": str(hit.name_html), "snippet": str(hit.snippet_html)}
        data["score"] = hit.score
        items.append(data)
    return jsonify({
        "total": result.total, "page": params.page, "per_page": params.per_page, "items": items,
        "facets": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in result.facets.items()},
        "expansions": [{"from": a, "to": b} for a, b in result.expansions],
    })


@bp.get("/powers/<code>")
def power_item(code: str):
    item = powers.get_item(code)
    data = powers.item_summary(item, _item_url(code))
    data["versions"] = [
        {"version": v.version, "status": v.status, "effective_on": v.effective_on.isoformat(),
         "change_note": v.change_note, "recorded_at": v.recorded_at.isoformat()}
        for v in item.versions
    ]
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(url_for("public.home", _external=True).rstrip("/"), CATEGORIES))
