"""Command-line verbs of the staff side: ``users create|list|deactivate|activate|set-role|reset-password``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import ROLES
from . import accounts

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="handler/head/legal/leader/admin")
@click.option("--name", "display_name", default="", help="显示名称")
@click.password_option("--password", prompt="密码", confirmation_prompt="再次输入密码")
def users_create(username: str, role: str, display_name: str, password: str) -> None:
    """Create a staff account (the password is read from a prompt, or from stdin when piped)."""
    try:
        user = accounts.create_user(username, role, password, display_name, by="cli")
        db.session.commit()
    except PortalError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"已创建账号 {user.username}（{ROLES[role]}）")


@users_cli.command("list")
def users_list() -> None:
    """Every account: name, role, whether it may sign in, and its last sign-in."""
    for row in accounts.roster():
        u, last = row["user"], row["last_login"]
        click.echo(
            f"{u.username}\t{u.display_name}\t{u.role_name}\t{'在用' if u.active else '已停用'}\t"
            f"{clock.local(last).strftime('%Y-%m-%d %H:%M') if last else '从未登录'}"
        )


def _account_change(username: str, change, message: str) -> None:
    try:
        user = accounts.find(username)
        change(user)
        db.session.commit()
    except PortalError as err:
        raise click.ClickException(err.message) from None
    click.echo(message.format(user=user.username))


@users_cli.command("deactivate")
@click.argument("username")
def users_deactivate(username: str) -> None:
    """Stop an account: it can no longer sign in and its open sessions end (accounts are never deleted)."""
    _account_change(username, lambda u: accounts.set_active(u, False, "cli"), "已停用账号 {user}")


@users_cli.command("activate")
@click.argument("username")
def users_activate(username: str) -> None:
    """Restore a stopped account."""
    _account_change(username, lambda u: accounts.set_active(u, True, "cli"), "已恢复账号 {user}")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ROLES)))
def users_set_role(username: str, role: str) -> None:
    """Give an account another role (audited; its open sessions end)."""
    _account_change(username, lambda u: accounts.set_role(u, role, "cli"), f"已将 {{user}} 的角色改为{ROLES[role]}")


@users_cli.command("reset-password")
@click.argument("username")
@click.password_option("--password", prompt="新密码", confirmation_prompt="再次输入新密码")
def users_reset_password(username: str, password: str) -> None:
    """Set a new password for an account whose owner forgot it (audited)."""
    _account_change(username, lambda u: accounts.reset_password(u, password, "cli"), "已为 {user} 设置新密码")
