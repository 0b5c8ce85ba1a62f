"""Maintenance commands: ``flask --app portal init-db | seed | index rebuild | index status``."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from . import accounts, audit, credit, penalties, search
from .errors import PortalError
from .extensions import db
from .models import ROLES
from .seed import SeedError, load_all

index_cli = AppGroup("index", help="搜索索引维护")


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the schema to the latest migration."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("数据库已升级到最新版本")


@click.command("seed")
@click.option("--dir", "seed_dir", default=None, help="种子数据目录（默认 PORTAL_SEED_DIR）")
def seed(seed_dir: str | None) -> None:
    """Load seed_data/ (idempotent) and bring the search index up to date."""
    try:
        report = load_all(seed_dir or current_app.config["SEED_DIR"])
    except SeedError as err:
        for line in err.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"种子数据有 {len(err.problems)} 处错误，未写入任何数据") from None
    except FileNotFoundError as err:
        raise click.ClickException(f"找不到种子文件：{err.filename}") from None
    click.echo(f"法律 {report.laws} 部，条文 {report.articles} 条，同义词 {report.synonyms} 组；"
               f"新增事项 {len(report.items_created)} 项，调整 {len(report.items_updated)} 项；"
               f"新增处罚决定 {report.penalties_created} 件")
    expired = penalties.expire_due()
    if expired:
        click.echo(f"公示期满的处罚决定 {expired} 件已转为期满")
    if report.changed_codes:
        search.refresh(report.changed_codes)
        click.echo("搜索索引已更新")
    if report.penalties_created or expired:
        search.rebuild_penalties()


@index_cli.command("rebuild")
def index_rebuild() -> None:
    """Rebuild the search index from the database."""
    try:
        count = search.rebuild()
        decisions = search.rebuild_penalties()
    except search.IndexBusy as err:
        raise click.ClickException(f"索引正被其他进程写入：{err}") from err
    click.echo(f"索引已重建：权责清单 {count} 项，处罚决定 {decisions} 件")


@index_cli.command("status")
def index_status() -> None:
    """Say whether the index is readable and how many items it holds."""
    try:
        click.echo(f"索引可用（{current_app.config['SEARCH_BACKEND']}）：{search.engine().doc_count()} 项")
    except search.IndexUnavailable as err:
        raise click.ClickException(f"索引不可用：{err}") from err


penalties_cli = AppGroup("penalties", help="Penalty decisions.")


@penalties_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", "publish_now", is_flag=True, help="publish every imported decision")
def penalties_import(path: str, publish_now: bool) -> None:
    """Import decisions given in credit-format field codes (JSON Lines or CSV); all or nothing per file."""
    from .penalty_import import ImportError_, import_file

    try:
        created = import_file(path, publish_now)
    except ImportError_ as err:
        for line in err.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(err.problems)} 处错误，文件未导入任何记录") from None
    if publish_now:
        search.refresh_penalties([p.id for p in created])
    click.echo(f"已导入 {len(created)} 件处罚决定" + ("并发布" if publish_now else "（草稿）"))


@penalties_cli.command("expire")
def penalties_expire() -> None:
    """Record the expiry of every decision whose publicity period has ended (run daily, e.g. from cron)."""
    count = penalties.expire_due()
    if count:
        search.rebuild_penalties()
    click.echo(f"公示期满：{count} 件")


publish_cli = AppGroup("publish", help="The credit platform: export records, push changes, show status.")


@publish_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), default="jsonl", show_default=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="file to write")
@click.option("--field-set", "field_set", type=click.Choice(["v2", "v1"]), default="v2", show_default=True)
def publish_export(fmt: str, out: str, field_set: str) -> None:
    """Write the records of every decision public today; nothing is written if any record is invalid."""
    from publish import serialize
    from publish.format import to_v1

    records, problems = credit.due_records()
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(problems)} 处不符合信用信息格式，未写出文件")
    columns = serialize.V2
    if field_set == "v1":
        records, columns = [to_v1(r) for r in records], serialize.V1
    if fmt == "xlsx":
        count = serialize.xlsx_file(records, out, columns)
    else:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            count = (serialize.jsonl if fmt == "jsonl" else serialize.csv_file)(records, fh, columns)
    click.echo(f"已写出 {count} 条记录：{out}")


@publish_cli.command("push")
@click.option("--endpoint", default=None, help="override PORTAL_PUSH_ENDPOINT")
def publish_push(endpoint: str | None) -> None:
    """Send pending changes to the credit platform (retries wait for their back-off time)."""
    from publish.transport import HttpPush

    cfg = current_app.config
    try:
        sender = HttpPush(endpoint, cfg["PUSH_SECRET"] or None, cfg["PUSH_TIMEOUT"]) if endpoint else None
        counts = credit.push(sender)
    except PortalError as err:
        raise click.ClickException(err.message) from None
    click.echo("，".join(f"{k} {v}" for k, v in sorted(counts.items())) or "没有待推送的变更")


@publish_cli.command("status")
def publish_status() -> None:
    """What is pending, sent, accepted, rejected or held back, with the platform's reasons."""
    data = credit.status()
    click.echo("变更：" + ("，".join(f"{k} {v}" for k, v in sorted(data["changes"].items())) or "无"))
    for b in data["batches_waiting"]:
        click.echo(f"待重试批次 {b['batch_id']}：{b['records']} 条，已尝试 {b['attempts']} 次，"
                   f"下次 {b['next_attempt_at']}，上次错误：{b['last_error'] or '无'}")
    for p in data["problems"]:
        click.echo(f"[{p['state']}] {p['document_number']} ({p['op']}): {p['detail']}")


users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="handler/head/legal/leader/admin")
@click.option("--name", "display_name", default="", help="显示名称")
@click.password_option("--password", prompt="密码", confirmation_prompt="再次输入密码")
def users_create(username: str, role: str, display_name: str, password: str) -> None:
    """Create a staff account (the password is read from a prompt, or from stdin when piped)."""
    try:
        user = accounts.create_user(username, role, password, display_name)
        db.session.commit()
    except PortalError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"已创建账号 {user.username}（{ROLES[role]}）")


@users_cli.command("list")
def users_list() -> None:
    """Every account: name, role, whether it may sign in, and its last sign-in."""
    for row in accounts.roster():
        u, last = row["user"], row["last_login"]
        click.echo(f"{u.username}\t{u.display_name}\t{u.role_name}\t{'在用' if u.active else '已停用'}\t"
                   f"{penalties.local(last).strftime('%Y-%m-%d %H:%M') if last else '从未登录'}")


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


@users_cli.command("reset-password")
@click.argument("username")
@click.password_option("--password", prompt="新密码", confirmation_prompt="再次输入新密码")
def users_reset_password(username: str, password: str) -> None:
    """Set a new password for an account whose owner forgot it (audited)."""
    _account_change(username, lambda u: accounts.reset_password(u, password, "cli"), "已为 {user} 设置新密码")


audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; fails (exit 1) on any edited or deleted event."""
    ok, detail = audit.verify()
    if not ok:
        raise click.ClickException(f"审计链校验失败：{detail}")
    click.echo(f"审计链完整，最新哈希：{detail}")


def register(app) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed)
    app.cli.add_command(index_cli)
    app.cli.add_command(penalties_cli)
    app.cli.add_command(publish_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
