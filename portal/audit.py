"""The audit trail: append-only events, each hashed with the one before it (who, what, when, before/after).

``verify`` recomputes the chain: an edited event changes its hash; a deleted one breaks the next event's link
(and the head row names the newest event, so deleting the last one is caught too). Print the head hash
somewhere outside the database (a log, a signed report) to anchor it against someone who rewrites everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import select, update

from .extensions import db
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64

# The Chinese name of each audited action, as staff read a case's history.
ACTION_NAMES = {
    "penalty.save": "保存草稿",
    "review.submit": "提交审核",
    "review.approve": "审核通过",
    "review.return": "退回修改",
    "review.publish": "发布",
    "penalty.publish": "公示发布",
    "penalty.correct": "更正",  # events from before corrections needed a second person
    "correction.propose": "提出更正",
    "correction.approve": "核准更正（已生效）",
    "correction.reject": "驳回更正",
    "correction.cancel": "撤销待核准的更正",
    "penalty.withdraw": "撤回",
    "attachment.add": "上传决定书",
    "penalty.import": "导入",
    "user.create": "创建账号",
    "user.deactivate": "停用账号",
    "user.activate": "恢复账号",
    "user.role": "修改角色",
    "user.reset_password": "重设密码",
    "user.password": "本人修改密码",
    "penalty.tier": "调整失信程度档次",
    "penalty.publicity_recompute": "重新计算公示期",
    "seed.sample": "载入示例数据",
    "inspection.object": "维护检查对象",
    "inspection.import": "导入检查对象",
    "inspection.inspector": "维护执法检查人员",
    "inspection.recusal": "登记回避",
    "inspection.plan": "保存抽查计划",
    "inspection.publish": "公布抽查计划",
    "inspection.draw": "抽取",
    "inspection.substitute": "替换抽中的执法人员",
    "inspection.recusal_remove": "解除回避",
    "inspection.education": "填报普法数据",
    "inspection.record": "保存检查记录",
    "inspection.record_publish": "公开检查结果",
}


def _digest(prev: str, at: dt.datetime, actor: str, action: str, target: str, before, after) -> str:
    at = at.astimezone(dt.UTC) if at.tzinfo else at.replace(tzinfo=dt.UTC)
    payload = json.dumps(
        [prev, at.strftime("%Y-%m-%dT%H:%M:%S.%f"), actor, action, target, before, after],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(actor: str, action: str, target: str, before: dict | None, after: dict | None) -> AuditEvent:
    """Append an event in the current transaction (it commits or rolls back with the change it records)."""
    head = db.session.get(AuditHead, 1)
    if head is None:
        head = AuditHead(id=1, last_id=0, hash=GENESIS)
        db.session.add(head)
        db.session.flush()
    # Touch the head row first: on PostgreSQL a row lock, on SQLite the write lock; writers queue here.
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_id=AuditHead.last_id))
    db.session.refresh(head)
    at = dt.datetime.now(dt.UTC)
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        prev_hash=head.hash,
        hash=_digest(head.hash, at, actor, action, target, before, after),
    )
    db.session.add(event)
    db.session.flush()
    head.last_id, head.hash = event.id, event.hash
    return event


def verify() -> tuple[bool, str]:
    """(True, head hash) when the chain is intact, else (False, what is wrong and where)."""
    prev, last = GENESIS, 0
    for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if e.prev_hash != prev:
            return False, f"事件 {e.id} 与前一事件不衔接（其前的事件被删除或改动）"
        if _digest(e.prev_hash, e.at, e.actor, e.action, e.target, e.before, e.after) != e.hash:
            return False, f"事件 {e.id} 的内容被改动"
        prev, last = e.hash, e.id
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_id != last or head.hash != prev):
        return False, f"最新事件应为 {head.last_id}，实际为 {last}（末尾事件被删除或改动）"
    return True, prev


def history(target: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.target == target).order_by(AuditEvent.id)))
