"""The outbox and the push: every public change reaches a real receiver on 127.0.0.1 once in effect, whatever
faults it injects, a killed pusher, or two pushers at once on PostgreSQL."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import CreditBatch, CreditChange, Penalty
from portal.penalties import credit, lifecycle
from publish.transport import HttpPush
from tests.conftest import ROOT
from tests.penalties.conftest import draft

OFFICE_CODE = "11120110000000123G"
AT = dt.datetime(2026, 11, 12, 10, tzinfo=clock.CST)


@pytest.fixture
def app(fresh_app):
    fresh_app.config.update(AUTHORITY_USCC=OFFICE_CODE, PUSH_BATCH_SIZE=4, PUSH_BACKOFF=60, PUSH_BACKOFF_CAP=600)
    return fresh_app


def published(n: int) -> list[Penalty]:
    out = [
        lifecycle.publish(
            draft(decided_on=dt.date(2026, 11, 1) + dt.timedelta(days=i % 20)), at=AT + dt.timedelta(minutes=i)
        )
        for i in range(n)
    ]
    db.session.commit()
    return out


def push_until_done(url: str, timeout: float = 0.5, rounds: int = 30) -> None:
    clock = dt.datetime.now(dt.UTC)
    for _ in range(rounds):
        credit.push(HttpPush(url, timeout=timeout), now=clock)
        open_batches = db.session.scalar(select(CreditBatch.id).where(CreditBatch.state == "pending").limit(1))
        waiting = db.session.scalar(select(CreditChange.id).where(CreditChange.state == "pending").limit(1))
        if open_batches is None and waiting is None:
            return
        clock += dt.timedelta(hours=1)  # past any back-off
    raise AssertionError("push did not finish")


def expected_state() -> dict:
    """What the platform should hold: every decision ever public, active with its current record or withdrawn."""
    out = {}
    for p in db.session.scalars(select(Penalty).where(Penalty.published_at.is_not(None))):
        out[p.document_number] = (
            ("active", credit.record_for(p)) if p.status in ("published", "corrected") else ("withdrawn", None)
        )
    return out


def assert_platform_matches(server) -> None:
    got = server.records()
    want = expected_state()
    assert set(got) == set(want)
    for wsh, (status, fields) in want.items():
        assert got[wsh]["status"] == status, wsh
        if fields is not None:
            assert got[wsh]["fields"] == fields
        assert got[wsh]["applied"] == 1, f"{wsh} applied {got[wsh]['applied']} times"


def test_every_change_arrives_once_in_effect_despite_faults(app, receiver):
    decisions = published(12)
    lifecycle.correct(decisions[0], {"content": "罚款人民币500元（已更正）"}, "内容笔误")
    lifecycle.withdraw(decisions[1], "撤销", dt.date(2026, 11, 20), "复议撤销")
    db.session.commit()
    rejected = decisions[2].document_number
    server = receiver(faults=["500", "drop", "apply-then-500", "apply-then-drop", "slow:1.5"])
    server.refuse(rejected)
    push_until_done(server.url)
    states = dict(
        db.session.execute(
            select(CreditChange.penalty_id, CreditChange.state).where(CreditChange.state.not_in(("superseded",)))
        ).all()
    )
    assert states[decisions[2].id] == "rejected"
    problem = next(p for p in credit.status()["problems"] if p["document_number"] == rejected)
    assert "拒收" in problem["detail"]
    # The platform refused one record: it holds everything else, each applied once.
    got = server.records()
    assert rejected not in got
    want = {k: v for k, v in expected_state().items() if k != rejected}
    assert {k: v["status"] for k, v in got.items()} == {k: s for k, (s, _) in want.items()}
    assert {v["applied"] for v in got.values()} == {1}
    assert got[decisions[0].document_number]["fields"]["CF_NR"].endswith("（已更正）")  # the corrected text


def test_later_changes_follow_in_order_and_a_withdrawn_record_is_never_upserted_again(app, receiver):
    server = receiver()
    p = published(1)[0]
    push_until_done(server.url)
    lifecycle.correct(p, {"content": "罚款人民币500元（已更正）"}, "内容表述")
    db.session.commit()
    push_until_done(server.url)
    assert server.records()[p.document_number]["fields"]["CF_NR"] == "罚款人民币500元（已更正）"
    lifecycle.withdraw(p, "确认违法", dt.date(2026, 11, 20), "法院判决确认违法")
    db.session.commit()
    push_until_done(server.url)
    record = server.records()[p.document_number]
    assert record["status"] == "withdrawn" and "确认违法" in record["reason"] and record["applied"] == 3
    db.session.add(CreditChange(penalty_id=p.id, op="upsert"))  # a stray upsert after the withdrawal
    db.session.commit()
    push_until_done(server.url)
    assert server.records()[p.document_number]["status"] == "withdrawn"
    assert db.session.scalars(select(CreditChange).order_by(CreditChange.id.desc())).first().state == "superseded"


def test_a_decision_waits_while_its_earlier_batch_is_in_flight(app, receiver):
    server = receiver(faults=["500"])
    p = published(1)[0]
    clock = dt.datetime.now(dt.UTC)
    credit.push(HttpPush(server.url), now=clock)  # fails: the batch waits for its retry
    lifecycle.correct(p, {"content": "罚款人民币500元（更正）"}, "内容表述")
    db.session.commit()
    assert credit.form_batches() == []  # the correction may not overtake the first batch
    credit.push(HttpPush(server.url), now=clock + dt.timedelta(hours=1))
    credit.push(HttpPush(server.url), now=clock + dt.timedelta(hours=2))
    record = server.records()[p.document_number]
    assert record["fields"]["CF_NR"] == "罚款人民币500元（更正）" and record["applied"] == 2


def test_invalid_records_are_held_back_with_the_reason(app, receiver):
    app.config["AUTHORITY_USCC"] = ""
    server = receiver()
    published(1)
    credit.push(HttpPush(server.url))
    problem = credit.status()["problems"][0]
    assert problem["state"] == "invalid" and "CF_CFJGDM" in problem["detail"] and server.records() == {}


def test_a_pusher_killed_mid_batch_loses_nothing_and_sends_nothing_twice(app, receiver, tmp_path):
    if app.extensions["test_database"].backend != "sqlite":
        pytest.skip("the killed pusher runs against the SQLite file")
    published(6)
    server = receiver(faults=["slow:5"])
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_INSTANCE_PATH": app.instance_path,
        "PORTAL_INDEX_DIR": app.config["INDEX_DIR"],
        "PORTAL_AUTHORITY_USCC": OFFICE_CODE,
        "PORTAL_PUSH_TIMEOUT": "30",
        "PORTAL_PUSH_BATCH_SIZE": "100",
        "PORTAL_SECRET_KEY": "test",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "publish", "push", "--endpoint", server.url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while server.server.posts == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.server.posts == 1  # the batch reached the platform and was applied …
    os.kill(child.pid, signal.SIGKILL)  # … and the pusher dies before the receipt
    child.wait()
    db.session.expire_all()
    assert db.session.scalar(select(CreditBatch.state)) == "pending"
    push_until_done(server.url, timeout=10)
    assert_platform_matches(server)
    assert {c.state for c in db.session.scalars(select(CreditChange))} == {"accepted"}


def test_two_pushers_on_postgres_send_every_batch_once(app, receiver):
    if app.extensions["test_database"].backend != "postgres":
        pytest.skip("SKIP LOCKED is PostgreSQL's")
    published(40)
    server = receiver(faults=["slow:0.2"] * 10)
    errors = []

    def run():
        with app.app_context():
            try:
                credit.push(HttpPush(server.url, timeout=5))
            except Exception as err:  # noqa: BLE001 - any failure is a defect
                errors.append(err)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    batches = db.session.scalars(select(CreditBatch)).all()
    assert len(batches) == 10 and {b.state for b in batches} == {"done"}
    assert server.server.posts == 10  # no batch was sent twice
    assert_platform_matches(server)


@pytest.mark.parametrize("fmt, field_set", [("jsonl", "v2"), ("csv", "v2"), ("xlsx", "v2"), ("jsonl", "v1")])
def test_publish_export_writes_every_public_decision(app, tmp_path, fmt, field_set):
    published(3)
    out = tmp_path / f"records.{fmt}"
    result = app.test_cli_runner().invoke(
        args=["publish", "export", "--format", fmt, "--out", str(out), "--field-set", field_set]
    )
    assert result.exit_code == 0 and "已写出 3 条记录" in result.output, result.output
    if fmt == "jsonl":
        first = __import__("json").loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert ("CF_NR_FK" in first) == (field_set == "v2") and first["CF_WSH"]


def test_publish_export_refuses_invalid_records_and_names_them(app, tmp_path):
    app.config["AUTHORITY_USCC"] = ""
    published(1)
    out = tmp_path / "records.jsonl"
    result = app.test_cli_runner().invoke(args=["publish", "export", "--out", str(out)])
    assert result.exit_code != 0 and "CF_CFJGDM" in result.output and not out.exists()
