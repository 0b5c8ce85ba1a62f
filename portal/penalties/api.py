"""/api/v1/penalties, /api/v1/changes and /api/v1/stats: the public decisions as JSON, from public views only."""

from __future__ import annotations

from flask import jsonify, request

from ..api import bp
from ..errors import PortalError
from . import disclosure, stats
from .routes import decision_url
from .schemas import load_penalty_args


@bp.get("/penalties")
def penalties_list():
    f = load_penalty_args(request.args)
    result = disclosure.find(f)
    items = [{**view, "url": decision_url(view["id"])} for view in result.items]
    return jsonify(
        {
            "total": result.total,
            "page": f.page,
            "per_page": f.per_page,
            "items": items,
            "expansions": [{"from": a, "to": b} for a, b in result.expansions],
        }
    )


@bp.get("/penalties/<int:penalty_id>")
def penalty(penalty_id: int):
    view = disclosure.get(penalty_id)
    return jsonify({**view, "url": decision_url(penalty_id)})


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
