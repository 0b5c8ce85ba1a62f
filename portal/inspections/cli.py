"""``flask inspections import-objects FILE --as USERNAME``: the 检查对象名录库 from a CSV, all rows or none."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..errors import PortalError
from ..extensions import db
from ..models import User
from . import pools

inspections_cli = AppGroup("inspections", help="双随机一公开")


@inspections_cli.command("import-objects")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--as", "username", required=True, help="以哪个账号导入（记入审计日志）")
def import_objects(path: str, username: str) -> None:
    """Import objects (名称,主体类型,统一社会信用代码,地址,对象类型; UTF-8 or GB18030)."""
    user = db.session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        raise click.ClickException(f"没有在用的账号 {username}")
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise click.ClickException(f"无法读取 {path}：{err.strerror}") from None
    try:
        created = pools.import_objects_csv(raw, user)
        db.session.commit()
    except PortalError as err:
        db.session.rollback()
        for line in err.message.split("；"):
            click.echo(line, err=True)
        raise click.ClickException("导入失败，未写入任何数据") from None
    click.echo(f"已导入检查对象 {len(created)} 个")
