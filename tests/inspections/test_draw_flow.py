"""A plan from pools to draw: what publication freezes, when drawing is allowed, and the public JSON checked
by ``python -m portal.inspections.verify`` in a process that cannot import Flask or SQLAlchemy."""

from __future__ import annotations

import copy
import datetime as dt
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from portal import audit
from portal.errors import PortalError
from portal.extensions import db
from portal.inspections import drawing, plans
from portal.models import InspectionPlan

from .conftest import PLAN, VALUE_ON, user

ROOT = Path(__file__).resolve().parents[2]


def run_verify(tmp_path: Path, source: str) -> subprocess.CompletedProcess:
    """The verifier as a resident runs it, with Flask and SQLAlchemy made unimportable."""
    blocker = tmp_path / "blocked"
    for name in ("flask", "sqlalchemy", "flask_sqlalchemy"):
        (blocker / name).mkdir(parents=True, exist_ok=True)
        (blocker / name / "__init__.py").write_text(f"raise ImportError('{name} must not be imported')\n")
    return subprocess.run(
        [sys.executable, "-m", "portal.inspections.verify", source],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": f"{blocker}:{ROOT}", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def document(app, plan_id: int) -> dict:
    response = app.test_client().get(f"/api/v1/inspections/{plan_id}")
    assert response.status_code == 200
    return response.get_json()


def test_publishing_freezes_the_pools_and_commits_to_a_secret(insp_app, pools_ready):
    head = user("head")
    plan = plans.save(None, dict(PLAN), head)
    plans.publish(plan, head)
    db.session.commit()
    objects = [o["id"] for o in plan.objects_snapshot]
    inspectors = {i["id"]: i for i in plan.inspectors_snapshot}
    assert objects == [o.id for o in pools_ready["objects"]]
    # the certificate that lapses inside the period keeps its holder out of the pool
    assert pools_ready["lapsed"].id not in inspectors
    assert inspectors[pools_ready["inspectors"][0].id]["recuse"] == [pools_ready["objects"][0].id]
    # the natural person is masked in the public snapshot, without address
    person = plan.objects_snapshot[-1]
    assert person["name"] == "王某某" and "address" not in person
    assert plan.commitment == drawing.commitment(plan.secret)
    doc = document(insp_app, plan.id)
    assert doc["draw"] is None and plan.secret not in json.dumps(doc)
    assert doc["hashes"]["objects"] == drawing.pool_hash(doc["pools"]["objects"])
    # later changes to the pools do not touch the published snapshot
    pools_ready["objects"][1].name = "改名"
    db.session.commit()
    assert document(insp_app, plan.id)["hashes"] == doc["hashes"]
    with pytest.raises(PortalError, match="不能再修改"):
        plans.save(plan, dict(PLAN), head)


def test_the_public_value_must_not_exist_when_the_plan_is_published(insp_app, pools_ready):
    head = user("head")
    plan = plans.save(None, {**PLAN, "public_value_on": dt.date(2026, 11, 25)}, head)
    with pytest.raises(PortalError, match="应晚于公布之日"):
        plans.publish(plan, head)


def test_no_draw_before_the_public_value_exists(insp_app, pools_ready):
    head = user("head")
    plan = plans.save(None, dict(PLAN), head)
    plans.publish(plan, head)
    with pytest.raises(PortalError, match="此前不能抽取"):
        plans.run_draw(plan, "01 02 03", head)


def test_plan_rules(insp_app, pools_ready):
    head = user("head")
    with pytest.raises(PortalError, match="不得少于 2 人"):
        plans.save(None, {**PLAN, "inspectors_per_object": 1}, head)
    with pytest.raises(PortalError, match="HX-CF-001 不是权责清单中有效的行政检查事项"):
        plans.save(None, {**PLAN, "power_codes": ["HX-CF-001"]}, head)
    with pytest.raises(PortalError, match="少于计划抽取的 50 个"):
        plans.publish(plans.save(None, {**PLAN, "object_count": 50}, head), head)
    with pytest.raises(PortalError) as refused:
        plans.save(None, dict(PLAN), user("handler"))
    assert refused.value.status == 403


def test_the_draw_is_recorded_and_audited(insp_app, drawn_plan):
    assert drawn_plan.status == "drawn"
    assert len(drawn_plan.result) == 3
    for row in drawn_plan.result:
        assert len(row["inspector_ids"]) == 2
    events = audit.history(f"inspection_plan:{drawn_plan.id}")
    assert [e.action for e in events] == ["inspection.plan", "inspection.publish", "inspection.draw"]
    assert events[-1].after["secret"] == drawn_plan.secret
    assert audit.verify()[0]
    with pytest.raises(PortalError, match="尚未抽取的计划"):
        plans.run_draw(drawn_plan, "again", user("head"))


def test_verify_a_file_says_consistent_without_flask(insp_app, drawn_plan, tmp_path):
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(document(insp_app, drawn_plan.id), ensure_ascii=False), encoding="utf-8")
    done = run_verify(tmp_path, str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "一致"


def _serve(body: bytes):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize(
    "tamper, named",
    [
        (lambda d: d["pools"]["objects"].pop(), "检查对象名录库快照 SHA-256不一致"),
        (lambda d: d["pools"]["inspectors"][0]["recuse"].clear(), "执法检查人员名录库快照 SHA-256不一致"),
        (lambda d: d["draw"].update(public_value="99 98 97"), "随机种子不一致"),
        (lambda d: d["draw"]["result"].reverse(), "抽取结果不一致"),
        (lambda d: d["draw"].update(secret="0" * 64), "密钥承诺值 SHA-256(密钥)不一致"),
        (lambda d: d["plan"].update(public_value_on=d["plan"]["published_on"]), "公开随机值应在计划公布之后产生"),
    ],
    ids=["object-removed", "recusal-removed", "public-value", "result", "secret", "value-date"],
)
def test_verify_over_http_names_what_differs(insp_app, drawn_plan, tmp_path, tamper, named):
    honest = document(insp_app, drawn_plan.id)
    server = _serve(json.dumps(honest, ensure_ascii=False).encode("utf-8"))
    try:
        done = run_verify(tmp_path, f"http://127.0.0.1:{server.server_port}/api/v1/inspections/{drawn_plan.id}")
        assert done.returncode == 0 and done.stdout.strip().endswith("一致"), done.stdout + done.stderr
    finally:
        server.shutdown()
        server.server_close()
    tampered = copy.deepcopy(honest)
    tamper(tampered)
    server = _serve(json.dumps(tampered, ensure_ascii=False).encode("utf-8"))
    try:
        done = run_verify(tmp_path, f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 1, done.stdout + done.stderr
    assert named in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("不一致")


def test_verify_unreadable_input_is_one_chinese_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    done = run_verify(tmp_path, str(bad))
    assert done.returncode == 2 and "无法读取" in done.stderr and "Traceback" not in done.stderr
    done = run_verify(tmp_path, str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "无法读取" in done.stderr


def test_the_plan_model_keeps_the_secret_until_the_draw(insp_app, pools_ready):
    head = user("head")
    plan = plans.save(None, dict(PLAN), head)
    plans.publish(plan, head)
    db.session.commit()
    page = insp_app.test_client().get(f"/inspections/{plan.id}").get_data(as_text=True)
    assert plan.commitment in page and plan.secret not in page
    insp_app.config["TODAY"] = VALUE_ON
    plans.run_draw(plan, "1 2 3", head)
    db.session.commit()
    page = insp_app.test_client().get(f"/inspections/{plan.id}").get_data(as_text=True)
    assert plan.secret in page and db.session.get(InspectionPlan, plan.id).seed in page


def test_two_people_drawing_at_once_cannot_both_succeed(insp_app, pools_ready):
    import sqlalchemy as sa

    head = user("head")
    plan = plans.save(None, dict(PLAN), head)
    plans.publish(plan, head)
    db.session.commit()
    insp_app.config["TODAY"] = VALUE_ON
    # someone else's draw committed after this page loaded the plan: the row says drawn, the object published
    db.session.execute(
        sa.update(InspectionPlan).where(InspectionPlan.id == plan.id).values(status="drawn"),
        execution_options={"synchronize_session": False},
    )
    assert plan.status == "published"
    with pytest.raises(PortalError, match="已由他人抽取") as err:
        plans.run_draw(plan, "1 2 3", head)
    assert err.value.status == 409
