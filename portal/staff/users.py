"""The administrator's accounts page (/staff/users): who may sign in, in which role; create, stop, restore and
reset. Accounts are never deleted, because the audit trail and the review steps name them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..errors import PortalError
from ..extensions import db
from ..models import User
from . import accounts
from .forms import AccountForm, ActionForm, ResetPasswordForm, RoleForm, require_valid

bp = Blueprint("staff_users", __name__, url_prefix="/staff/users")


@bp.before_request
@login_required
def _admins_only():
    permissions.require(current_user, "users.manage")


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise PortalError("not_found", "账号不存在", 404)
    return user


@bp.route("/", methods=["GET", "POST"])
def index():
    form, status = AccountForm(), 200
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.username.data, form.role.data, form.password.data, form.display_name.data, by=current_user.username
            )
        except PortalError as err:  # a taken name is said beside the field, with the form kept
            db.session.rollback()
            form.username.errors = [err.message]
            status = err.status
        else:
            db.session.commit()
            flash(f"已创建账号 {user.username}（{user.role_name}）")
            return redirect(url_for("staff_users.index"))
    elif form.errors:
        status = 400
    return render_template(
        "staff/users.html",
        form=form,
        rows=accounts.roster(),
        action=ActionForm(),
        reset=ResetPasswordForm(),
        role_form=RoleForm,
    ), status


def _act(user_id: int, form, fn, message: str):
    user = _user(user_id)
    require_valid(form)
    fn(user, form)
    db.session.commit()
    flash(message.format(user=user.username))
    return redirect(url_for("staff_users.index"))


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    return _act(
        user_id,
        ActionForm(),
        lambda u, f: accounts.set_active(u, False, current_user),
        "已停用账号 {user}，其登录状态已失效",
    )


@bp.post("/<int:user_id>/activate")
def activate(user_id: int):
    return _act(user_id, ActionForm(), lambda u, f: accounts.set_active(u, True, current_user), "已恢复账号 {user}")


@bp.post("/<int:user_id>/role")
def change_role(user_id: int):
    return _act(
        user_id,
        RoleForm(),
        lambda u, f: accounts.set_role(u, f.role.data, current_user),
        "已修改 {user} 的角色，其登录状态已失效",
    )


@bp.post("/<int:user_id>/password")
def reset_password(user_id: int):
    return _act(
        user_id,
        ResetPasswordForm(),
        lambda u, f: accounts.reset_password(u, f.password.data, current_user.username),
        "已为 {user} 设置新密码，请当面或电话告知本人并提醒其登录后修改",
    )
