"""The search's own routes: suggestions while typing (/api/v1/suggest) and the staff page of what residents
search for without finding it, where synonyms are edited (/staff/search)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .. import permissions
from ..errors import PortalError
from ..extensions import db
from ..forms import Form
from ..models import PowerItem
from . import _synonyms, engine, learn, suggest

api_bp = Blueprint("search_api", __name__, url_prefix="/api/v1")
staff_bp = Blueprint("search_staff", __name__, url_prefix="/staff/search")


def _suggest_sources():
    items = list(db.session.execute(select(PowerItem.code, PowerItem.name, PowerItem.sub_item)))
    popular = [(q, n) for q, n, _ in learn.frequent(days=90, limit=200, found=True)]
    return items, _synonyms(), popular, engine().vocabulary()


def suggestions(q: str, limit: int = suggest.LIMIT) -> list[suggest.Suggestion]:
    return suggest.lookup(suggest.tables(current_app._get_current_object(), _suggest_sources), q, limit)


@api_bp.get("/suggest")
def suggest_api():
    q = request.args.get("q", "")
    if len(q) > current_app.config["MAX_QUERY_CHARS"]:
        raise PortalError("bad_request", f"查询词过长（最多 {current_app.config['MAX_QUERY_CHARS']} 个字符）", 400)
    out = []
    for s in suggestions(q):
        data = s.as_json()
        if s.code:
            data["url"] = url_for("public.power_detail", code=s.code)
        out.append(data)
    response = jsonify({"q": q, "suggestions": out})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


class SynonymForm(Form):
    term = StringField("居民用语", validators=[DataRequired("不能为空"), Length(max=50, message="最多50个字")])
    canonical = StringField("规范用语", validators=[DataRequired("不能为空"), Length(max=50, message="最多50个字")])


class DeleteForm(Form):
    """Carries the CSRF token of a delete button."""


@staff_bp.before_request
@login_required
def _signed_in():
    return None


@staff_bp.get("/")
def index():
    days = request.args.get("days", "30")
    days = int(days) if days.isdigit() and 1 <= int(days) <= 366 else 30
    return render_template(
        "staff/search.html",
        days=days,
        unfound=learn.frequent(days, 50, found=False),
        found=learn.frequent(days, 20, found=True),
        synonyms=learn.synonyms(),
        form=SynonymForm(term=request.args.get("term", "")),
        delete=DeleteForm(),
        may_edit=permissions.can(current_user, "synonyms.edit"),
    )


@staff_bp.post("/synonyms")
def add_synonym():
    form = SynonymForm()
    if not form.validate_on_submit():
        errors = "；".join(f"{form[k].label.text}：{'、'.join(v)}" for k, v in form.errors.items() if k in form)
        raise PortalError("bad_request", errors or "表单无效", 400)
    row = learn.add_synonym(form.term.data, form.canonical.data, current_user)
    db.session.commit()
    learn.applied()
    flash(f"已添加同义词“{row.term}”→“{row.canonical}”，搜索立即生效")
    return redirect(url_for("search_staff.index"))


@staff_bp.post("/synonyms/<int:synonym_id>/delete")
def delete_synonym(synonym_id: int):
    if not DeleteForm().validate_on_submit():
        raise PortalError("bad_request", "表单无效", 400)
    learn.delete_synonym(synonym_id, current_user)
    db.session.commit()
    learn.applied()
    flash("已删除同义词，搜索立即生效")
    return redirect(url_for("search_staff.index"))
