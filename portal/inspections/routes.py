"""Public pages of 双随机一公开: /inspections (plans and 日常巡查 results) and /inspections/<id> (one plan, its
draw with everything needed to check it, and the results per object)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from .. import clock, schemas, tables
from ..conditional import conditional
from ..errors import PortalError
from ..models import LEGAL_EDUCATION_KINDS
from . import disclosure, enforcement, plans, report

bp = Blueprint("inspections", __name__)
LABELS = {"page": "页码", "per_page": "每页条数", "q": "查询词"}


def page_args(args) -> tuple[int, int]:
    loaded = schemas.load(schemas.ListArgs(), args, LABELS)
    return loaded["page"], loaded["per_page"] or current_app.config["PER_PAGE"]


def plan_url(plan_id: int) -> str:
    return url_for("inspections.detail", plan_id=plan_id, _external=True)


@bp.get("/inspections")
def index():
    page, per_page = page_args(request.args)
    total, items = disclosure.list_plans(page, per_page)
    return render_template(
        "inspections/list.html",
        total=total,
        items=items,
        page=page,
        pages=max(1, -(-total // per_page)),
        patrol=disclosure.results(None, limit=5),
    )


@bp.get("/inspections/patrol")
def patrol():
    page, per_page = page_args(request.args)
    total, items = disclosure.patrol_page(page, per_page)
    return render_template(
        "inspections/patrol.html", total=total, items=items, page=page, pages=max(1, -(-total // per_page))
    )


@bp.get("/inspections/<int:plan_id>")
def detail(plan_id: int):
    doc = disclosure.plan_document(plan_id)
    objects = {o["id"]: o for o in doc["pools"]["objects"]}
    inspectors = {i["id"]: i for i in doc["pools"]["inspectors"]}
    by_object: dict[int, list] = {}
    for r in doc["results"]:
        by_object.setdefault(r["object"]["id"], []).append(r)
    return render_template(
        "inspections/detail.html",
        doc=doc,
        plan=doc["plan"],
        objects=objects,
        inspectors=inspectors,
        by_object=by_object,
        min_inspectors=plans.MIN_INSPECTORS,
        json_url=url_for("api.inspection", plan_id=plan_id, _external=True),
    )


@bp.get("/enforcement")
def enforcement_page():
    """事前公开: 执法主体, 执法人员名录, 随机抽查事项清单, 执法流程, 救济渠道, 监督电话."""
    return render_template(
        "inspections/enforcement.html",
        subjects=enforcement.subjects(current_app.config["HOST_ORG"]),
        roster=enforcement.roster(clock.today()),
        items=enforcement.inspection_items(),
        procedure=enforcement.procedure(),
        publicity=enforcement.article(enforcement.PENALTY_LAW, 39),
    )


@bp.get("/downloads/inspections.<fmt>")
@conditional(disclosure.version)
def download(fmt: str):
    """Every published inspection result (natural persons masked): JSON bulk, CSV or XLSX, one row per object."""
    if fmt not in ("csv", "xlsx", "json"):
        raise PortalError("not_found", "只提供 CSV、XLSX 和 JSON 格式下载", 404)
    views = disclosure.export()
    if fmt == "json":
        return tables.json_response(len(views), views, "inspections.json")
    notes = [("名称", "双随机一公开检查结果（已按规定作隐私处理）"), ("导出日期", clock.today().isoformat())]
    rows = disclosure.table_rows(views)
    return tables.table_response(fmt, disclosure.EXPORT_COLUMNS, rows, f"inspections.{fmt}", "检查结果", notes)


def report_year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise PortalError("not_found", "没有该年度的报告", 404)
    return year


@bp.get("/reports/<int:year>")
def annual_report(year: int):
    return render_template("inspections/report.html", r=report.annual(report_year(year)), kinds=LEGAL_EDUCATION_KINDS)


@bp.get("/downloads/report-<int:year>.<fmt>")
@conditional(report.version)
def report_download(year: int, fmt: str):
    """A year's report as one table (CSV or XLSX): every figure of the page, counts and amounts as numbers."""
    if fmt not in ("csv", "xlsx"):
        raise PortalError("not_found", "只提供年度报告的 CSV 和 XLSX 格式下载", 404)
    rows = report.table_rows(report.annual(report_year(year)))
    notes = [("名称", f"{year}年度行政执法工作报告"), ("导出日期", clock.today().isoformat())]
    return tables.table_response(fmt, report.TABLE_COLUMNS, rows, f"report-{year}.{fmt}", f"{year}年度报告", notes)
