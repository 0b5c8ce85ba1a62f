"""/api/v1/inspections and /api/v1/inspections/<id>: published plans, and one plan's draw document (the JSON
``python -m portal.inspections.verify`` checks) with its published results; /api/v1/inspections/changes: the
change log of published results."""

from __future__ import annotations

from flask import jsonify, request

from ..api import bp
from ..conditional import conditional
from ..penalties.schemas import load_change_args
from . import disclosure, report
from .routes import page_args, plan_url, report_year


@bp.get("/inspections")
@conditional(disclosure.version, max_age=60)
def inspections_list():
    page, per_page = page_args(request.args)
    total, items = disclosure.list_plans(page, per_page)
    items = [{**item, "url": plan_url(item["id"])} for item in items]
    return jsonify({"total": total, "page": page, "per_page": per_page, "items": items})


@bp.get("/inspections/patrol")
@conditional(disclosure.version, max_age=60)
def inspections_patrol():
    page, per_page = page_args(request.args)
    total, items = disclosure.patrol_page(page, per_page)
    return jsonify({"total": total, "page": page, "per_page": per_page, "items": items})


@bp.get("/inspections/changes")
@conditional(disclosure.version, max_age=60)
def inspection_changes():
    """The change log of published results, the same contract as /api/v1/changes (``inspection`` for ``decision``)."""
    args = load_change_args(request.args)
    return jsonify(disclosure.changes(args["after"] if args["after"] is not None else args["since"], args["limit"]))


@bp.get("/inspections/<int:plan_id>")
@conditional(disclosure.version, max_age=60)
def inspection(plan_id: int):
    return jsonify({**disclosure.plan_document(plan_id), "url": plan_url(plan_id)})


@bp.get("/reports/<int:year>")
@conditional(report.version, max_age=60)
def annual_report(year: int):
    return jsonify(report.annual(report_year(year)))
