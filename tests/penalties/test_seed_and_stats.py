"""The seeded decisions: the 2022 report's figures, the later years' cases, and idempotent, all-or-nothing loading."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Penalty
from portal.penalties import stats
from portal.seed import SeedError, load_all
from tests.conftest import SEED_DIR


def test_2022_reproduces_the_annual_report(app):
    report = stats.annual(2022)
    assert report["cases"] == 77 and report["fines_yuan"] == "27100.00"
    assert sum(m["cases"] for m in report["by_month"]) == 77
    assert sum(float(m["fines_yuan"]) for m in report["by_month"]) == 27100
    assert sum(e["cases"] for e in report["by_item"]) == 77
    assert report["by_category"]["罚款"] == report["fined_cases"]


def test_later_years_hold_a_corrected_a_withdrawn_and_an_expired_decision(app):
    later = select(Penalty.status, func.count()).where(Penalty.decided_on >= dt.date(2023, 1, 1))
    statuses = dict(db.session.execute(later.group_by(Penalty.status)).all())
    assert statuses["corrected"] >= 1 and statuses["withdrawn"] >= 1 and statuses["expired"] >= 1
    assert statuses["published"] >= 3  # and some still public on the test day


def test_seeding_again_adds_nothing(seeded_fresh_app):
    before = db.session.scalar(select(func.count()).select_from(Penalty))
    assert load_all(SEED_DIR).penalties_created == 0
    assert db.session.scalar(select(func.count()).select_from(Penalty)) == before


def test_a_bad_decision_row_is_named_and_nothing_is_written(fresh_app, tmp_path):
    import shutil

    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    rows = (folder / "penalties.jsonl").read_text(encoding="utf-8").splitlines()
    bad = json.loads(rows[4])
    bad["categories"] = "罚款;打板子"
    rows[4] = json.dumps(bad, ensure_ascii=False)
    (folder / "penalties.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SeedError) as err:
        load_all(folder)
    assert any(p.startswith("penalties.jsonl 第5行: 字段 categories") and "打板子" in p for p in err.value.problems)
    assert db.session.scalar(select(func.count()).select_from(Penalty)) == 0


def test_seed_parties_carry_the_code_class_of_what_they_are():
    from publish.checks import uscc_problem

    rows = [json.loads(line) for line in (SEED_DIR / "penalties.jsonl").read_text(encoding="utf-8").splitlines()]
    seen: dict[str, set] = {}
    for r in rows:
        if r["party_type"] == "自然人":
            continue
        assert uscc_problem(r["uscc"]) is None, r["document_number"]
        # 91: 企业 (a 有限公司); 92: 个体工商户 (GB 32100 登记管理部门 1 工商 + 机构类别).
        assert r["uscc"][:2] == {"法人及非法人组织": "91", "个体工商户": "92"}[r["party_type"]], r["document_number"]
        if r["party_type"] == "法人及非法人组织":
            seen.setdefault(r["party_name"], set()).add((r["uscc"], r["legal_rep"]))
    assert seen and all(len(v) == 1 for v in seen.values())  # one company: one code, one legal representative
