"""The staff side (/staff): sign-in, dashboard, the decision form, reviews, publication, corrections,
withdrawals, attachments, a case's history and the credit-push status. Every POST is CSRF-checked."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from .. import audit, clock, deadlines, permissions, security
from ..extensions import db
from ..inspections import records as inspection_records
from ..models import LEGAL_REVIEW, REVIEW_CHECKS, Attachment, Correction, Law, Penalty, PowerItem, Review
from ..penalties import credit, lifecycle, public, ranges
from . import accounts, attachments, corrections, drafting, review
from .forms import (
    ActionForm,
    AttachmentForm,
    CorrectionForm,
    CorrectionReviewForm,
    DecisionForm,
    LoginForm,
    PasswordForm,
    ReviewForm,
    TierForm,
    WithdrawalForm,
    require_valid,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _calendar() -> deadlines.Calendar:
    return deadlines.Calendar.load(current_app.config["HOLIDAYS_FILE"])


def _calendar_gaps(calendar: deadlines.Calendar, *days) -> list[int]:
    """Years of the given deadlines that the holiday calendar does not list, so staff know to distrust them."""
    return sorted({d.year for d in days if d and not calendar.covers(d)})


def _decision(penalty_id: int) -> Penalty:
    p = db.session.get(Penalty, penalty_id)
    if p is None:
        abort(404)
    return p


def _choices(form: DecisionForm) -> None:
    form.power_code.choices = [SelectChoice("", "（不关联）")] + [
        SelectChoice(code, f"{code} {name}")
        for code, name in db.session.execute(
            select(PowerItem.code, PowerItem.name).where(PowerItem.category == "行政处罚").order_by(PowerItem.code)
        )
    ]
    form.law_id.choices = [SelectChoice("", "（不关联）")] + [
        SelectChoice(str(law_id), name)
        for law_id, name in db.session.execute(select(Law.id, Law.name).order_by(Law.name))
    ]


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data, request.remote_addr or "?")
        security.start_session(user)
        return redirect(url_for("staff.dashboard"))
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if ActionForm().validate_on_submit():
        security.end_session(current_user._get_current_object())
        db.session.commit()
    return redirect(url_for("staff.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        accounts.change_password(current_user, form.current.data, form.new.data)
        db.session.commit()
        security.keep_session(current_user)  # every other session of the account has ended
        flash("密码已修改")
        return redirect(url_for("staff.dashboard"))
    return render_template("staff/password.html", form=form)


@bp.get("/")
@login_required
def dashboard():
    calendar, today = _calendar(), clock.today()

    def rows_of(decisions):
        rows = []
        for p in decisions:
            due = deadlines.publication_due(p.decided_on, calendar)
            rows.append({"p": p, "due": due, "overdue": due < today})
        return rows

    mine = rows_of(review.waiting_for(current_user))
    # Corrections proposed by someone else wait for an approver (never for the one who proposed them).
    pending_corrections = corrections.waiting_for(current_user)
    # The heads of the office (and the administrator, whose queue is already everything) watch every deadline.
    office = rows_of(review.unpublished()) if permissions.can(current_user, "penalties.overview") else []
    # Every 执法部门负责人 sees who changed which account lately (separation of duties is watched, not assumed).
    account_events = accounts.recent_events() if permissions.can(current_user, "users.events") else []
    # Inspection results are published within 20 working days of the inspection.
    results = []
    if permissions.can(current_user, "inspection.record"):
        for r in inspection_records.unpublished():
            due = inspection_records.result_due(r.inspected_on, calendar)
            results.append({"r": r, "due": due, "overdue": due < today})
    return render_template(
        "staff/dashboard.html",
        rows=mine,
        pending_corrections=pending_corrections,
        office=office,
        account_events=account_events,
        results=results,
        today=today,
        action=ActionForm(),
        gaps=_calendar_gaps(calendar, today, *(r["due"] for r in mine + office + results)),
    )


@bp.route("/decisions/new", methods=["GET", "POST"])
@login_required
def new_decision():
    permissions.require(current_user, "penalty.draft")
    return _edit(None)


@bp.route("/decisions/<int:penalty_id>/edit", methods=["GET", "POST"])
@login_required
def edit_decision(penalty_id: int):
    return _edit(_decision(penalty_id))


def _item_chosen(form: DecisionForm) -> str:
    """The 权责清单 item chosen in the form, if it is one of the form's choices ("" otherwise)."""
    code = form.power_code.data
    return code if code and code in {c.value for c in form.power_code.choices} else ""


