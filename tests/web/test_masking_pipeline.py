"""The masking corpora through the whole public pipeline: facts, correction note and withdrawal reason of real
decisions, read back from every public output over HTTP (page, API, change log, feeds, downloads).

``tests/penalties/test_masking_corpus.py`` tests ``scrub`` itself; this test makes sure every free-text field that
reaches the public goes through it, whatever the output.
"""

import datetime as dt
import json

import pytest

from portal import clock
from portal.extensions import db
from portal.penalties import lifecycle
from tests.penalties.conftest import draft
from tests.penalties.test_masking_corpus import load

AT = dt.datetime(2026, 11, 20, 9, tzinfo=clock.CST)
PARTY = "天津市东丽区华新街道测试便利店"  # an organisation: nothing of the party itself is masked


def _groups() -> list[list[dict]]:
    # Every 20th generated sentence (one of each style, over the run) and every hand-written one, in five groups.
    rows = load("masking_corpus.jsonl")[::20] + load("masking_handwritten.jsonl")
    return [rows[i::5] for i in range(5)]


def _text(rows: list[dict]) -> str:
    return "\n".join(r["text"] for r in rows)


@pytest.fixture
def planted(fresh_app):
    facts_a, facts_b, note, facts_c, reason = _groups()

    def make(n: int, rows: list[dict]):
        return draft(
            document_number=f"语料罚字〔2026〕{n}号",
            party_name=PARTY,
            party_type="个体工商户",
            legal_rep="",
            id_number="",
            facts=_text(rows),
            decided_on=dt.date(2026, 11, 18),
        )

    published = lifecycle.publish(make(1, facts_a), at=AT)
    corrected = lifecycle.publish(make(2, facts_b), at=AT)
    lifecycle.correct(corrected, {"content": "罚款人民币400元"}, _text(note), at=AT)
    withdrawn = lifecycle.publish(make(3, facts_c), at=AT)
    lifecycle.withdraw(withdrawn, "撤销", dt.date(2026, 11, 19), _text(reason), at=AT)
    db.session.commit()
    # A planted item of one sentence may be public in another (a street is a home here, a place of violation
    # there): only items no sentence keeps are looked for.
    kept = [k for rows in _groups() for r in rows for k in r["keep"]]
    secrets = sorted({p for rows in _groups() for r in rows for p in r["planted"] if not any(p in k for k in kept)})
    return [published.id, corrected.id, withdrawn.id], secrets, facts_a


def test_no_planted_item_reaches_any_public_output(fresh_app, planted):
    ids, secrets, _ = planted
    client = fresh_app.test_client()
    urls = [
        "/api/v1/changes",
        "/feeds/penalties.rss",
        "/feeds/penalties.atom",
        "/feeds/penalties.json",
        "/downloads/penalties.csv",
        "/downloads/penalties.json",
        "/penalties",
        "/api/v1/penalties",
    ]
    urls += [f"/penalties/{i}" for i in ids] + [f"/api/v1/penalties/{i}" for i in ids]
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, url
        body = resp.get_data(as_text=True)
        if resp.is_json:
            body += json.dumps(resp.get_json(), ensure_ascii=False)  # the text itself, not its \u escapes
        leaked = [s for s in secrets if s in body]
        assert leaked == [], f"{url} leaks {leaked}"


def test_the_masked_texts_are_what_the_public_reads(fresh_app, planted):
    ids, _, facts_a = planted
    client = fresh_app.test_client()
    decision = client.get(f"/api/v1/penalties/{ids[0]}").get_json()
    assert "facts" in decision["masked_fields"]
    missing = [k for r in facts_a for k in r["keep"] if k not in decision["facts"]]
    assert missing == []  # places, amounts, 文号, companies and credit codes stay
    corrected = client.get(f"/api/v1/penalties/{ids[1]}").get_json()
    assert "[电话已隐去]" in corrected["correction_note"] or "某某" in corrected["correction_note"]
    notice = client.get(f"/api/v1/penalties/{ids[2]}").get_json()
    assert notice["status"] == "withdrawn" and "已隐去" in notice["withdrawal_reason"]


def test_change_log_entries_stored_before_a_rule_existed_are_masked_when_read(fresh_app, planted):
    # A change-log entry keeps the public view of its day; entries written under older rules still leaked what a
    # later rule removes, so the log applies today's rules when it is read.
    from portal.models import PenaltyChange

    entry = db.session.scalars(db.select(PenaltyChange).where(PenaltyChange.decision.is_not(None))).first()
    entry.decision = {**entry.decision, "facts": "当事人郑某（住华新街道昌盛里17号楼3门402，电话138-1234-5678）"}
    db.session.commit()
    body = json.dumps(fresh_app.test_client().get("/api/v1/changes").get_json(), ensure_ascii=False)
    assert "昌盛里17号楼3门402" not in body and "138-1234-5678" not in body
    assert "当事人郑某（住[住址已隐去]，电话[电话已隐去]）" in body
