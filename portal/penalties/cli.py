"""Command-line verbs of the penalty feature: ``penalties import|expire`` and ``publish export|push|status``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ..errors import PortalError
from . import credit, lifecycle

penalties_cli = AppGroup("penalties", help="Penalty decisions.")


@penalties_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish", "publish_now", is_flag=True, help="publish every imported decision")
def penalties_import(path: str, publish_now: bool) -> None:
    """Import decisions given in credit-format field codes (JSON Lines or CSV); all or nothing per file."""
    from .importer import ImportError_, UnreadableFile, import_file

    try:
        result = import_file(path, publish_now)
    except UnreadableFile as err:
        raise click.ClickException(err.problems[0]) from None
    except ImportError_ as err:
        for line in err.problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(err.problems)} 处错误，文件未导入任何记录") from None
    created = result.decisions
    for line in result.warnings:
        click.echo(f"提示：{line}", err=True)
    click.echo(f"文件编码：{result.encoding}")
    click.echo(f"已导入 {len(created)} 件处罚决定" + ("并发布" if publish_now else "（草稿）"))


@penalties_cli.command("expire")
def penalties_expire() -> None:
    """Record the expiry of every decision whose publicity period has ended (run daily, e.g. from cron)."""
    count = lifecycle.expire_due()
    click.echo(f"公示期满：{count} 件")


def _period_text(v: dict) -> str:
    until = f"{v['months']}个月，至 {v['until']}" if v["until"] else "不公示"
    return f"{v['rule'] or '（未记录规则）'} {v['tier'] or '-'} {until}"


@penalties_cli.group("publicity")
def penalties_publicity() -> None:
    """Publicity periods under the rules table (seed_data/publicity_rules.json)."""


@penalties_publicity.command("recompute")
@click.option("--dry-run", is_flag=True, help="only list what would change")
def publicity_recompute(dry_run: bool) -> None:
    """Recompute the period of every public decision under the rules table; list or apply the differences."""
    from .. import audit
    from ..extensions import db

    changes = lifecycle.recompute(apply=not dry_run)
    for c in changes:
        b, a = c["before"], c["after"]
        click.echo(f"{c['document_number']}: {_period_text(b)} → {_period_text(a)}")
    if dry_run:
        click.echo(f"将改变 {len(changes)} 件（未作修改）")
        return
    for c in changes:
        audit.record("cli", "penalty.publicity_recompute", f"penalty:{c['id']}", c["before"], c["after"])
    db.session.commit()  # the text search followed each change in lifecycle._record
    click.echo(f"已重新计算 {len(changes)} 件")


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
        click.echo(
            f"待重试批次 {b['batch_id']}：{b['records']} 条，已尝试 {b['attempts']} 次，"
            f"下次 {b['next_attempt_at']}，上次错误：{b['last_error'] or '无'}"
        )
    for p in data["problems"]:
        click.echo(f"[{p['state']}] {p['document_number']} ({p['op']}): {p['detail']}")
