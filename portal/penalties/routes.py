"""Public pages of the penalty decisions: list, detail, annual statistics and the downloads."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, redirect, render_template, request, url_for

from .. import charts
from ..errors import PortalError
from ..models import PARTY_TYPES, PENALTY_CATEGORIES
from . import disclosure, stats
from .schemas import load_penalty_args

bp = Blueprint("penalties", __name__)

# Download columns: the public view's keys with their Chinese headers, in a stable order.
EXPORT_COLUMNS = (
    ("id", "编号"),
    ("document_number", "行政处罚决定书文号"),
    ("party_name", "行政相对人名称"),
    ("party_type", "行政相对人类别"),
    ("uscc", "统一社会信用代码"),
    ("legal_rep", "法定代表人"),
    ("violation", "违法行为类型"),
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("categories", "处罚类别"),
    ("content", "处罚内容"),
    ("fine_yuan", "罚款金额（元）"),
    ("confiscated_yuan", "没收金额（元）"),
    ("decided_on", "处罚决定日期"),
    ("publicity_until", "公示截止期"),
    ("authority", "处罚机关"),
    ("power_code", "权责清单事项编码"),
    ("status", "状态"),
    ("correction_note", "更正说明"),
    ("url", "网址"),
)


def decision_url(penalty_id: int) -> str:
    return url_for("penalties.detail", penalty_id=penalty_id, _external=True)


def feed_links(args) -> dict:
    """Feed URLs for the filters on this page: autodiscovery links and the subscribe box."""
    keep = {k: v for k, v in args.items() if k in ("q", "year", "category", "party_type", "law", "item") and v}
    return {kind: url_for(f"feeds.penalties_{kind}", **keep) for kind in ("rss", "atom", "json")}


@bp.get("/penalties")
def index():
    f = load_penalty_args(request.args)
    result = disclosure.find(f)
    return render_template(
        "penalties/list.html",
        result=result,
        f=f,
        categories=PENALTY_CATEGORIES,
        party_types=PARTY_TYPES,
        years=stats.years(),
        feeds=feed_links(request.args),
    )


@bp.get("/penalties/<int:penalty_id>")
def detail(penalty_id: int):
    d = disclosure.get(penalty_id)
    if d["status"] == "withdrawn":
        return render_template("penalties/withdrawn.html", w=d)
    return render_template("penalties/detail.html", d=d, feeds=feed_links({}))


@bp.get("/downloads/penalties.<fmt>")
def download(fmt: str):
    if fmt not in ("csv", "json"):
        raise PortalError("not_found", "只提供 CSV 和 JSON 格式下载", 404)
    rows = disclosure.export(load_penalty_args(request.args))
    for row in rows:
        row["url"] = decision_url(row["id"])
    if fmt == "json":
        body = json.dumps({"count": len(rows), "items": rows}, ensure_ascii=False, indent=1)
        return Response(
            body, mimetype="application/json", headers={"Content-Disposition": "attachment; filename=penalties.json"}
        )
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the Chinese as UTF-8
    writer = csv.writer(out)
    writer.writerow([header for _, header in EXPORT_COLUMNS])
    for row in rows:
        writer.writerow(
            [";".join(row[k]) if k == "categories" else ("" if row[k] is None else row[k]) for k, _ in EXPORT_COLUMNS]
        )
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=penalties.csv"}
    )


@bp.get("/stats")
def stats_latest():
    years = stats.years()
    if not years:
        raise PortalError("not_found", "暂无统计数据", 404)
    return redirect(url_for("penalties.annual", year=years[0]))


@bp.get("/stats/<int:year>")
def annual(year: int):
    if not 1990 <= year <= 2100:
        raise PortalError("not_found", "没有该年度的统计", 404)
    data = stats.annual(year)
    month_chart = charts.bars(
        f"{year}年各月立案处罚件数", [(f"{m['month']}月", m["cases"]) for m in data["by_month"]], "件"
    )
    category_chart = charts.bars(f"{year}年按处罚类别统计", list(data["by_category"].items()), "件")
    violation_chart = charts.bars(
        f"{year}年按违法行为类型统计", [(v["violation"], v["cases"]) for v in data["by_violation"]], "件"
    )
    return render_template(
        "penalties/stats.html",
        s=data,
        years=stats.years(),
        month_chart=month_chart,
        category_chart=category_chart,
        violation_chart=violation_chart,
    )
