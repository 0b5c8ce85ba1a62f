"""The JSON API (/api/v1) and its OpenAPI description; same query functions as the HTML pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from . import disclosure, penalties, powers, search, stats
from .errors import PortalError
from .models import CATEGORIES, PARTY_TYPES, PENALTY_CATEGORIES
from .openapi import openapi_document
from .penalty_pages import decision_url
from .schemas import load_penalty_args, load_search_args

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
    return jsonify(openapi_document(url_for("public.home", _external=True).rstrip("/"), CATEGORIES,
                                    PENALTY_CATEGORIES, PARTY_TYPES))


# ---- 行政处罚决定 --------------------------------------------------------------------------------------------
@bp.get("/penalties")
def penalties_list():
    f = load_penalty_args(request.args)
    result = disclosure.find(f)
    items = [{**penalties.public_view(p), "url": decision_url(p.id)} for p in result.items]
    return jsonify({"total": result.total, "page": f.page, "per_page": f.per_page, "items": items,
                    "expansions": [{"from": a, "to": b} for a, b in result.expansions]})


@bp.get("/penalties/<int:penalty_id>")
def penalty(penalty_id: int):
    p = penalties.get_public(penalty_id)
    view = penalties.withdrawal_view(p) if p.status == "withdrawn" else penalties.public_view(p)
    return jsonify({**view, "url": decision_url(p.id)})


@bp.get("/changes")
def changes():
    raw = request.args.get("since", "0") or "0"
    if not raw.isdigit() or len(raw) > 18:
        raise PortalError("bad_request", "参数“since”无效：应为上次返回的 next 值（非负整数）", 400)
    limit = request.args.get("limit", str(disclosure.CHANGES_PAGE))
    if not limit.isdigit() or not 1 <= int(limit) <= disclosure.CHANGES_PAGE:
        raise PortalError("bad_request", f"参数“limit”无效：应在 1 到 {disclosure.CHANGES_PAGE} 之间", 400)
    data = disclosure.changes(int(raw), int(limit))
    for change in data["changes"]:
        if "decision" in change:
            change["decision"] = {**change["decision"], "url": decision_url(change["id"])}
    return jsonify(data)


@bp.get("/stats/<int:year>")
def annual_stats(year: int):
    if not 1990 <= year <= 2100:
        raise PortalError("not_found", "没有该年度的统计", 404)
    return jsonify(stats.annual(year))
