"""Public pages of the penalty decisions: list, detail, annual statistics and the downloads."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from .. import charts, clock, tables
from ..conditional import conditional
from ..errors import PortalError
from ..models import PARTY_TYPES, PENALTY_CATEGORIES
from ..tables import Column
from . import disclosure, sample, stats
from .schemas import load_penalty_args

bp = Blueprint("penalties", __name__)

# Download columns: the public view's keys with their Chinese headers, in a stable order (CSV and XLSX alike).
EXPORT_COLUMNS = (
    Column("id", "编号", "int"),
    Column("document_number", "行政处罚决定书文号"),
    Column("party_name", "行政相对人名称"),
    Column("party_type", "行政相对人类别"),
    Column("uscc", "统一社会信用代码"),
    Column("legal_rep", "法定代表人"),
    Column("violation", "违法行为类型"),
    Column("facts", "违法事实"),
    Column("basis", "处罚依据"),
    Column("categories", "处罚类别", "list"),
    Column("content", "处罚内容"),
    Column("fine_yuan", "罚款金额（元）", "money"),
    Column("confiscated_yuan", "没收金额（元）", "money"),
    Column("decided_on", "处罚决定日期", "date"),
    Column("publicity_until", "公示截止期", "date"),
    Column("authority", "处罚机关"),
    Column("power_code", "权责清单事项编码"),
    Column("status", "状态"),
    Column("correction_note", "更正说明"),
    Column("url", "网址"),
)


@bp.app_context_processor
def _sample_banner() -> dict:
    """Every page says so while the decisions are the fictional seed sample (see ``sample``)."""

    def showing() -> bool:
        try:
            return sample.active()
        except Exception:  # noqa: BLE001 - an error page must render even when the database does not answer
            return False

    return {"sample_data": showing}


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


def _with_urls(rows):
    for row in rows:
        row["url"] = decision_url(row["id"])
        yield row


@bp.get("/downloads/penalties.<fmt>")
@conditional(disclosure.latest_change)
def download(fmt: str):
    """Every public decision matching the filters: JSON, CSV (streamed) or XLSX (typed cells, bounded memory)."""
    if fmt not in ("csv", "json", "xlsx"):
        raise PortalError("not_found", "只提供 CSV、XLSX 和 JSON 格式下载", 404)
    f = load_penalty_args(request.args)
    total, rows = disclosure.iter_export(f)
    rows = _with_urls(rows)
    if fmt == "json":
        return tables.json_response(total, rows, "penalties.json")
    if fmt == "csv":
        return tables.csv_response(EXPORT_COLUMNS, rows, "penalties.csv")
    notes = [("名称", "行政处罚决定公示（已按规定作隐私处理）"), ("导出日期", clock.today().isoformat())]
    return tables.xlsx_response([tables.Sheet("行政处罚决定", EXPORT_COLUMNS, rows)], "penalties.xlsx", notes)


@bp.get("/downloads/stats-<int:year>.<fmt>")
@conditional(stats.version)
def stats_download(year: int, fmt: str):
    """A year's statistics as one long table: total, by month, category, party type, violation and item."""
    if fmt not in ("csv", "xlsx") or not 1990 <= year <= 2100:
        raise PortalError("not_found", "只提供该年度统计的 CSV 和 XLSX 格式下载", 404)
    rows = stats.table_rows(stats.annual(year))
    notes = [("名称", f"{year}年行政执法统计"), ("口径", "含公示期已满的决定，不含已撤回的决定")]
    return tables.table_response(fmt, stats.TABLE_COLUMNS, rows, f"stats-{year}.{fmt}", f"{year}年执法统计", notes)


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
