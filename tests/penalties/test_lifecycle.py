"""A decision's life: published, corrected, withdrawn, expired; each step a version and a public change."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import clock
from portal.errors import PortalError
from portal.extensions import db
from portal.models import CreditChange, Law, Penalty, PenaltyChange
from portal.penalties import disclosure, lifecycle, public
from portal.penalties.disclosure import PenaltyFilters
from tests.conftest import SEED_DIR

AT = dt.datetime(2026, 11, 12, 10, 0, tzinfo=clock.CST)
TODAY = dt.date(2026, 11, 25)


def ops():
    return [(c.penalty_id, c.op) for c in db.session.scalars(select(PenaltyChange).order_by(PenaltyChange.seq))]


def test_publishing_fixes_the_period_and_announces_the_decision(make_draft):
    p = lifecycle.publish(make_draft(), at=AT)
    db.session.commit()
    # Published after 2026-04-01: the 36号令 table, 一般 tier, one year from the decision date.
    assert p.status == "published" and p.publicity_until == dt.date(2027, 11, 9)
    assert (p.publicity_rule, p.publicity_tier, p.publicity_months) == ("NDRC-2025-36", "一般", 12)
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
    lifecycle.correct(p, {"facts": "2026年11月1日，当事人在华新街道某路段露天烧烤食品。"}, "违法事实中日期笔误", at=AT)
    db.session.commit()
    assert (p.status, p.version, p.correction_note) == ("corrected", 2, "违法事实中日期笔误")
    assert [op for _, op in ops()] == ["add", "update"]
    assert "某路段" in p.versions[1].snapshot["facts"] and p.versions[1].snapshot["fine_yuan"] == "500.00"
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


def test_the_search_follows_publication_and_withdrawal_in_the_same_transaction(make_draft):
    p = make_draft(violation="在华新街道鹦鹉螺广场露天烧烤")
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 0  # a draft is not searchable
    lifecycle.publish(p, at=AT)
    # Found before any commit: search reads the same transaction as the change, nothing to refresh.
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 1
    assert disclosure.find(PenaltyFilters(q="王建国"), TODAY).total == 0  # the masked name is not indexed
    assert disclosure.find(PenaltyFilters(q="王某某"), TODAY).total == 1  # the masked one is
    lifecycle.correct(p, {"violation": "在华新街道海螺广场露天烧烤"}, "地点有误", at=AT)
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 0
    assert disclosure.find(PenaltyFilters(q="海螺广场"), TODAY).total == 1
    lifecycle.withdraw(p, "撤销", dt.date(2026, 11, 20), "复议撤销", at=AT + dt.timedelta(days=9))
    assert disclosure.find(PenaltyFilters(q="海螺"), TODAY).total == 0
    db.session.rollback()  # and a rolled-back change leaves no trace in the search
    assert disclosure.find(PenaltyFilters(q="鹦鹉螺"), TODAY).total == 0


OLD_RULE_AT = dt.datetime(2026, 3, 31, 10, 0, tzinfo=clock.CST)  # the last day of 国家发展改革委令2023年第58号


def test_a_fire_case_stays_public_a_year_by_its_field_not_the_law_name(make_draft):
    tianjin_fire = Law(name="天津市消防条例", full_name="天津市消防条例", level="地方性法规", field="消防")
    db.session.add(tianjin_fire)
    low = dict(decided_on=dt.date(2026, 3, 20), valid_until=dt.date(2026, 4, 5), fine_yuan=Decimal("300.00"))
    # Under the 58号 rule a low fine is public 3 months; a fire case under a Tianjin rule at least a year.
    fire = lifecycle.publish(make_draft(basis="《天津市消防条例》", law=tianjin_fire, **low), at=OLD_RULE_AT)
    assert fire.publicity_until == dt.date(2027, 3, 19) and fire.publicity_months == 12
    # Naming 消防法 in the typed basis no longer decides: the field of the item or the law does.
    named = lifecycle.publish(make_draft(basis="《中华人民共和国消防法》第六十条第二款", **low), at=OLD_RULE_AT)
    assert named.publicity_until == dt.date(2026, 6, 19) and named.publicity_rule == "NDRC-2023-58"


def test_the_rule_follows_the_publication_day(make_draft):
    case = dict(
        categories="罚款;没收非法财物",
        confiscated_yuan=Decimal("150.00"),
        decided_on=dt.date(2026, 3, 20),
        valid_until=dt.date(2026, 4, 5),
    )
    before = lifecycle.publish(make_draft(**case), at=OLD_RULE_AT)
    after = lifecycle.publish(make_draft(**case), at=OLD_RULE_AT + dt.timedelta(days=1))
    assert (before.publicity_rule, before.publicity_months, before.publicity_until) == (
        "NDRC-2023-58",
        36,
        dt.date(2029, 3, 19),
    )
    assert (after.publicity_rule, after.publicity_months, after.publicity_until) == (
        "NDRC-2025-36",
        12,
        dt.date(2027, 3, 19),
    )


def test_a_minor_is_never_published_and_staff_see_why(make_draft):
    young = dict(id_number="120110200811104216", decided_on=dt.date(2026, 11, 9), valid_until=dt.date(2026, 11, 20))
    p = lifecycle.publish(make_draft(**young), at=AT)
    db.session.commit()
    assert p.publicity_until is None and ops() == []
    assert "未满十八周岁" in lifecycle.publicity_info(p)["not_published"]
    birthday = lifecycle.publish(make_draft(**{**young, "decided_on": dt.date(2026, 11, 10)}), at=AT)
    assert birthday.publicity_until == dt.date(2027, 11, 9)  # 18 on the decision date: published
    # No birth date in the number (a passport): the recorded birth date decides.
    passport = make_draft(id_type="护照", id_number="E12345678", party_birth_date=dt.date(2010, 1, 1))
    assert lifecycle.preview(passport)["not_published"].startswith("当事人作出处罚决定时未满十八周岁")


def test_recompute_lists_then_applies_a_changed_rules_table(make_draft):
    from portal.penalties.publicity import Rules, parse_rules

    data = json.loads((SEED_DIR / "publicity_rules.json").read_text(encoding="utf-8"))
    data["rules"][1]["tiers"]["一般"]["max_months"] = 36  # the table as it read before the 36号 tiers
    older = Rules(table=parse_rules(data))
    p = lifecycle.publish(make_draft(), rule=older, at=AT)
    old_case = dict(decided_on=dt.date(2024, 11, 10), valid_until=dt.date(2024, 11, 25))
    short = lifecycle.publish(make_draft(**old_case), rule=older, at=AT)
    db.session.commit()
    assert p.publicity_until == dt.date(2029, 11, 9) and short.publicity_until == dt.date(2027, 11, 9)
    seen = ops()
    now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=clock.CST)
    dry = lifecycle.recompute(apply=False, at=now)
    assert [(c["document_number"], c["before"]["until"], c["after"]["until"]) for c in dry] == [
        (short.document_number, "2027-11-09", "2025-11-09"),
        (p.document_number, "2029-11-09", "2027-11-09"),
    ]
    assert ops() == seen and p.publicity_until == dt.date(2029, 11, 9)  # a dry run changes nothing
    applied = lifecycle.recompute(apply=True, at=now)
    db.session.commit()
    assert applied == dry and p.publicity_until == dt.date(2027, 11, 9) and p.version == 2
    assert ops()[-2:] == [(short.id, "expire"), (p.id, "update")] and "公示期重新计算" in p.versions[-1].note
    assert short.status == "expired"  # its new last day has passed: it leaves the public pages, recorded
    change = db.session.scalars(select(PenaltyChange).order_by(PenaltyChange.seq.desc())).first()
    assert change.decision["publicity_until"] == "2027-11-09"
    outbox = db.session.scalars(select(CreditChange).where(CreditChange.penalty_id == p.id)).all()
    assert [c.op for c in outbox] == ["upsert", "upsert"]
    assert lifecycle.recompute(apply=False, at=now) == []  # nothing moves twice


@pytest.mark.parametrize(
    "changes, named",
    [
        ({"fine_yuan": Decimal("300.00"), "content": "罚款人民币300元"}, "罚款金额"),
        ({"categories": "警告;罚款"}, "处罚类别"),
        ({"basis": "《城市市容和环境卫生管理条例》第三十四条"}, "处罚依据"),
    ],
)
def test_changing_the_penalty_itself_is_not_a_correction(make_draft, changes, named):
    p = lifecycle.publish(make_draft(), at=AT)
    with pytest.raises(PortalError, match=f"改变了{named}，属于变更处罚决定.*请撤回原决定（事由：变更"):
        lifecycle.correct(p, changes, "笔误", at=AT)
    assert p.version == 1 and p.fine_yuan == Decimal("500.00")
    # The same amount given again is no change of the penalty: a clerical correction of the text passes.
    lifecycle.correct(p, {"fine_yuan": Decimal("500.00"), "content": "罚款人民币伍佰元"}, "大写笔误", at=AT)
    assert p.status == "corrected"


def test_the_recompute_command_lists_with_dry_run_and_applies_audited(fresh_app, make_draft):
    from portal import audit
    from portal.models import AuditEvent
    from portal.penalties.publicity import Rules, parse_rules

    data = json.loads((SEED_DIR / "publicity_rules.json").read_text(encoding="utf-8"))
    data["rules"][1]["tiers"]["一般"]["max_months"] = 36
    p = lifecycle.publish(make_draft(), rule=Rules(table=parse_rules(data)), at=AT)
    db.session.commit()
    runner = fresh_app.test_cli_runner()
    dry = runner.invoke(args=["penalties", "publicity", "recompute", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (
        f"{p.document_number}: NDRC-2025-36 一般 36个月，至 2029-11-09 → NDRC-2025-36 一般 12个月，至 2027-11-09"
        in dry.output
    )
    assert "将改变 1 件（未作修改）" in dry.output
    db.session.expire_all()
    assert db.session.get(Penalty, p.id).publicity_until == dt.date(2029, 11, 9)
    done = runner.invoke(args=["penalties", "publicity", "recompute"])
    assert done.exit_code == 0 and "已重新计算 1 件" in done.output
    db.session.expire_all()
    assert db.session.get(Penalty, p.id).publicity_until == dt.date(2027, 11, 9)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "penalty.publicity_recompute")).one()
    assert event.before["until"] == "2029-11-09" and event.after["until"] == "2027-11-09" and audit.verify()[0]
    api = fresh_app.test_client().get(f"/api/v1/penalties/{p.id}").get_json()
    assert (api["publicity_until"], api["publicity_tier"], api["procedure"]) == ("2027-11-09", "一般", "普通程序")
