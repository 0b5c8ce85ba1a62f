"""Shared maintenance commands (``init-db``, ``seed``, ``index``, ``audit``); each feature adds its own group."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from . import audit, search
from .penalties import lifecycle, textsearch
from .seed import SeedError, load_all

index_cli = AppGroup("index", help="搜索索引维护")


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the schema to the latest migration."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("数据库已升级到最新版本")
    if textsearch.needs_rebuild():  # decisions published before the text search existed (migration 0009)
        click.echo(f"处罚决定全文检索已建立：{textsearch.rebuild()} 件")


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
    click.echo(
        f"法律 {report.laws} 部，条文 {report.articles} 条，同义词 {report.synonyms} 组；"
        f"新增事项 {len(report.items_created)} 项，调整 {len(report.items_updated)} 项；"
        f"新增处罚决定 {report.penalties_created} 件，检查记录 {report.inspections_created} 条"
    )
    expired = lifecycle.expire_due()
    if expired:
        click.echo(f"公示期满的处罚决定 {expired} 件已转为期满")
    if report.changed_codes:
        search.refresh(report.changed_codes)
        click.echo("搜索索引已更新")


@index_cli.command("rebuild")
def index_rebuild() -> None:
    """Rebuild the search index from the database."""
    try:
        count = search.rebuild()
        decisions = textsearch.rebuild()
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


audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; fails (exit 1) on any edited or deleted event."""
    ok, detail = audit.verify()
    if not ok:
        raise click.ClickException(f"审计链校验失败：{detail}")
    click.echo(f"审计链完整，最新哈希：{detail}")


def register(app) -> None:
    """Attach the shared commands and each feature's own group."""
    from .inspections.cli import inspections_cli
    from .penalties.cli import penalties_cli, publish_cli
    from .staff.cli import users_cli

    for command in (init_db, seed, index_cli, penalties_cli, publish_cli, users_cli, audit_cli, inspections_cli):
        app.cli.add_command(command)
