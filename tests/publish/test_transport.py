"""HTTP push and file drop against real endpoints: signatures, idempotency, faults, manifests."""

import hashlib
import json

import pytest

from publish.transport import BatchRefused, FileDrop, HttpPush, Transient, backoff
from tests.publish.test_format import COMPANY, record


def batch(batch_id="b-1", *records):
    records = records or (record(), record(COMPANY))
    return {
        "batch_id": batch_id,
        "format": "cf-v2",
        "source": {"name": "华新街道", "uscc": "11120110000000123G"},
        "records": [{"op": "upsert", "seq": n, "fields": r} for n, r in enumerate(records, 1)],
    }


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n, 30, 200) for n in range(1, 6)] == [30, 60, 120, 200, 200]


def test_a_batch_is_accepted_and_the_same_batch_again_returns_the_first_results(receiver):
    server = receiver()
    push = HttpPush(server.url)
    first = push.send(batch())
    assert [r["status"] for r in first["results"]] == ["accepted", "accepted"]
    assert push.send(batch()) == first
    assert {r["applied"] for r in server.records().values()} == {1}


def test_signed_batches(receiver):
    server = receiver(secret="s3cret")
    assert HttpPush(server.url, "s3cret").send(batch())["results"]
    with pytest.raises(BatchRefused, match="401"):
        HttpPush(server.url, "wrong").send(batch("b-2"))


@pytest.mark.parametrize("fault", ["500", "drop", "apply-then-500", "apply-then-drop", "slow:1.5"])
def test_faults_are_transient_and_a_resend_applies_nothing_twice(receiver, fault):
    server = receiver(faults=[fault])
    push = HttpPush(server.url, timeout=0.5)
    with pytest.raises(Transient):
        push.send(batch())
    reply = push.send(batch())
    assert [r["status"] for r in reply["results"]] == ["accepted", "accepted"]
    assert {r["applied"] for r in server.records().values()} == {1}


def test_a_malformed_batch_is_refused_and_an_unreachable_platform_is_transient(receiver):
    server = receiver()
    with pytest.raises(BatchRefused, match="400"):
        HttpPush(server.url).send({"batch_id": "x", "records": "nope", "format": "cf-v2", "source": {}})
    with pytest.raises(Transient):
        HttpPush("http://127.0.0.1:9", timeout=0.5).send(batch())


def test_invalid_records_are_rejected_one_by_one_with_the_reason(receiver):
    server = receiver()
    reply = HttpPush(server.url).send(batch("b-3", record(), record(CF_NR_FK="")))
    assert reply["results"][0]["status"] == "accepted"
    assert reply["results"][1]["status"] == "rejected" and "CF_NR_FK" in reply["results"][1]["reason"]


def test_file_drop_writes_the_batch_and_a_manifest(tmp_path):
    drop = FileDrop(tmp_path)
    reply = drop.send(batch())
    assert {r["status"] for r in reply["results"]} == {"delivered"}
    manifest = json.loads((tmp_path / "batch-b-1.manifest.json").read_text(encoding="utf-8"))
    data = (tmp_path / "batch-b-1.jsonl").read_bytes()
    assert manifest["records"] == 2 and manifest["upserts"] == 2
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    drop.send(batch())
    assert (tmp_path / "batch-b-1.jsonl").read_bytes() == data and not list(tmp_path.glob("*.part"))
