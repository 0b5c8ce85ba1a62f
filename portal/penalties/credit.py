"""The credit-platform outbox: every public change of a decision reaches the platform once in effect.

``lifecycle`` writes one ``CreditChange`` in the same transaction as each publish, correction, withdrawal and
expiry. ``push`` then (1) forms batches: per decision only its newest pending change counts (records are built
from the decision as it stands, so older upserts are superseded), an upsert of a decision that is no longer
public is never sent, a decision with a batch still in flight waits (so its changes arrive in order), invalid
records are held back with the reason; each batch is stored exactly as it will be sent; (2) delivers stored
batches: the same batch_id and body on every retry, so a crash between send and receipt, a 5xx, a timeout or a
dropped connection ends in a resend that the receiver answers from its first results.

Concurrency: on PostgreSQL batch forming takes a transaction-scoped advisory lock and delivery locks one batch
row with FOR UPDATE SKIP LOCKED, so several pushers can run at once; on SQLite a file lock admits one pusher.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections import Counter
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, text

from publish import format as credit_format
from publish.transport import BatchRefused, FileDrop, HttpPush, Transient, backoff

from .. import clock
from ..errors import PortalError
from ..extensions import db
from ..models import PUBLIC_STATUSES, CreditBatch, CreditChange, Penalty
from ..search.base import writer_lock
from . import disclosure, lifecycle

ADVISORY_KEY = 0x6878_6372  # "hxcr": the batch-forming lock on PostgreSQL
FINAL = ("accepted", "rejected", "delivered", "superseded", "invalid", "failed")


def office() -> dict:
    """The issuing office's CF_ fields, from configuration (never invented: empty until configured)."""
    cfg = current_app.config
    return {
        "CF_CFJG": cfg["HOST_ORG"],
        "CF_CFJGDM": cfg["AUTHORITY_USCC"],
        "CF_SJLY": cfg["HOST_ORG"],
        "CF_SJLYDM": cfg["AUTHORITY_USCC"],
    }


def record_for(p: Penalty) -> dict:
    """The full (unmasked) v2 record of a decision as it stands: the platform shares identifiers internally."""
    return credit_format.build_record(lifecycle.snapshot(p), office())


def transport():
    """The configured transport: HTTP push to PORTAL_PUSH_ENDPOINT, or a file drop into PORTAL_PUSH_DROP_DIR."""
    cfg = current_app.config
    if cfg["PUSH_ENDPOINT"]:
        return HttpPush(cfg["PUSH_ENDPOINT"], cfg["PUSH_SECRET"] or None, cfg["PUSH_TIMEOUT"])
    if cfg["PUSH_DROP_DIR"]:
        return FileDrop(cfg["PUSH_DROP_DIR"])
    raise PortalError("not_configured", "未配置推送地址：请设置 PORTAL_PUSH_ENDPOINT 或 PORTAL_PUSH_DROP_DIR", 400)


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


@contextlib.contextmanager
def _one_pusher_on_sqlite():
    if _postgres():
        yield
        return
    with writer_lock(Path(current_app.instance_path) / "credit-push.lock", current_app.config["INDEX_LOCK_TIMEOUT"]):
        yield


def form_batches(today: dt.date | None = None, size: int | None = None, now: dt.datetime | None = None) -> list[str]:
    """Turn pending changes into stored batches, due at ``now``; returns the new batch ids."""
    today = today or clock.today()
    size = size or current_app.config["PUSH_BATCH_SIZE"]
    if _postgres():
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})
    pending = list(
        db.session.scalars(select(CreditChange).where(CreditChange.state == "pending").order_by(CreditChange.id))
    )
    in_flight = set(db.session.scalars(select(CreditChange.penalty_id).where(CreditChange.state == "batched")))
    newest: dict[int, CreditChange] = {}
    now = now or dt.datetime.now(dt.UTC)
    for change in pending:
        if change.penalty_id in in_flight:
            continue  # its earlier batch must land first
        if change.penalty_id in newest:
            older = newest[change.penalty_id]
            older.state, older.detail, older.updated_at = "superseded", f"由第 {change.id} 号变更取代", now
        newest[change.penalty_id] = change
    chosen = []
    for change in newest.values():
        p = change.penalty
        if change.op == "upsert" and p.status not in PUBLIC_STATUSES:
            change.state, change.detail, change.updated_at = "superseded", "决定已撤回或公示期满，不再推送", now
            continue
        record = record_for(p)
        if change.op == "withdraw":
            fields = {
                "CF_WSH": record["CF_WSH"],
                "CF_CFJG": record["CF_CFJG"],
                "CF_CFJGDM": record["CF_CFJGDM"],
                "BZ": change.note[:512],
            }
        else:
            found = credit_format.problems(record, today)
            if found:
                change.state, change.detail, change.updated_at = "invalid", "；".join(found), now
                continue
            fields = record
        chosen.append((change, {"op": change.op, "seq": change.id, "fields": fields}))
    ids = []
    source = {"name": office()["CF_SJLY"], "uscc": office()["CF_SJLYDM"]}
    for start in range(0, len(chosen), size):
        part = chosen[start : start + size]
        batch_id = str(uuid.uuid4())
        db.session.add(
            CreditBatch(
                id=batch_id,
                payload={"batch_id": batch_id, "format": "cf-v2", "source": source, "records": [r for _, r in part]},
                next_attempt_at=now,
            )
        )
        for change, _ in part:
            change.state, change.batch_id, change.updated_at = "batched", batch_id, now
        ids.append(batch_id)
    db.session.commit()
    return ids