def _item_field(form: DecisionForm) -> str:
    code = _item_chosen(form)
    return drafting.item_defaults(code)["field"] if code else ""


def _edit(p: Penalty | None):
    form = DecisionForm(obj=p) if request.method == "GET" and p else DecisionForm()
    if request.method == "GET" and p:
        form.categories.data = p.category_list
    _choices(form)
    if request.method == "POST" and "fill" in request.form:
        # Without JavaScript: "按所选事项填写" posts the form to fill the basis from the item; nothing is saved.
        return _fill_from_item(form, p)
    if form.validate_on_submit():
        p = drafting.save(p, form.data_for_model(), current_user)
        db.session.commit()
        problems = drafting.problems_by_field(p)
        if not problems:
            flash("草稿已保存")
            return redirect(url_for("staff.decision", penalty_id=p.id))
        # Saved, but say at once, beside each field, what must be fixed before review.
        for name, messages in problems.items():
            target = form[name] if name in form else None
            if target is not None:
                target.errors = [*target.errors, *messages]
        flash("草稿已保存，但提交审核前需修正标红的字段")
        return render_template(
            "staff/form.html",
            form=form,
            p=p,
            item_field=_item_field(form),
            action_url=url_for("staff.edit_decision", penalty_id=p.id),
        ), 200
    return render_template("staff/form.html", form=form, p=p, item_field=_item_field(form))


def _fill_from_item(form: DecisionForm, p: Penalty | None):
    code = _item_chosen(form)
    if not code:
        form.power_code.errors = ["请先选择权责清单事项"]
        return render_template("staff/form.html", form=form, p=p, item_field=""), 400
    defaults = drafting.item_defaults(code)
    form.basis.data, form.law_id.data = defaults["basis"], defaults["law_id"]
    form.article_number.data = defaults["article_number"]
    flash(f"已按“{defaults['name']}”填写处罚依据、法律和条文，请核对")
    return render_template("staff/form.html", form=form, p=p, item_field=defaults["field"])


@bp.get("/powers/<code>/draft-defaults")
@login_required
def item_defaults(code: str):
    """What choosing this 权责清单 item fills in a draft (the form's script asks; the form works without it)."""
    permissions.require(current_user, "penalty.draft")
    return jsonify(drafting.item_defaults(code))


@bp.get("/decisions/<int:penalty_id>")
@login_required
def decision(penalty_id: int):
    p = _decision(penalty_id)
    problems = drafting.problems_by_field(p) if p.status == "draft" else {}
    steps = list(db.session.scalars(select(Review).where(Review.penalty_id == p.id).order_by(Review.id)))
    files = list(db.session.scalars(select(Attachment).where(Attachment.penalty_id == p.id)))
    calendar = _calendar()
    due = deadlines.publication_due(p.decided_on, calendar)
    withdraw_due = deadlines.withdrawal_due(p.withdrawal_event_on, calendar) if p.withdrawal_event_on else None
    withdrawn_late = bool(withdraw_due and p.withdrawn_at and clock.local(p.withdrawn_at).date() > withdraw_due)
    preview = lifecycle.preview(p) if p.status == "draft" else None
    waiting = corrections.pending(p)
    return render_template(
        "staff/decision.html",
        p=p,
        problems=problems,
        legal_range=ranges.view(ranges.current(), p.power_code, p.party_type),
        range_warnings=drafting.range_warnings(p),
        steps=steps,
        files=files,
        due=due,
        preview=preview,
        mask_report=public.masking_report(p) if preview else None,
        publicity=lifecycle.publicity_info(p),
        tier_form=TierForm(),
        tier_form_shown=p.status == "draft"
        and p.review_stage == LEGAL_REVIEW
        and permissions.can(current_user, "penalty.review", p),
        labels=drafting.LABELS,
        withdraw_due=withdraw_due,
        withdrawn_late=withdrawn_late,
        gaps=_calendar_gaps(calendar, due, withdraw_due),
        path=review.path(p),
        events=audit.history(f"penalty:{p.id}"),
        review_form=ReviewForm(),
        action=ActionForm(),
        correction=CorrectionForm(data={f: getattr(p, f) for f in CorrectionForm.FIELDS}),
        pending_correction=corrections.review_view(waiting) if waiting else None,
        past_corrections=[c for c in corrections.history(p) if c.status != "pending"],
        correction_review=CorrectionReviewForm(),
        withdrawal=WithdrawalForm(),
        upload=AttachmentForm(),
        checks=REVIEW_CHECKS,
    )


