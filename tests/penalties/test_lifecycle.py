"""A decision's life: published, corrected, withdrawn, expired; each step a version and a public change."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.errors import PortalError
from portal.extensions import db
from portal.models import Penalty, PenaltyChange
from portal.penalties import disclosure, lifecycle, public
from portal.penalties.disclosure import PenaltyFilters

AT = dt.datetime(2026, 11, 12, 10, 0, tzinfo=clock.CST)
TODAY = dt.date(2026, 11, 25)


def ops():
    return [(c.penalty_id, c.op) for c in db.session.scalars(select(PenaltyChange).order_by(PenaltyChange.seq))]


def test_publishing_fixes_the_period_and_announces_the_decision(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    db.session.commit()
    assert p.status == "published" and p.publicity_until == dt.date(2027, 2, 9)  # low fine: 3 months
    assert ops() == [(p.id, "add")]
    assert [v.note for v in p.versions] == ["发布"]
    with pytest.raises(PortalError):
        lifecycle.publish(p, at=AT)  # only once


def test_a_warning_alone_is_recorded_but_never_public(make_draft):
    p = lifecycle.publish(make_draft(categories="警告", fine_yuan=None, content="警告"), at=AT)
    db.session.commit()
    assert p.publicity_until is None and ops() == []
    assert disclosure.find(PenaltyFilters(), TODAY).total == 0


def test_a_correction_is_a_new_version_and_an_update(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    lifecycle.correct(
        p, {"fine_yuan": Decimal("300.00"), "content": "罚款人民币300元"}, "金额笔误", at=AT + dt.timedelta(days=2)
    )
    db.session.commit()
    assert (p.status, p.version, p.correction_note) == ("corrected", 2, "金额笔误")
    assert [op for _, op in ops()] == ["add", "update"]
    assert p.versions[0].snapshot["fine_yuan"] == "500.00" and p.versions[1].snapshot["fine_yuan"] == "300.00"
    with pytest.raises(PortalError, match="不能更正"):
        lifecycle.correct(p, {"document_number": "X"}, "改文号")
    with pytest.raises(PortalError, match="理由"):
        lifecycle.correct(p, {"content": "x"}, "  ")


def test_withdrawal_needs_the_legal_event_and_a_reason(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    with pytest.raises(PortalError, match="撤回事由"):
        lifecycle.withdraw(p, "不想公示", dt.date(2026, 11, 20), "理由")
    with pytest.raises(PortalError, match="理由"):
        lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 20), "")
    with pytest.raises(PortalError, match="晚于今天"):  # an event that has not happened yet
        lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 26), "复议撤销")
    with pytest.raises(PortalError, match="早于处罚决定日期"):
        lifecycle.withdraw(p, "撤销", p.decided_on - dt.timedelta(days=1), "复议撤销")
    assert p.status == "published"
    lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 20), "复议撤销", at=AT + dt.timedelta(days=9))
    db.session.commit()
    assert p.status == "withdrawn" and [op for _, op in ops()] == ["add", "withdraw"]
    view = public.withdrawal_view(p)
    assert view["withdrawal_reason"] == "复议撤销" and "party_name" not in view and "facts" not in view
    assert disclosure.find(PenaltyFilters(), TODAY).total == 0
    assert disclosure.get(p.id, TODAY)["status"] == "withdrawn"  # the notice page stays


def test_expiry_happens_the_day_after_the_last_public_day(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    db.session.commit()
    last = p.publicity_until
    assert lifecycle.expire_due(last) == 0 and disclosure.find(PenaltyFilters(), last).total == 1
    assert lifecycle.expire_due(last + dt.timedelta(days=1)) == 1
    assert lifecycle.expire_due(last + dt.timedelta(days=1)) == 0  # idempotent
    assert p.status == "expired" and [op for _, op in ops()] == ["add", "expire"]
    after = last + dt.timedelta(days=1)
    assert disclosure.find(PenaltyFilters(), after).total == 0 and disclosure.export(PenaltyFilters(), after) == []
    with pytest.raises(PortalError):
        disclosure.get(p.id, after)
    assert db.session.get(Penalty, p.id) is not None  # stays in the database


def test_public_views_never_carry_identifiers(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    view = public.public_view(p)
    flat = repr(view)
    assert "11010519491231002X" not in flat and "13812345678" not in flat and "王建国" not in flat
    assert view["party_name"] == "王某某" and {"party_name", "facts"} <= set(view["masked_fields"])


def test_the_search_index_follows_publication_and_withdrawal(make_draft):
    from portal import search

    p = lifecycle.publish(make_draft(violation="在华新街道鹦鹉螺广场露天烧烤"), at=AT)
    db.session.commit()
    search.refresh_penalties([p.id])
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 1
    assert disclosure.find(PenaltyFilters(q="王建国"), TODAY).total == 0  # the masked name is not indexed
    lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 20), "复议撤销", at=AT + dt.timedelta(days=9))
    db.session.commit()
    search.refresh_penalties([p.id])
    assert search.match_penalty_ids("鹦鹉螺")[0] == []


def test_a_fire_case_stays_public_a_year_even_with_a_low_fine(make_draft):
    p = lifecycle.publish(
        make_draft(
            basis="《中华人民共和国消防法》第六十条第二款", fine_yuan=Decimal("300.00"), content="罚款人民币300元"
        ),
        at=AT,
    )
    assert p.publicity_until == dt.date(2027, 11, 9)  # 12 months from 2026-11-10, not 3