def _claim(now: dt.datetime) -> CreditBatch | None:
    stmt = (
        select(CreditBatch)
        .where(CreditBatch.state == "pending", CreditBatch.next_attempt_at <= now)
        .order_by(CreditBatch.created_at, CreditBatch.id)
        .limit(1)
    )
    if _postgres():
        stmt = stmt.with_for_update(skip_locked=True)  # held until the receipt is stored
    return db.session.scalars(stmt).first()


def deliver(sender, now: dt.datetime | None = None) -> Counter:
    """Send every due batch once; store receipts, or schedule a retry with back-off. Returns counts."""
    cfg = current_app.config
    counts: Counter = Counter()
    now = now or dt.datetime.now(dt.UTC)
    while (batch := _claim(now)) is not None:
        payload = batch.payload
        if not _postgres():
            db.session.commit()  # SQLite: no transaction open during the network call (the file lock guards)
        try:
            reply = sender.send(payload)
        except Transient as err:
            batch = db.session.get(CreditBatch, payload["batch_id"])
            batch.attempts += 1
            delay = backoff(batch.attempts, cfg["PUSH_BACKOFF"], cfg["PUSH_BACKOFF_CAP"])
            batch.next_attempt_at = now + dt.timedelta(seconds=delay)
            batch.last_error = str(err)[:2000]
            db.session.commit()
            counts["retry_later"] += 1
            continue
        except BatchRefused as err:
            batch = db.session.get(CreditBatch, payload["batch_id"])
            batch.state, batch.last_error, batch.done_at = "refused", str(err)[:2000], now
            for change in _changes_of(batch.id):
                change.state, change.detail, change.updated_at = "failed", f"平台拒收整批：{err}"[:2000], now
            db.session.commit()
            counts["refused"] += 1
            continue
        batch = db.session.get(CreditBatch, payload["batch_id"])
        results = {r.get("CF_WSH"): r for r in reply["results"]}
        wsh_of = {r["seq"]: r["fields"]["CF_WSH"] for r in payload["records"]}
        for change in _changes_of(batch.id):
            result = results.get(wsh_of.get(change.id))
            if result is None:
                change.state, change.detail = "failed", "回执中没有这条记录"
            else:
                change.state = {"accepted": "accepted", "rejected": "rejected"}.get(result.get("status"), "delivered")
                change.detail = str(result.get("reason") or "")[:2000]
            change.updated_at = now
            counts[change.state] += 1
        batch.state, batch.done_at, batch.attempts = "done", now, batch.attempts + 1
        db.session.commit()
    return counts


def _changes_of(batch_id: str) -> list[CreditChange]:
    return list(db.session.scalars(select(CreditChange).where(CreditChange.batch_id == batch_id)))


def push(sender=None, now: dt.datetime | None = None) -> Counter:
    """Form batches from pending changes and deliver every due batch (one pusher at a time on SQLite)."""
    sender = sender or transport()
    now = now or dt.datetime.now(dt.UTC)
    with _one_pusher_on_sqlite():
        counts = Counter({"batches_formed": len(form_batches(now=now))})
        counts.update(deliver(sender, now))
    return counts


def status() -> dict:
    """What is pending, in flight, accepted, rejected or held back, and the batches waiting for a retry."""
    by_state = dict(db.session.execute(select(CreditChange.state, func.count()).group_by(CreditChange.state)).all())
    problems = [
        {"id": c.id, "document_number": c.penalty.document_number, "op": c.op, "state": c.state, "detail": c.detail}
        for c in db.session.scalars(
            select(CreditChange)
            .where(CreditChange.state.in_(("rejected", "invalid", "failed")))
            .order_by(CreditChange.id)
        )
    ]
    waiting = [
        {
            "batch_id": b.id,
            "records": len(b.payload["records"]),
            "attempts": b.attempts,
            "next_attempt_at": clock.local(b.next_attempt_at).isoformat(),
            "last_error": b.last_error,
        }
        for b in db.session.scalars(
            select(CreditBatch).where(CreditBatch.state == "pending").order_by(CreditBatch.created_at)
        )
    ]
    return {"changes": by_state, "problems": problems, "batches_waiting": waiting}


def due_records(today: dt.date | None = None) -> tuple[list[dict], list[str]]:
    """The v2 records of every decision public today, and the problems of those that fail the rules."""
    today = today or clock.today()
    records, found = [], []
    for p in db.session.scalars(select(Penalty).where(disclosure.visible(today)).order_by(Penalty.id)):
        record = record_for(p)
        problems = credit_format.problems(record, today)
        if problems:
            found += [f"{p.document_number}: {problem}" for problem in problems]
        else:
            records.append(record)
    return records, found