def _act(penalty_id: int, form, fn, message: str):
    p = _decision(penalty_id)
    require_valid(form)
    fn(p, form)
    db.session.commit()
    flash(message)
    return redirect(url_for("staff.decision", penalty_id=p.id))


@bp.post("/decisions/<int:penalty_id>/submit")
@login_required
def submit(penalty_id: int):
    def go(p, form):
        drafting.check_complete(p)
        review.submit(p, current_user)

    return _act(penalty_id, ActionForm(), go, "已提交审核")


@bp.post("/decisions/<int:penalty_id>/approve")
@login_required
def approve(penalty_id: int):
    return _act(
        penalty_id,
        ReviewForm(),
        lambda p, f: review.approve(p, current_user, f.comment.data or "", {k: f[k].data for k in REVIEW_CHECKS}),
        "已审核通过",
    )


@bp.post("/decisions/<int:penalty_id>/return")
@login_required
def return_(penalty_id: int):
    return _act(
        penalty_id,
        ReviewForm(),
        lambda p, f: review.return_to_handler(p, current_user, f.comment.data or ""),
        "已退回办案人员",
    )


@bp.post("/decisions/<int:penalty_id>/tier")
@login_required
def set_tier(penalty_id: int):
    return _act(
        penalty_id,
        TierForm(),
        lambda p, f: review.set_tier(p, current_user, f.tier.data, f.tier_reason.data),
        "已调整失信程度档次",
    )


@bp.post("/decisions/<int:penalty_id>/publish")
@login_required
def publish(penalty_id: int):
    return _act(penalty_id, ActionForm(), lambda p, f: review.publish(p, current_user), "已发布")


@bp.post("/decisions/<int:penalty_id>/correct")
@login_required
def correct(penalty_id: int):
    def go(p, form):
        corrections.propose(p, current_user, corrections.changes_from_form(form.changes()), form.note.data)

    return _act(penalty_id, CorrectionForm(), go, "已提出更正：经执法部门负责人或法制审核人员核准后生效")


def _correction(correction_id: int) -> Correction:
    c = db.session.get(Correction, correction_id)
    if c is None:
        abort(404)
    return c


def _decide_correction(correction_id: int, fn, message: str):
    c = _correction(correction_id)
    return _act(c.penalty_id, CorrectionReviewForm(), lambda p, form: fn(c, form.reason.data or ""), message)


@bp.post("/corrections/<int:correction_id>/approve")
@login_required
def approve_correction(correction_id: int):
    return _decide_correction(
        correction_id,
        lambda c, reason: corrections.approve(c, current_user, reason),
        "已核准更正：公示页面、订阅和变更记录已更新，并已加入信用平台推送",
    )


@bp.post("/corrections/<int:correction_id>/reject")
@login_required
def reject_correction(correction_id: int):
    return _decide_correction(
        correction_id, lambda c, reason: corrections.reject(c, current_user, reason), "已驳回更正，原决定不变"
    )


@bp.post("/corrections/<int:correction_id>/cancel")
@login_required
def cancel_correction(correction_id: int):
    return _decide_correction(
        correction_id, lambda c, reason: corrections.cancel(c, current_user), "已撤销待核准的更正"
    )


@bp.post("/decisions/<int:penalty_id>/withdraw")
@login_required
def withdraw(penalty_id: int):
    def go(p, form):
        review.withdraw(p, current_user, form.event.data, form.event_on.data, form.reason.data)

    return _act(penalty_id, WithdrawalForm(), go, "已撤回，公示页面只显示撤回公告")


@bp.post("/decisions/<int:penalty_id>/attachments")
@login_required
def upload(penalty_id: int):
    def go(p, form):
        data = form.file.data.read()
        attachments.store(p, form.file.data.filename, data, current_user)

    return _act(penalty_id, AttachmentForm(), go, "决定书已上传")


@bp.get("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    item = db.session.get(Attachment, attachment_id)
    if item is None:
        abort(404)
    return send_file(
        attachments.path_of(item), mimetype="application/pdf", download_name=item.filename, as_attachment=True
    )


@bp.get("/credit")
@login_required
def credit_status():
    return render_template("staff/credit.html", data=credit.status())
