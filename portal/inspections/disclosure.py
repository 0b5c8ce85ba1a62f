"""What the public may read of inspections: published plans with their draw, and published results only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..errors import PortalError
from ..extensions import db
from ..models import (
    AuditEvent,
    InspectionObject,
    InspectionPlan,
    InspectionRecord,
    InspectionSubstitution,
    Inspector,
    LegalEducation,
)
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


def plan_document(plan_id: int) -> dict:
    """The plan's draw document (what ``verify`` checks) with its published results."""
    plan = get_plan(plan_id)
    return {**plans.draw_document(plan), "results": results(plan.id)}


def public_ids() -> list[int]:
    return list(db.session.scalars(select(InspectionPlan.id).where(PUBLIC_PLAN).order_by(InspectionPlan.id)))


def version() -> tuple[str, dt.datetime | None]:
    """The version of everything public about inspections, for ``conditional`` and ``cache.data_version``.

    Every staff change of an inspection table is audited (action ``inspection.*``), so the newest such event
    moves with each; the row counts and newest ids cover what the seed loads without an audit event. Its
    time is the Last-Modified of the inspection API, feeds and downloads.
    """
    audited = select(func.max(AuditEvent.at)).where(AuditEvent.action.like("inspection.%")).scalar_subquery()
    row = db.session.execute(select(*version_parts(), audited)).one()
    return version_text(row[:-1]), row[-1]


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
