"""What the public may read of inspections: published plans with their draw, and published results only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import (
    AuditEvent,
    InspectionChange,
    InspectionObject,
    InspectionPlan,
    InspectionRecord,
    InspectionSubstitution,
    Inspector,
    LegalEducation,
)
from ..penalties.disclosure import CHANGES_PAGE, SEQ_MAX
from ..tables import Column
from . import plans, records

PUBLIC_PLAN = InspectionPlan.status.in_(("published", "drawn"))


def list_plans(page: int, per_page: int) -> tuple[int, list[dict]]:
    total = db.session.scalar(select(func.count()).select_from(InspectionPlan).where(PUBLIC_PLAN))
    rows = db.session.scalars(
        select(InspectionPlan)
        .where(PUBLIC_PLAN)
        .order_by(InspectionPlan.published_on.desc(), InspectionPlan.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return total, [plans.plan_view(p) for p in rows]


def get_plan(plan_id: int) -> InspectionPlan:
    plan = db.session.get(InspectionPlan, plan_id)
    if plan is None or plan.status not in ("published", "drawn"):
        raise PortalError("not_found", "没有该抽查计划，或计划尚未公布", 404)
    return plan


def results(plan_id: int | None, limit: int | None = None) -> list[dict]:
    """Published results of a plan (or of 日常巡查 when ``plan_id`` is None), newest first."""
    query = select(InspectionRecord).where(InspectionRecord.published_at.is_not(None))
    query = query.where(
        InspectionRecord.plan_id == plan_id if plan_id is not None else InspectionRecord.plan_id.is_(None)
    )
    query = query.order_by(InspectionRecord.inspected_on.desc(), InspectionRecord.id.desc())
    if limit:
        query = query.limit(limit)
    return [records.public_record(r) for r in db.session.scalars(query)]


def patrol_page(page: int, per_page: int) -> tuple[int, list[dict]]:
    """Published results of 日常巡查, newest first, one page."""
    where = (InspectionRecord.published_at.is_not(None), InspectionRecord.plan_id.is_(None))
    total = db.session.scalar(select(func.count()).select_from(InspectionRecord).where(*where))
    rows = db.session.scalars(
        select(InspectionRecord)
        .where(*where)
        .order_by(InspectionRecord.inspected_on.desc(), InspectionRecord.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return total, [records.public_record(r) for r in rows]


def published_results(page: int, per_page: int) -> tuple[int, list[dict]]:
    """Every published result (draws and 日常巡查), the most recently published first: one page (the feeds)."""
    where = InspectionRecord.published_at.is_not(None)
    total = db.session.scalar(select(func.count()).select_from(InspectionRecord).where(where))
    rows = db.session.scalars(
        select(InspectionRecord)
        .where(where)
        .order_by(InspectionRecord.published_at.desc(), InspectionRecord.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return total, [records.public_record(r) for r in rows]


def export() -> list[dict]:
    """Every published result (draws and 日常巡查) as the public sees it, by number: the downloads."""
    rows = db.session.scalars(
        select(InspectionRecord).where(InspectionRecord.published_at.is_not(None)).order_by(InspectionRecord.id)
    )
    return [records.public_record(r) for r in rows]


# Download columns (CSV and XLSX): one row per inspected object, from the public view only.
EXPORT_COLUMNS = (
    Column("id", "编号", "int"),
    Column("source_name", "检查来源"),
    Column("plan_id", "抽查计划编号", "int"),
    Column("plan_title", "抽查计划"),
    Column("inspected_on", "检查日期", "date"),
    Column("object_name", "检查对象"),
    Column("object_type", "对象类型"),
    Column("credit_code", "统一社会信用代码"),
    Column("items", "检查事项", "list"),
    Column("findings", "检查情况"),
    Column("problems", "发现问题点位", "int"),
    Column("rectification", "整改要求"),
    Column("rectify_due", "整改期限", "date"),
    Column("recheck_on", "复查日期", "date"),
    Column("recheck_result", "复查（整改）结果"),
    Column("corrected", "已整改点位", "int"),
    Column("referred_to", "移送部门"),
    Column("inspector_names", "执法人员", "list"),
    Column("cert_numbers", "执法证号", "list"),
    Column("penalty_id", "关联处罚案件编号", "int"),
    Column("published_at", "公开时间"),
)


def table_rows(views: list[dict]) -> list[dict]:
    """The public views as flat rows for ``EXPORT_COLUMNS`` (the plan by its title, the object by its public name)."""
    titles = dict(db.session.execute(select(InspectionPlan.id, InspectionPlan.title).where(PUBLIC_PLAN)).all())
    return [
        {
            **v,
            "plan_title": titles.get(v["plan_id"], ""),
            "object_name": v["object"]["name"],
            "object_type": v["object"]["type"],
            "credit_code": v["object"].get("credit_code", ""),
            "inspector_names": [i["name"] for i in v["inspectors"]],
            "cert_numbers": [i["cert_number"] for i in v["inspectors"]],
        }
        for v in views
    ]


def changes(since: int, limit: int = CHANGES_PAGE) -> dict:
    """Change-log entries after ``since`` in order; applying all of them from 0 gives ``export()``.

    ``add``/``update`` entries carry the result's public view as it is now (``changelog``: the log stores no
    text), and none when the result is no longer public (a tombstone). Keyset paging by sequence number, as
    /api/v1/changes: one row more than a page says whether there is more.
    """
    rows = (
        list(
            db.session.scalars(
                select(InspectionChange)
                .where(InspectionChange.seq > since)
                .order_by(InspectionChange.seq)
                .limit(limit + 1)
            )
        )
        if since < SEQ_MAX
        else []
    )
    more, rows = len(rows) > limit, rows[:limit]
    ids = {c.record_id for c in rows if c.op in ("add", "update")}
    public = (
        {
            r.id: records.public_record(r)
            for r in db.session.scalars(
                select(InspectionRecord).where(InspectionRecord.id.in_(ids), InspectionRecord.published_at.is_not(None))
            )
        }
        if ids
        else {}
    )
    return {
        "next": rows[-1].seq if rows else since,
        "more": more,
        "changes": [
            {
                "seq": c.seq,
                "op": c.op,
                "id": c.record_id,
                "at": clock.local(c.at).isoformat(),
                **({"inspection": public[c.record_id]} if c.op in ("add", "update") and c.record_id in public else {}),
            }
            for c in rows
        ],
    }


def plan_document(plan_id: int) -> dict:
    """The plan's draw document (what ``verify`` checks) with its published results."""
    plan = get_plan(plan_id)
    return {**plans.draw_document(plan), "results": results(plan.id)}


