"""/api/v1/penalties, /api/v1/changes and /api/v1/stats: the public decisions as JSON, from public views only."""

from __future__ import annotations

from flask import jsonify, request

from ..api import bp
from ..conditional import conditional
from ..errors import PortalError
from . import disclosure, stats
from .routes import decision_url
from .schemas import load_change_args, load_penalty_args


@bp.get("/penalties")
@conditional(disclosure.latest_change, max_age=60)
def penalties_list():
    f = load_penalty_args(request.args)
    result = disclosure.find(f)
    items = [{**view, "url": decision_url(view["id"])} for view in result.items]
    related = [{**view, "url": decision_url(view["id"])} for view in result.related]
    return jsonify(
        {
            "total": result.total,
            "total_estimated": result.estimated,
            "page": None if f.after else f.page,
            "per_page": f.per_page,
            "next": result.next,
            "items": items,
            "related": related,
            "did_you_mean": result.did_you_mean,
            "expansions": [{"from": a, "to": b} for a, b in result.expansions],
        }
    )


@bp.get("/penalties/<int:penalty_id>")
@conditional(disclosure.latest_change, max_age=60)
def penalty(penalty_id: int):
    view = disclosure.get(penalty_id)
    return jsonify({**view, "url": decision_url(penalty_id)})


@bp.get("/changes")
@conditional(disclosure.latest_change, max_age=60)
def changes():
    args = load_change_args(request.args)
    # ``after`` is the same cursor under the name the other lists use (keyset paging by sequence number).
    since = args["after"] if args["after"] is not None else args["since"]
    data = disclosure.changes(since, args["limit"])
    for change in data["changes"]:
        if "decision" in change:
            change["decision"] = {**change["decision"], "url": decision_url(change["id"])}
    return jsonify(data)


@bp.get("/stats/<int:year>")
@conditional(stats.version, max_age=60)
def annual_stats(year: int):
    if not 1990 <= year <= 2100:
        raise PortalError("not_found", "没有该年度的统计", 404)
    return jsonify(stats.annual(year))
