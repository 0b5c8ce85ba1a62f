"""Decisions built for a test: a valid draft with fields overridable by keyword."""

import datetime as dt
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import Penalty

_counter = iter(range(1, 10**6))


def draft(**fields) -> Penalty:
    n = next(_counter)
    data = dict(
        document_number=f"测试罚决字〔2026〕{n}号",
        party_name="王建国",
        party_type="自然人",
        id_type="身份证",
        id_number="11010519491231002X",
        violation="在禁止的时段和区域内露天烧烤食品",
        facts="2026年11月1日，当事人王建国（电话13812345678）在华新街道某路段露天烧烤食品。",
        basis="《中华人民共和国大气污染防治法》第一百一十八条第三款",
        categories="罚款",
        content="罚款人民币500元",
        fine_yuan=Decimal("500.00"),
        decided_on=dt.date(2026, 11, 10),
        valid_until=dt.date(2026, 11, 25),
        authority="天津市东丽区人民政府华新街道办事处",
        authority_code="",
        data_source="天津市东丽区人民政府华新街道办事处",
        data_source_code="",
        status="draft",
    )
    data.update(fields)
    p = Penalty(**data)
    db.session.add(p)
    db.session.flush()
    return p


@pytest.fixture
def make_draft(fresh_app):
    return draft
