"""Replacing a drawn inspector who cannot serve: the replacement follows the public rule from the seed, the
public JSON and page show it with its reason, the verifier re-computes it, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from portal import audit
from portal.errors import PortalError
from portal.extensions import db
from portal.inspections import drawing, plans, records
from portal.models import AuditEvent, InspectionSubstitution

from .conftest import PERIOD, user
from .test_draw_flow import document, run_verify


def _free_object(plan) -> int:
    """A drawn object nobody is recused from (four candidates: two drawn, two spare)."""
    recused = {oid for i in plan.inspectors_snapshot for oid in i["recuse"]}
    return next(r["object_id"] for r in plan.result if r["object_id"] not in recused)


def _team(plan, object_id: int) -> list[int]:
    return next(r["inspector_ids"] for r in plan.result if r["object_id"] == object_id)


def _audit_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))


def test_the_replacement_is_the_next_in_the_objects_ranked_order(insp_app, drawn_plan):
    oid = _free_object(drawn_plan)
    team = _team(drawn_plan, oid)
    order = drawing.ranking(drawn_plan.seed, oid, drawn_plan.inspectors_snapshot)
    # the rule, spelled out independently: the first in the object's order who is not in its team
    expected = next(i for i in order if i not in team)
    row = plans.substitute(drawn_plan, oid, team[1], "leave", "病假一周", user("head"))
    db.session.commit()
    assert row.in_inspector_id == expected
    assert plans.teams(drawn_plan)[[r["object_id"] for r in drawn_plan.result].index(oid)]["inspector_ids"] == [
        team[0],
        expected,
    ]
    # the draw's own result is never rewritten
    assert _team(drawn_plan, oid) == team
    event = audit.history(f"inspection_plan:{drawn_plan.id}")[-1]
    assert event.action == "inspection.substitute" and event.after["in"] == expected
    assert event.after["reason"] == "病假一周"

    # a second substitution skips everyone in the team and everyone substituted out before
    second = plans.substitute(drawn_plan, oid, expected, "conflict", "发现系其亲属经营", user("head"))
    db.session.commit()
    assert second.in_inspector_id == next(i for i in order if i not in (*team, expected))


def test_public_json_and_page_show_the_substitution_and_verify_recomputes_it(insp_app, drawn_plan, tmp_path):
    oid = _free_object(drawn_plan)
    out = _team(drawn_plan, oid)[0]
    row = plans.substitute(drawn_plan, oid, out, "certificate", "执法证被暂扣", user("head"))
    db.session.commit()
    doc = document(insp_app, drawn_plan.id)
    assert doc["draw"]["substitution_rule"] == drawing.SUBSTITUTION_RULE
    assert doc["draw"]["substitutions"] == [
        {
            "object_id": oid,
            "out": out,
            "in": row.in_inspector_id,
            "reason_kind": "certificate",
            "reason_name": "执法证失效",
            "reason": "执法证被暂扣",
            "recorded_on": "2026-11-30",
        }
    ]
    team = next(t for t in doc["draw"]["teams"] if t["object_id"] == oid)
    assert out not in team["inspector_ids"] and row.in_inspector_id in team["inspector_ids"]

    page = insp_app.test_client().get(f"/inspections/{drawn_plan.id}").get_data(as_text=True)
    names = {i["id"]: i["name"] for i in doc["pools"]["inspectors"]}
    assert "执法人员替换" in page and "执法证失效：执法证被暂扣" in page
    assert f"{names[row.in_inspector_id]}（" in page

    honest = tmp_path / "honest.json"
    honest.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run_verify(tmp_path, str(honest))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "第 1 项替换" in done.stdout and done.stdout.strip().endswith("一致")

    # Someone hand-picks the replacement: the verifier names the substitution and what the rule gives.
    other = next(i["id"] for i in doc["pools"]["inspectors"] if i["id"] not in (out, row.in_inspector_id))
    doc["draw"]["substitutions"][0]["in"] = other
    for t in doc["draw"]["teams"]:
        if t["object_id"] == oid:
            t["inspector_ids"] = [other if i == row.in_inspector_id else i for i in t["inspector_ids"]]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    done = run_verify(tmp_path, str(tampered))
    assert done.returncode == 1
    assert f"第 1 项替换（检查对象 {oid}，替换执法人员 {out}）的替补人员不一致" in done.stdout
    assert f"按替换规则应为 {row.in_inspector_id}" in done.stdout


def test_records_follow_the_team_after_substitution(insp_app, drawn_plan, pools_ready):
    oid = _free_object(drawn_plan)
    team = _team(drawn_plan, oid)
    row = plans.substitute(drawn_plan, oid, team[0], "leave", "年休假", user("head"))
    db.session.commit()
    insp_app.config["TODAY"] = dt.date(2026, 12, 10)
    data = {
        "plan_id": drawn_plan.id,
        "object_id": oid,
        "inspected_on": PERIOD[0],
        "inspector_ids": team,
        "power_codes": ["HX-JC-001"],
        "findings": "门前整洁",
    }
    from portal.deadlines import Calendar

    with pytest.raises(PortalError, match="替换后的人员"):
        records.save(None, data, user("handler"), Calendar())
    new_team = [row.in_inspector_id, team[1]]
    records.save(None, {**data, "inspector_ids": new_team}, user("handler"), Calendar())
    db.session.commit()
    # once inspected, the object's team is final
    with pytest.raises(PortalError, match="已登记检查记录"):
        plans.substitute(drawn_plan, oid, team[1], "leave", "事假", user("head"))


@pytest.mark.parametrize(
    "case, message",
    [
        ("not_drawn_object", "不是本次抽中的对象"),
        ("not_in_team", "不是检查对象"),
        ("bad_reason", "替换原因"),
        ("empty_reason", "情况说明"),
        ("nobody_left", "已没有可替换的执法人员"),
    ],
)
def test_bad_substitutions_are_refused_and_change_nothing(insp_app, drawn_plan, pools_ready, case, message):
    head = user("head")
    oid = _free_object(drawn_plan)
    team = _team(drawn_plan, oid)
    args = [oid, team[0], "leave", "病假"]
    if case == "not_drawn_object":
        chosen = {r["object_id"] for r in drawn_plan.result}
        args[0] = next(o.id for o in pools_ready["objects"] if o.id not in chosen)
    elif case == "not_in_team":
        args[1] = next(i.id for i in pools_ready["inspectors"] if i.id not in team)
    elif case == "bad_reason":
        args[2] = "holiday"
    elif case == "empty_reason":
        args[3] = "  "
    elif case == "nobody_left":
        # four candidates: two substitutions use up the two spares, the third finds nobody
        current = list(team)
        for _ in range(2):
            sub = plans.substitute(drawn_plan, oid, current[0], "leave", "病假", head)
            current = [sub.in_inspector_id, current[1]]
        db.session.commit()
        args[1] = current[0]
    before_rows = db.session.scalar(db.select(db.func.count()).select_from(InspectionSubstitution))
    before_events = _audit_count()
    with pytest.raises(PortalError, match=message) as err:
        plans.substitute(drawn_plan, *args, head)
    assert err.value.status == 400
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(InspectionSubstitution)) == before_rows
    assert _audit_count() == before_events


def test_staff_page_records_a_substitution_and_only_the_head_may(insp_app, drawn_plan, as_user):
    oid = _free_object(drawn_plan)
    out = _team(drawn_plan, oid)[1]
    page = f"/staff/inspections/plans/{drawn_plan.id}"
    handler = as_user("handler")
    refused = handler.post(
        f"{page}/substitute", page, {"pair": f"{oid}:{out}", "reason_kind": "leave", "reason": "病假"}
    )
    assert refused.status_code == 403 and "只有执法部门负责人可以替换" in refused.get_data(as_text=True)
    head = as_user("head")
    bad = head.post(f"{page}/substitute", page, {"pair": "x:1", "reason_kind": "leave", "reason": "病假"})
    assert bad.status_code == 400 and "检查对象及执法人员：选择无效" in bad.get_data(as_text=True)
    done = head.post(f"{page}/substitute", page, {"pair": f"{oid}:{out}", "reason_kind": "leave", "reason": "病假"})
    assert done.status_code == 302
    shown = head.client.get(page).get_data(as_text=True)
    assert "执法人员替换" in shown and "请假或公出：病假" in shown
