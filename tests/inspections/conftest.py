"""Inspection fixtures: the staff app with the 行政检查 items, a few objects and inspectors, and helpers to
move the pinned date (plans are published before their public value exists and drawn after)."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.extensions import db
from portal.inspections import plans, pools
from portal.models import PowerItem, User
from publish.checks import org_check_char, uscc_check_char
from tests.staff.conftest import PASSWORD, Staff, as_user, staff_app  # noqa: F401 - fixtures used here

ITEMS = {
    "HX-JC-001": "对七小行业门店市容环境卫生和油烟排放情况的行政检查",
    "HX-JC-002": "对门前三包责任落实情况的行政检查",
}
PUBLISHED_ON = dt.date(2026, 11, 25)  # the suite's pinned today
VALUE_ON = dt.date(2026, 11, 30)
PERIOD = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def uscc(serial: int) -> str:
    """A well-formed (fictional) 统一社会信用代码 with valid check characters."""
    org = f"{serial:08d}"
    body = "91120110" + org + org_check_char(org)
    return body + uscc_check_char(body)


def user(username: str) -> User:
    return db.session.scalar(db.select(User).where(User.username == username))


@pytest.fixture
def insp_app(staff_app):  # noqa: F811
    for code, name in ITEMS.items():
        db.session.add(
            PowerItem(
                code=code,
                name=name,
                category="行政检查",
                subject="天津市东丽区人民政府华新街道办事处",
                department="综合行政执法大队",
                effective_on=dt.date(2025, 1, 1),
            )
        )
    db.session.commit()
    return staff_app


@pytest.fixture
def pools_ready(insp_app):
    """Eight objects (one a natural person), four inspectors with valid certificates, one lapsed, one 回避."""
    head = user("head")
    objects = []
    for n in range(1, 8):
        objects.append(
            pools.save_object(
                None,
                {
                    "name": f"天津市东丽区测试{n}号餐饮有限公司",
                    "party_type": "法人及非法人组织",
                    "credit_code": uscc(n),
                    "address": f"华新街道某路{n}号",
                    "type": "七小行业",
                },
                head,
            )
        )
    objects.append(
        pools.save_object(
            None,
            {"name": "王建国", "party_type": "自然人", "credit_code": "", "address": "某小区3号楼", "type": "七小行业"},
            head,
        )
    )
    inspectors = []
    for n, username in enumerate(("handler", "head", "legal", "leader"), start=1):
        inspectors.append(
            pools.save_inspector(
                None,
                {
                    "user_id": user(username).id,
                    "cert_number": f"12011000{n:04d}",
                    "category": "综合执法/华新街道",
                    "cert_valid_from": dt.date(2024, 1, 1),
                    "cert_valid_until": dt.date(2027, 12, 31),
                },
                head,
            )
        )
    lapsed = pools.save_inspector(
        None,
        {
            "user_id": user("handler2").id,
            "cert_number": "120110009999",
            "category": "综合执法/华新街道",
            "cert_valid_from": dt.date(2020, 1, 1),
            "cert_valid_until": dt.date(2026, 12, 15),  # lapses inside the plan's period
        },
        head,
    )
    pools.add_recusal(inspectors[0], objects[0], "近亲属经营", head)
    db.session.commit()
    return {"objects": objects, "inspectors": inspectors, "lapsed": lapsed}


PLAN = {
    "title": "2026年12月七小行业双随机抽查",
    "power_codes": ["HX-JC-001"],
    "object_types": ["七小行业"],
    "object_count": 3,
    "inspectors_per_object": 2,
    "period_start": PERIOD[0],
    "period_end": PERIOD[1],
    "public_value_source": "2026年11月30日开奖的中国福利彩票“快乐8”当期开奖号码（按开奖公告顺序，以空格分隔）",
    "public_value_on": VALUE_ON,
}


@pytest.fixture
def drawn_plan(insp_app, pools_ready):
    head = user("head")
    plan = plans.save(None, dict(PLAN), head)
    plans.publish(plan, head)
    db.session.commit()
    insp_app.config["TODAY"] = VALUE_ON
    plans.run_draw(plan, "01 05 09 13 22 31 40 44 52 57 60 63 66 70 71 74 75 77 79 80", head)
    db.session.commit()
    return plan