def public_ids() -> list[int]:
    return list(db.session.scalars(select(InspectionPlan.id).where(PUBLIC_PLAN).order_by(InspectionPlan.id)))


def version() -> tuple[str, dt.datetime | None]:
    """The version of everything public about inspections, for ``conditional`` and ``cache.data_version``.

    Every staff change of an inspection table is audited (action ``inspection.*``), so the newest such event
    moves with each; the row counts and newest ids cover what the seed loads without an audit event. The
    change log (``changelog``) is only written beside one of those, so it needs no part of its own. The newer of
    the newest event's and the newest log entry's time is the Last-Modified of the inspection API, feeds and
    downloads.
    """
    audited = select(func.max(AuditEvent.at)).where(AuditEvent.action.like("inspection.%")).scalar_subquery()
    # The seed publishes results without an audit event: the change log's newest time stands for them.
    logged = select(func.max(InspectionChange.at)).scalar_subquery()
    row = db.session.execute(select(*version_parts(), audited, logged)).one()
    # Both come from the same database, so both carry a zone (PostgreSQL) or neither (SQLite), as the callers expect.
    newest = max((t for t in row[-2:] if t is not None), default=None)
    return version_text(row[:-2]), newest


def version_parts() -> list:
    """The scalar subqueries ``version`` is made of (``cache.data_version`` reads them in its own one query)."""
    audited = select(func.max(AuditEvent.id)).where(AuditEvent.action.like("inspection.%")).scalar_subquery()
    tables = (InspectionPlan, InspectionRecord, InspectionSubstitution, LegalEducation, Inspector, InspectionObject)
    parts = [audited]
    for model in tables:
        parts += [
            select(func.count(model.id)).scalar_subquery(),
            select(func.coalesce(func.max(model.id), 0)).scalar_subquery(),
        ]
    return parts


def version_text(values) -> str:
    """``version``'s string from the values of ``version_parts``."""
    newest_id, *counts = values
    return f"{newest_id or 0}:" + ".".join(str(n) for n in counts)
