"""Pools (CSV import: encodings, a bad credit code named by row and field, nothing written) and 检查记录 rules."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal import audit
from portal.deadlines import Calendar
from portal.errors import PortalError
from portal.extensions import db
from portal.inspections import pools, records
from portal.models import InspectionObject

from .conftest import PERIOD, uscc, user

HEADER = "名称,主体类型,统一社会信用代码,地址,对象类型\n"


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(InspectionObject))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_import_in_utf8_or_gb18030(insp_app, encoding):
    text = HEADER + f"华新某某便利店,个体工商户,{uscc(11)},华新街道某路1号,七小行业\n张三,自然人,,,沿街商户\n"
    created = pools.import_objects_csv(text.encode(encoding), user("handler"))
    db.session.commit()
    assert [o.name for o in created] == ["华新某某便利店", "张三"]
    assert created[0].credit_code == uscc(11)
    assert audit.history("inspection_objects")[-1].after == {"ids": [o.id for o in created]}


def test_a_bad_credit_code_names_row_and_field_and_writes_nothing(insp_app):
    bad = uscc(12)[:-1] + ("0" if uscc(12)[-1] != "0" else "1")
    text = HEADER + f"甲公司,法人及非法人组织,{uscc(12)},某路,驻街企业\n乙公司,法人及非法人组织,{bad},某路,驻街企业\n"
    with pytest.raises(PortalError) as err:
        pools.import_objects_csv(text.encode("gb18030"), user("handler"))
    db.session.rollback()
    assert "第3行 字段“统一社会信用代码”：统一社会信用代码校验位错误" in err.value.message
    assert "未写入任何数据" in err.value.message
    assert count() == 0


def test_import_problems_all_reported(insp_app):
    text = (
        HEADER + f"甲,法人及非法人组织,{uscc(13)},某路,菜市场\n,自然人,,,社区\n乙,法人及非法人组织,{uscc(13)},,社区\n"
    )
    with pytest.raises(PortalError) as err:
        pools.import_objects_csv(text.encode("utf-8"), user("handler"))
    message = err.value.message
    assert (
        "第2行 字段“对象类型”" in message
        and "第3行 字段“名称”" in message
        and "与第2行的统一社会信用代码重复" in message
    )
    with pytest.raises(PortalError, match="缺少列"):
        pools.import_objects_csv("名称,地址\n甲,某路\n".encode(), user("handler"))
    with pytest.raises(PortalError, match="文件编码无法识别"):
        pools.import_objects_csv(b"\xff\xfe\x00\x81\x00", user("handler"))
    db.session.rollback()
    assert count() == 0


def test_pool_changes_need_the_permission(insp_app):
    with pytest.raises(PortalError) as err:
        pools.save_object(None, {"name": "甲", "party_type": "自然人", "type": "社区"}, user("legal"))
    assert err.value.status == 403


def _record(pools_ready, **changes) -> dict:
    objects, inspectors = pools_ready["objects"], pools_ready["inspectors"]
    data = {
        "plan_id": None,
        "object_id": objects[1].id,
        "inspected_on": dt.date(2026, 11, 20),
        "inspector_ids": [inspectors[1].id, inspectors[2].id],
        "power_codes": ["HX-JC-001"],
        "findings": "油烟净化设施未正常使用，门前堆放杂物",
        "problems": 2,
        "rectification": "清洗油烟净化设施，清理门前杂物",
        "rectify_days": 5,
        "recheck_on": None,
        "recheck_result": "",
        "corrected": 0,
        "referred_to": "",
        "penalty_id": None,
    }
    data.update(changes)
    return data


def test_a_patrol_record_with_a_working_day_deadline(insp_app, pools_ready):
    calendar = Calendar.load(insp_app.config["HOLIDAYS_FILE"])
    r = records.save(None, _record(pools_ready), user("handler"), calendar)
    db.session.commit()
    assert r.source == "patrol" and r.source_name == "日常巡查"
    assert r.rectify_due == dt.date(2026, 11, 27)  # Fri 20 Nov + 5 working days
    assert [i["cert_number"] for i in r.inspectors] == ["120110000002", "120110000003"]
    assert records.result_due(r.inspected_on, calendar) == dt.date(2026, 12, 18)
    assert audit.history(f"inspection_record:{r.id}")[0].action == "inspection.record"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"inspector_ids": [1]}, "不得少于 2 人"),
        ({"inspected_on": dt.date(2026, 12, 20)}, "不能晚于今天"),
        ({"rectify_days": None}, "整改期限"),
        ({"corrected": 3}, "已整改数不超过发现数"),
        ({"power_codes": []}, "检查事项"),
        ({"penalty_id": 999}, "关联处罚案件：999 不存在"),
        ({"recheck_result": "已整改"}, "复查日期"),
    ],
)
def test_record_rules(insp_app, pools_ready, changes, message):
    with pytest.raises(PortalError, match=message):
        records.save(None, _record(pools_ready, **changes), user("handler"), Calendar())


def test_an_inspector_without_a_valid_certificate_cannot_be_recorded(insp_app, pools_ready):
    lapsed, other = pools_ready["lapsed"], pools_ready["inspectors"][1]
    insp_app.config["TODAY"] = dt.date(2026, 12, 20)
    data = _record(pools_ready, inspected_on=dt.date(2026, 12, 16), inspector_ids=[lapsed.id, other.id])
    with pytest.raises(PortalError, match="120110009999）的执法证在 2026-12-16 无效"):
        records.save(None, data, user("handler"), Calendar())
    recused = _record(
        pools_ready, object_id=pools_ready["objects"][0].id, inspector_ids=[pools_ready["inspectors"][0].id, other.id]
    )
    with pytest.raises(PortalError, match="回避关系"):
        records.save(None, recused, user("handler"), Calendar())


def test_a_draw_record_names_a_drawn_object_and_its_inspectors(insp_app, drawn_plan, pools_ready):
    insp_app.config["TODAY"] = dt.date(2026, 12, 10)
    row = drawn_plan.result[0]
    drawn = _record(
        pools_ready,
        plan_id=drawn_plan.id,
        object_id=row["object_id"],
        inspected_on=PERIOD[0],
        inspector_ids=row["inspector_ids"],
    )
    r = records.save(None, drawn, user("handler"), Calendar())
    assert r.source == "draw"
    chosen = {x["object_id"] for x in drawn_plan.result}
    other = next(o.id for o in pools_ready["objects"] if o.id not in chosen)
    with pytest.raises(PortalError, match="不是该计划抽中的对象"):
        records.save(None, {**drawn, "object_id": other}, user("handler"), Calendar())
    # Any inspector of the pool not drawn for this object (the draw is random, so do not assume which).
    spare = next(i.id for i in pools_ready["inspectors"] if i.id not in row["inspector_ids"])
    with pytest.raises(PortalError, match="应为该对象抽中的执法人员"):
        records.save(None, {**drawn, "inspector_ids": [row["inspector_ids"][0], spare]}, user("handler"), Calendar())


def test_cli_import_all_or_nothing(insp_app, tmp_path):
    runner = insp_app.test_cli_runner()
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "甲公司,法人及非法人组织,91120110000000000X,某路,驻街企业\n").encode("gb18030"))
    result = runner.invoke(args=["inspections", "import-objects", str(bad), "--as", "handler"])
    assert result.exit_code == 1
    assert "第2行 字段“统一社会信用代码”" in result.output and "未写入任何数据" in result.output
    assert count() == 0
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"乙公司,法人及非法人组织,{uscc(21)},某路,驻街企业\n", encoding="utf-8")
    result = runner.invoke(args=["inspections", "import-objects", str(good), "--as", "handler"])
    assert result.exit_code == 0 and "已导入检查对象 1 个" in result.output
    result = runner.invoke(args=["inspections", "import-objects", str(good), "--as", "nobody"])
    assert result.exit_code == 1 and "没有在用的账号 nobody" in result.output
