"""/api/v1/powers: the 权责清单 search and one item, as JSON."""

from __future__ import annotations

from flask import jsonify, request, url_for

from .. import search
from ..api import bp
from ..conditional import conditional
from . import items as powers
from .schemas import load_search_args


def _item_url(code: str) -> str:
    return url_for("public.power_detail", code=code, _external=True)


@bp.get("/powers")
@conditional(powers.list_state, max_age=60)
def powers_list():
    params = load_search_args(request.args)
    result = search.search_powers(params)
    search.count_search(params, result)

    def hit_json(hit):
        data = powers.item_summary(hit.item, _item_url(hit.item.code))
        data["highlight"] = {"name": str(hit.name_html), "snippet": str(hit.snippet_html)}
        data["score"] = hit.score
        return data

    return jsonify(
        {
            "total": result.total,
            "page": params.page,
            "per_page": params.per_page,
            "items": [hit_json(h) for h in result.hits],
            "related": [hit_json(h) for h in result.related],
            "did_you_mean": result.did_you_mean,
            "facets": {k: [{"value": v, "count": n} for v, n in rows] for k, rows in result.facets.items()},
            "expansions": [{"from": a, "to": b} for a, b in result.expansions],
        }
    )


@bp.get("/powers/<code>")
@conditional(powers.list_state, max_age=60)
def power_item(code: str):
    item = powers.get_item(code)
    data = powers.item_summary(item, _item_url(code))
    data["versions"] = [
        {
            "version": v.version,
            "status": v.status,
            "effective_on": v.effective_on.isoformat(),
            "change_note": v.change_note,
            "recorded_at": v.recorded_at.isoformat(),
        }
        for v in item.versions
    ]
    return jsonify(data)
