"""Public pages and API of inspections, and the staff pages end to end through the test client."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import func, select

from portal.deadlines import Calendar
from portal.extensions import db
from portal.inspections import records
from portal.models import InspectionObject, InspectionPlan, InspectionRecord

from .conftest import PLAN, VALUE_ON, uscc, user


def test_public_pages_and_api_of_a_drawn_plan(insp_app, drawn_plan, pools_ready):
    insp_app.config["TODAY"] = dt.date(2026, 12, 10)
    row = drawn_plan.result[0]
    r = records.save(
        None,
        {
            "plan_id": drawn_plan.id,
            "object_id": row["object_id"],
            "inspected_on": dt.date(2026, 12, 2),
            "inspector_ids": row["inspector_ids"],
            "power_codes": ["HX-JC-001"],
            "findings": "现场检查，经营者电话13912345678，未发现问题",
            "problems": 0,
        },
        user("handler"),
        Calendar(),
    )
    records.publish(r, user("handler"))
    db.session.commit()
    client = insp_app.test_client()
    listing = client.get("/inspections")
    assert listing.status_code == 200 and PLAN["title"] in listing.get_data(as_text=True)
    page = client.get(f"/inspections/{drawn_plan.id}").get_data(as_text=True)
    assert (
        drawn_plan.objects_hash in page and drawn_plan.secret in page and "python -m portal.inspections.verify" in page
    )
    assert "现场检查" in page and "13912345678" not in page and "[电话已隐去]" in page
    data = client.get("/api/v1/inspections").get_json()
    assert data["total"] == 1 and data["items"][0]["url"].endswith(f"/inspections/{drawn_plan.id}")
    doc = client.get(f"/api/v1/inspections/{drawn_plan.id}").get_json()
    assert doc["results"][0]["inspectors"][0]["cert_number"].startswith("1201100")
    assert doc["results"][0]["source"] == "draw"


def test_natural_persons_are_masked_on_public_pages(insp_app, pools_ready):
    person = pools_ready["objects"][-1]
    r = records.save(
        None,
        {
            "object_id": person.id,
            "inspected_on": dt.date(2026, 11, 24),
            "inspector_ids": [i.id for i in pools_ready["inspectors"][1:3]],
            "power_codes": ["HX-JC-001"],
            "findings": "王建国经营的摊点门前堆物",
            "problems": 1,
            "rectification": "王建国当日清理",
            "rectify_days": 1,
        },
        user("handler"),
        Calendar(),
    )
    records.publish(r, user("handler"))
    db.session.commit()
    page = insp_app.test_client().get("/inspections").get_data(as_text=True)
    assert "王某某" in page and "王建国" not in page and "某小区3号楼" not in page
    assert "日常巡查" in page


def test_unpublished_plans_and_bad_input(insp_app, pools_ready):
    from portal.inspections import plans

    plan = plans.save(None, dict(PLAN), user("head"))
    db.session.commit()
    client = insp_app.test_client()
    assert client.get(f"/inspections/{plan.id}").status_code == 404
    missing = client.get(f"/api/v1/inspections/{plan.id}")
    assert missing.status_code == 404 and "尚未公布" in missing.get_json()["error"]["message"]
    bad = client.get("/api/v1/inspections?page=x")
    assert bad.status_code == 400 and "页码" in bad.get_json()["error"]["message"]
    assert client.get("/inspections?per_page=9999").status_code == 400


def test_staff_run_a_plan_through_the_pages(insp_app, as_user):
    head = as_user("head")
    # inspectors from staff accounts
    for n, name in enumerate(("handler", "head", "legal"), start=1):
        response = head.post(
            "/staff/inspections/inspectors",
            "/staff/inspections/inspectors",
            {
                "user_id": str(user(name).id),
                "cert_number": f"1201100100{n:02d}",
                "category": "综合执法",
                "cert_valid_from": "2025-01-01",
                "cert_valid_until": "2028-12-31",
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    # a CSV with a bad code: a 400 naming row and field, and nothing written
    bad = "名称,主体类型,统一社会信用代码,地址,对象类型\n甲公司,法人及非法人组织,911201100000000000,某路,驻街企业\n"
    response = head.post(
        "/staff/inspections/objects/import",
        "/staff/inspections/objects",
        {"file": (io.BytesIO(bad.encode("gb18030")), "objects.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "第2行 字段“统一社会信用代码”" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(InspectionObject)) == 0
    good = "名称,主体类型,统一社会信用代码,地址,对象类型\n" + "".join(
        f"测试{n}号商店有限公司,法人及非法人组织,{uscc(100 + n)},某路{n}号,沿街商户\n" for n in range(4)
    )
    response = head.post(
        "/staff/inspections/objects/import",
        "/staff/inspections/objects",
        {"file": (io.BytesIO(good.encode("utf-8")), "objects.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    form = {
        "title": "沿街商户抽查",
        "power_codes": ["HX-JC-002"],
        "object_types": ["沿街商户"],
        "object_count": "2",
        "inspectors_per_object": "2",
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "public_value_source": PLAN["public_value_source"],
        "public_value_on": VALUE_ON.isoformat(),
    }
    refused = head.post("/staff/inspections/plans/new", "/staff/inspections/plans/new", {**form, "object_count": "x"})
    assert refused.status_code == 400 and "抽取对象数量：应为非负整数" in refused.get_data(as_text=True)
    response = head.post("/staff/inspections/plans/new", "/staff/inspections/plans/new", form)
    assert response.status_code == 302
    plan = db.session.scalar(select(InspectionPlan))
    page = f"/staff/inspections/plans/{plan.id}"
    assert head.post(f"{page}/publish", page).status_code == 302
    early = head.post(f"{page}/draw", page, {"public_value": "1 2 3"})
    assert early.status_code == 400 and "此前不能抽取" in early.get_data(as_text=True)
    insp_app.config["TODAY"] = dt.date(2026, 12, 3)
    assert head.post(f"{page}/draw", page, {"public_value": "1 2 3"}).status_code == 302
    db.session.refresh(plan)
    assert plan.status == "drawn"
    row = plan.result[0]
    new = f"/staff/inspections/records/new?plan_id={plan.id}&object_id={row['object_id']}"
    prefilled = head.client.get(new).get_data(as_text=True)
    for iid in row["inspector_ids"]:
        assert f'value="{iid}" checked' in prefilled
    response = head.post(
        "/staff/inspections/records/new",
        new,
        {
            "plan_id": str(plan.id),
            "object_id": str(row["object_id"]),
            "inspected_on": "2026-12-02",
            "inspector_ids": [str(i) for i in row["inspector_ids"]],
            "power_codes": ["HX-JC-002"],
            "findings": "门前三包责任牌缺失",
            "problems": "1",
            "rectification": "补设责任牌",
            "rectify_days": "3",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    record = db.session.scalar(select(InspectionRecord))
    assert "待公开的检查结果" in head.client.get("/staff/inspections/").get_data(as_text=True)
    page = f"/staff/inspections/records/{record.id}"
    assert head.post(f"{page}/publish", page).status_code == 302
    public = insp_app.test_client().get(f"/inspections/{plan.id}").get_data(as_text=True)
    assert "门前三包责任牌缺失" in public
    # someone without the permission is refused with a Chinese message, nothing written
    legal = as_user("legal")
    refused = legal.post("/staff/inspections/plans/new", "/staff/inspections/", form)
    assert refused.status_code == 403 and "只有执法部门负责人可以制定和公布抽查计划" in refused.get_data(as_text=True)


def test_the_dashboard_shows_the_20_working_day_deadline(insp_app, pools_ready, as_user):
    data = {
        "object_id": pools_ready["objects"][2].id,
        "inspected_on": dt.date(2026, 10, 9),
        "inspector_ids": [i.id for i in pools_ready["inspectors"][1:3]],
        "power_codes": ["HX-JC-001"],
        "findings": "未发现问题",
    }
    records.save(None, data, user("handler"), Calendar.load(insp_app.config["HOLIDAYS_FILE"]))
    db.session.commit()
    page = as_user("handler").client.get("/staff/").get_data(as_text=True)
    assert "待公开的检查结果" in page and "2026-11-05" in page and "已逾期" in page


def test_staff_change_pool_entries(insp_app, pools_ready, as_user):
    head = as_user("head")
    obj, lapsed = pools_ready["objects"][1], pools_ready["lapsed"]
    page = f"/staff/inspections/objects/{obj.id}/edit"
    data = {
        "name": obj.name,
        "party_type": obj.party_type,
        "credit_code": "91120110ABC",
        "address": "",
        "type": "沿街商户",
    }
    refused = head.post(page, page, data)
    assert refused.status_code == 400 and "统一社会信用代码：统一社会信用代码应为18位" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(InspectionObject, obj.id).type == "七小行业"
    assert head.post(page, page, {**data, "credit_code": obj.credit_code}).status_code == 302
    assert head.post(f"/staff/inspections/objects/{obj.id}/active", page, {"active": "0"}).status_code == 302
    db.session.expire_all()
    changed = db.session.get(InspectionObject, obj.id)
    assert changed.type == "沿街商户" and not changed.active
    # a renewed certificate brings the inspector back for later periods
    page = f"/staff/inspections/inspectors/{lapsed.id}/edit"
    renewal = {
        "cert_number": lapsed.cert_number,
        "category": "综合执法",
        "cert_valid_from": "2026-12-01",
        "cert_valid_until": "2029-11-30",
    }
    assert head.post(page, page, {**renewal, "cert_valid_until": "2020-01-01"}).status_code == 400
    assert head.post(page, page, renewal).status_code == 302
    db.session.expire_all()
    assert lapsed.valid_on(dt.date(2027, 6, 1))
