"""Staff pages of 双随机一公开 (/staff/inspections): the two pools (with CSV import and 回避), plans, the draw
and 检查记录 with their result deadlines. Every POST is CSRF-checked; the domain checks permissions and audits."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import clock, deadlines
from ..errors import PortalError
from ..extensions import db
from ..models import (
    LEGAL_EDUCATION_KINDS,
    OBJECT_PARTY_TYPES,
    OBJECT_TYPES,
    SUBSTITUTION_REASONS,
    InspectionObject,
    InspectionPlan,
    InspectionRecord,
    Inspector,
    Recusal,
    User,
)
from ..schemas import MAX_ID, parse_int
from . import education, plans, pools, records, report, schemas

bp = Blueprint("staff_inspections", __name__, url_prefix="/staff/inspections")


def _calendar() -> deadlines.Calendar:
    return deadlines.Calendar.load(current_app.config["HOLIDAYS_FILE"])


def _as_id(raw) -> int | None:
    """A form or query value as an id, or None when it is not one (``schemas.parse_int``: ASCII digits only)."""
    try:
        return parse_int(str(raw), 1, MAX_ID) if raw not in (None, "") else None
    except ValueError:
        return None


def _get(model, key: int):
    row = db.session.get(model, key)
    if row is None:
        abort(404)
    return row


def _attempt(change, success: str, target, page):
    """Run a domain change and commit; on a refusal roll back (nothing half-written) and show the page again
    with the Chinese message and the status of the refusal."""
    try:
        result = change()
        db.session.commit()
    except PortalError as err:
        db.session.rollback()
        return page(err.message), err.status
    flash(success)
    return redirect(target(result) if callable(target) else target)


@bp.get("/")
@login_required
def index():
    calendar, today = _calendar(), clock.today()
    due = []
    for r in records.unpublished():
        day = records.result_due(r.inspected_on, calendar)
        due.append({"r": r, "due": day, "overdue": day < today})
    plan_rows = db.session.scalars(select(InspectionPlan).order_by(InspectionPlan.id.desc()))
    latest = db.session.scalars(
        select(InspectionRecord).order_by(InspectionRecord.inspected_on.desc(), InspectionRecord.id.desc()).limit(50)
    )
    return render_template(
        "inspections/staff/index.html", plans=list(plan_rows), due=due, today=today, latest=list(latest)
    )


# ---- 检查对象名录库 ----


def _objects_page(message: str | None = None, form=None):
    rows = db.session.scalars(select(InspectionObject).order_by(InspectionObject.id))
    return render_template(
        "inspections/staff/objects.html",
        rows=list(rows),
        types=OBJECT_TYPES,
        party_types=OBJECT_PARTY_TYPES,
        message=message,
        form=form or {},
        columns=pools.CSV_COLUMNS,
    )


@bp.route("/objects", methods=["GET", "POST"])
@login_required
def objects():
    if request.method == "GET":
        return _objects_page()
    return _attempt(
        lambda: pools.save_object(None, schemas.object_data(request.form), current_user),
        "检查对象已加入名录库",
        url_for(".objects"),
        lambda m: _objects_page(m, request.form),
    )


@bp.post("/objects/import")
@login_required
def import_objects():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _objects_page("请选择要导入的 CSV 文件"), 400
    raw = upload.read()
    return _attempt(
        lambda: pools.import_objects_csv(raw, current_user),
        "导入完成",
        url_for(".objects"),
        _objects_page,
    )


# ---- 执法检查人员名录库 ----


def _inspectors_page(message: str | None = None, form=None):
    rows = list(db.session.scalars(select(Inspector).order_by(Inspector.id)))
    taken = {i.user_id for i in rows}
    users = [u for u in db.session.scalars(select(User).order_by(User.id)) if u.active and u.id not in taken]
    recusals = db.session.execute(
        select(Recusal, Inspector, InspectionObject)
        .join(Inspector, Recusal.inspector_id == Inspector.id)
        .join(InspectionObject, Recusal.object_id == InspectionObject.id)
        .order_by(Recusal.id)
    ).all()
    objects = list(db.session.scalars(select(InspectionObject).order_by(InspectionObject.id)))
    return render_template(
        "inspections/staff/inspectors.html",
        rows=rows,
        users=users,
        recusals=recusals,
        objects=objects,
        today=clock.today(),
        message=message,
        form=form or {},
    )


@bp.route("/inspectors", methods=["GET", "POST"])
@login_required
def inspectors():
    if request.method == "GET":
        return _inspectors_page()
    return _attempt(
        lambda: pools.save_inspector(None, schemas.inspector_data(request.form), current_user),
        "执法人员已加入名录库",
        url_for(".inspectors"),
        lambda m: _inspectors_page(m, request.form),
    )


@bp.post("/recusals")
@login_required
def recusals():
    def change():
        inspector = db.session.get(Inspector, schemas.integer(request.form, "inspector_id", "执法人员"))
        obj = db.session.get(InspectionObject, schemas.integer(request.form, "object_id", "检查对象"))
        if inspector is None or obj is None:
            raise PortalError("invalid", "请选择名录库中的执法人员和检查对象", 400)
        return pools.add_recusal(inspector, obj, schemas.text(request.form, "reason"), current_user)

    return _attempt(change, "回避关系已登记（只影响此后公布的计划）", url_for(".inspectors"), _inspectors_page)


@bp.post("/recusals/<int:recusal_id>/remove")
@login_required
def remove_recusal(recusal_id: int):
    link = _get(Recusal, recusal_id)
    return _attempt(
        lambda: pools.remove_recusal(link, schemas.text(request.form, "reason"), current_user),
        "回避关系已解除（只影响此后公布的计划）",
        url_for(".inspectors"),
        _inspectors_page,
    )


# ---- 抽查计划 and the draw ----


def _plan_form(message: str | None = None, form=None):
    return render_template(
        "inspections/staff/plan_form.html",
        items=plans.inspection_items(),
        types=OBJECT_TYPES,
        message=message,
        form=form,
    )


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required
def new_plan():
    if request.method == "GET":
        return _plan_form()
    return _attempt(
        lambda: plans.save(None, schemas.plan_data(request.form), current_user),
        "抽查计划已保存（草稿）",
        lambda p: url_for(".plan", plan_id=p.id),
        lambda m: _plan_form(m, request.form),
    )


def _plan_page(plan: InspectionPlan, message: str | None = None):
    objects = {o.id: o for o in db.session.scalars(select(InspectionObject))}
    inspectors = {i.id: i for i in db.session.scalars(select(Inspector))}
    done = {
        r.object_id: r for r in db.session.scalars(select(InspectionRecord).where(InspectionRecord.plan_id == plan.id))
    }
    return render_template(
        "inspections/staff/plan.html",
        plan=plan,
        objects=objects,
        inspectors=inspectors,
        done=done,
        teams=plans.teams(plan),
        subs=plans.substitutions(plan),
        reasons=SUBSTITUTION_REASONS,
        today=clock.today(),
        message=message,
    )


@bp.get("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _plan_page(_get(InspectionPlan, plan_id))


@bp.post("/plans/<int:plan_id>/publish")
@login_required
def publish_plan(plan_id: int):
    p = _get(InspectionPlan, plan_id)
    return _attempt(
        lambda: plans.publish(p, current_user),
        "计划已公布：名录库快照、哈希值和密钥承诺值已公开",
        url_for(".plan", plan_id=plan_id),
        lambda m: _plan_page(p, m),
    )


@bp.post("/plans/<int:plan_id>/draw")
@login_required
def draw(plan_id: int):
    p = _get(InspectionPlan, plan_id)
    return _attempt(
        lambda: plans.run_draw(p, schemas.text(request.form, "public_value"), current_user),
        "抽取完成，结果和密钥已公开",
        url_for(".plan", plan_id=plan_id),
        lambda m: _plan_page(p, m),
    )


@bp.post("/plans/<int:plan_id>/substitute")
@login_required
def substitute(plan_id: int):
    p = _get(InspectionPlan, plan_id)

    def change():
        object_id, out_id = schemas.pair(request.form, "pair", "检查对象及执法人员")
        return plans.substitute(
            p,
            object_id,
            out_id,
            schemas.text(request.form, "reason_kind"),
            schemas.text(request.form, "reason"),
            current_user,
        )

    return _attempt(
        change, "替换已登记，替补人员已按公开规则确定", url_for(".plan", plan_id=plan_id), lambda m: _plan_page(p, m)
    )


# ---- 检查记录 ----


def _record_form(record: InspectionRecord | None, message: str | None = None, form=None):
    form = form or {}
    plan_id = (form.get("plan_id") if form else None) or request.args.get("plan_id") or (record and record.plan_id)
    object_id = (form.get("object_id") if form else None) or request.args.get("object_id")
    # A new record for a drawn object starts with the inspectors drawn for it and the plan's items.
    chosen, codes = (record.inspector_ids, record.power_codes) if record else ([], [])
    plan = db.session.get(InspectionPlan, pid) if (pid := _as_id(plan_id)) else None
    if record is None and plan is not None and plan.status == "drawn":
        codes = plan.power_codes
        for row in plans.teams(plan):
            if str(row["object_id"]) == str(object_id):
                chosen = row["inspector_ids"]
    if form:
        chosen = [i for i in map(_as_id, form.getlist("inspector_ids")) if i is not None]
        codes = form.getlist("power_codes")
    return render_template(
        "inspections/staff/record_form.html",
        record=record,
        form=form,
        plan_id=plan_id,
        object_id=object_id,
        chosen=chosen,
        codes=codes,
        drawn_plans=list(
            db.session.scalars(
                select(InspectionPlan).where(InspectionPlan.status == "drawn").order_by(InspectionPlan.id)
            )
        ),
        objects=list(db.session.scalars(select(InspectionObject).order_by(InspectionObject.id))),
        inspectors=list(db.session.scalars(select(Inspector).order_by(Inspector.id))),
        items=plans.inspection_items(),
        message=message,
    )


@bp.route("/records/new", methods=["GET", "POST"])
@login_required
def new_record():
    if request.method == "GET":
        return _record_form(None)
    return _attempt(
        lambda: records.save(None, schemas.record_data(request.form), current_user, _calendar()),
        "检查记录已保存",
        lambda r: url_for(".record", record_id=r.id),
        lambda m: _record_form(None, m, request.form),
    )


def _record_page(record: InspectionRecord, message: str | None = None):
    return render_template(
        "inspections/staff/record.html",
        record=record,
        view=records.public_record(record) if record.published_at else None,
        due=records.result_due(record.inspected_on, _calendar()),
        message=message,
    )


@bp.get("/records/<int:record_id>")
@login_required
def record(record_id: int):
    return _record_page(_get(InspectionRecord, record_id))


@bp.route("/records/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_record(record_id: int):
    r = _get(InspectionRecord, record_id)
    if request.method == "GET":
        return _record_form(r)
    return _attempt(
        lambda: records.save(r, schemas.record_data(request.form), current_user, _calendar()),
        "检查记录已保存",
        url_for(".record", record_id=record_id),
        lambda m: _record_form(r, m, request.form),
    )


@bp.post("/records/<int:record_id>/publish")
@login_required
def publish_record(record_id: int):
    r = _get(InspectionRecord, record_id)
    return _attempt(
        lambda: records.publish(r, current_user),
        "检查结果已公开",
        url_for(".record", record_id=record_id),
        lambda m: _record_page(r, m),
    )


# ---- 普法 figures of a year ----


def _education_page(year: int | None = None, message: str | None = None, form=None):
    year = year or clock.today().year - 1
    shown = report.annual(year)["legal_education"] if 1990 <= year <= clock.today().year else {}
    return render_template(
        "inspections/staff/education.html",
        year=year,
        kinds=LEGAL_EDUCATION_KINDS,
        shown=shown,
        entered=education.entered(year),
        years=education.years_entered(),
        columns=education.COLUMNS,
        message=message,
        form=form or {},
    )


@bp.route("/education", methods=["GET", "POST"])
@login_required
def education_figures():
    if request.method == "GET":
        year = _as_id(request.args.get("year"))
        return _education_page(year if year and year <= 9999 else None)
    year = schemas.text(request.form, "year")
    figures = {k: schemas.text(request.form, k) for k in LEGAL_EDUCATION_KINDS if schemas.text(request.form, k)}
    shown_year = _as_id(year) if _as_id(year) and _as_id(year) <= 9999 else None
    return _attempt(
        lambda: education.set_figures(year, figures, current_user),
        "普法数据已保存",
        url_for(".education_figures", year=year),
        lambda m: _education_page(shown_year, m, request.form),
    )


@bp.post("/education/import")
@login_required
def import_education():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _education_page(None, "请选择要导入的 CSV 或 XLSX 文件"), 400
    raw = upload.read()
    return _attempt(
        lambda: education.import_table(raw, current_user),
        "普法数据已导入",
        lambda done: url_for(".education_figures", year=max(done)),
        lambda m: _education_page(None, m),
    )


# ---- changes to pool entries ----


def _object_edit(obj: InspectionObject, message: str | None = None, form=None):
    return render_template(
        "inspections/staff/object_edit.html",
        o=obj,
        form=form or {},
        types=OBJECT_TYPES,
        party_types=OBJECT_PARTY_TYPES,
        message=message,
    )


@bp.route("/objects/<int:object_id>/edit", methods=["GET", "POST"])
@login_required
def edit_object(object_id: int):
    obj = _get(InspectionObject, object_id)
    if request.method == "GET":
        return _object_edit(obj)
    return _attempt(
        lambda: pools.save_object(obj, schemas.object_data(request.form), current_user),
        "检查对象已修改",
        url_for(".objects"),
        lambda m: _object_edit(obj, m, request.form),
    )


@bp.post("/objects/<int:object_id>/active")
@login_required
def object_active(object_id: int):
    obj = _get(InspectionObject, object_id)
    active = request.form.get("active") == "1"
    return _attempt(
        lambda: pools.set_object_active(obj, active, current_user),
        "已恢复该检查对象" if active else "已将该检查对象移出名录库（已公布的快照不变）",
        url_for(".objects"),
        lambda m: _object_edit(obj, m),
    )


def _inspector_edit(inspector: Inspector, message: str | None = None):
    return render_template("inspections/staff/inspector_edit.html", i=inspector, message=message)


@bp.route("/inspectors/<int:inspector_id>/edit", methods=["GET", "POST"])
@login_required
def edit_inspector(inspector_id: int):
    inspector = _get(Inspector, inspector_id)
    if request.method == "GET":
        return _inspector_edit(inspector)

    def change():
        data = schemas.inspector_data(request.form)
        return pools.save_inspector(inspector, {**data, "user_id": inspector.user_id}, current_user)

    return _attempt(change, "执法证信息已修改", url_for(".inspectors"), lambda m: _inspector_edit(inspector, m))


@bp.post("/inspectors/<int:inspector_id>/active")
@login_required
def inspector_active(inspector_id: int):
    inspector = _get(Inspector, inspector_id)
    active = request.form.get("active") == "1"
    return _attempt(
        lambda: pools.set_inspector_active(inspector, active, current_user),
        "已恢复该执法人员" if active else "已将该执法人员移出名录库",
        url_for(".inspectors"),
        lambda m: _inspector_edit(inspector, m),
    )
