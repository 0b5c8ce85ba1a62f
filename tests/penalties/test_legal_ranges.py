"""The legal ranges (seed_data/penalty_ranges.json) against the law texts, every seed decision against them, and
the checker's boundaries: min, max, one yuan outside; unconfirmed ranges only warn; 个人 against 单位."""

import json
import re
from collections import Counter
from decimal import Decimal

import pytest

from portal.numerals import to_chinese
from portal.penalties import ranges
from tests.conftest import ROOT, SEED_DIR

RANGES = ranges.load(SEED_DIR / "penalty_ranges.json")
ITEMS = [i for i in json.loads((SEED_DIR / "powers.json").read_text(encoding="utf-8"))["items"]]
PUNISHMENTS = {i["code"]: i for i in ITEMS if i["category"] == "行政处罚"}
ARTICLES = {
    (a["law"], a["number"]): a["text"]
    for a in map(json.loads, (SEED_DIR / "law-articles.jsonl").read_text(encoding="utf-8").splitlines())
}
DECISIONS = [json.loads(line) for line in (SEED_DIR / "penalties.jsonl").read_text(encoding="utf-8").splitlines()]


def _written(yuan: Decimal) -> set[str]:
    """How the law texts write an amount: 五百元, 二千元, 五万元 or 2万元, 一百万元."""
    n = int(yuan)
    if n < 10000:
        return {f"{to_chinese(n)}元"}
    return {f"{to_chinese(n // 10000)}万元", f"{n // 10000}万元"} if n % 10000 == 0 else set()


def test_every_punishment_item_has_a_range_on_its_own_basis():
    assert set(RANGES.items) == set(PUNISHMENTS)
    for code, item in RANGES.items.items():
        setting = [(b["law"], b["article"]) for b in PUNISHMENTS[code]["bases"] if b["role"] == "设定依据"]
        assert (item.provision.law, item.provision.article) in setting, code
        assert item.benchmark == ()  # the office has no 裁量基准 yet: none may be invented


def test_confirmed_amounts_are_written_in_the_article_text():
    checked = 0
    for code, item in RANGES.items.items():
        p = item.provision
        if p.quality != "law-text":
            assert all(b.quality != "law-text" for b in p.bands), code
            continue
        text = ARTICLES[(p.law, p.article)]  # a law-text range cites an article the reference holds
        for band in p.bands:
            for bound in (band.min_yuan, band.max_yuan):
                if bound:
                    assert any(w in text for w in _written(bound)), f"{code}: {bound} 元 not in {p.citation}"
                    checked += 1
        if item.warning == "mandatory":
            assert "给予警告" in text, code
        if not p.bands:  # no amount in the article: it must not name one
            assert not re.search(r"[一二三四五六七八九十百千万\d]+元", text), code
    assert checked >= 20


@pytest.mark.parametrize("law, article", [("城市市容和环境卫生管理条例", 34), ("城市绿化条例", 26)])
def test_articles_without_an_amount_name_the_tianjin_provision_unconfirmed(law, article):
    items = [i for i in RANGES.items.values() if (i.provision.law, i.provision.article) == (law, article)]
    assert items
    for item in items:
        assert item.provision.bands == () and item.local is not None, item.code
        assert item.local.quality != "law-text" and "天津" in item.local.law and "未" in item.local.note, item.code


def _fined_amount_kind(row) -> str:
    party = RANGES.parties.get(row["party_type"])
    provision, bands = ranges.applicable(RANGES.get(row["power_code"]), party)
    if "罚款" not in row["categories"]:
        return "no fine"
    if not bands:
        return "no amount"
    return "confirmed" if ranges._confirmed(bands, party) else "unconfirmed"


@pytest.mark.parametrize("row", DECISIONS, ids=[d["document_number"][-10:] for d in DECISIONS])
def test_every_seed_decision_agrees_with_its_items_basis_and_range(row):
    item = PUNISHMENTS[row["power_code"]]
    setting = [(b["law"], b["article"]) for b in item["bases"] if b["role"] == "设定依据"]
    assert (row["law"], row["article_number"]) in setting
    assert f"第{to_chinese(row['article_number'])}条" in row["basis"]
    findings = ranges.check_decision(RANGES, row)
    assert [f for f in findings if f.level != "info"] == []
    if row.get("fine_yuan"):
        assert f"{Decimal(row['fine_yuan']):.0f}元" in row["content"]  # the content says the amount fined


def test_the_readme_says_what_is_true_of_the_seed_fines():
    kinds = Counter(_fined_amount_kind(r) for r in DECISIONS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = (
        f"of the {len(DECISIONS)} seed decisions, {kinds['confirmed']} fines lie within a range read in the law "
        f"text, {kinds['unconfirmed']} within a range that is not confirmed"
    )
    assert sentence in " ".join(readme.split())
    assert f"{kinds['no amount']} fines rest on articles that set no amount" in " ".join(readme.split())
    assert f"{kinds['no fine']} decisions impose no fine" in " ".join(readme.split())


def check(code, party_type, fine, categories=("罚款",), **kw):
    return ranges.check(RANGES, code, party_type=party_type, fine_yuan=Decimal(fine), categories=categories, **kw)


def levels(findings, field="fine_yuan"):
    return [f.level for f in findings if f.field == field]


@pytest.mark.parametrize(
    "party, fine, expected",
    [
        ("自然人", "200", []),
        ("自然人", "1000", []),
        ("自然人", "199.99", ["refuse"]),
        ("自然人", "1001", ["refuse"]),
        ("法人及非法人组织", "2000", []),
        ("法人及非法人组织", "20000", []),
        ("法人及非法人组织", "1999", ["refuse"]),
        ("法人及非法人组织", "20001", ["refuse"]),
        ("法人及非法人组织", "1000", ["refuse"]),  # an individual's amount is not an organisation's
        ("个体工商户", "1000", []),  # checked as 个人 …
        ("个体工商户", "1001", ["warn"]),  # … which is not confirmed, so outside it only warns
    ],
)
def test_a_confirmed_range_refuses_one_yuan_outside_and_splits_by_party(party, fine, expected):
    assert levels(check("HX-CF-039", party, fine, ("警告", "罚款"))) == expected


def test_a_range_without_a_party_split_is_confirmed_for_every_party():
    for party in ("自然人", "个体工商户", "法人及非法人组织"):
        assert levels(check("HX-CF-031", party, "500", ("罚款", "没收非法财物"))) == []
        assert levels(check("HX-CF-031", party, "499", ("罚款", "没收非法财物"))) == ["refuse"]
        assert levels(check("HX-CF-031", party, "20001", ("罚款", "没收非法财物"))) == ["refuse"]


@pytest.mark.parametrize(
    "fine, expected", [("100", []), ("200", []), ("99", ["warn"]), ("201", ["warn"]), ("2000", [])]
)
def test_an_unconfirmed_tianjin_range_only_warns(fine, expected):
    found = check("HX-CF-018", "自然人", fine)
    assert levels(found) == expected
    assert all("仅提示" in f.message and "天津市文明行为促进条例" in f.message for f in found)


def test_no_amount_in_the_article_is_said_and_never_refused():
    found = check("HX-CF-021", "个体工商户", "99999")
    assert [(f.level, f.field) for f in found] == [("info", "fine_yuan")]
    assert "未规定罚款数额" in found[0].message


def test_a_mandatory_warning_or_confiscation_missing_is_reported():
    found = check("HX-CF-039", "自然人", "500", ("罚款",))
    assert [(f.level, f.field) for f in found] == [("refuse", "categories")]
    assert "应当给予警告" in found[0].message and "缺少“警告”" in found[0].message
    found = check("HX-CF-031", "自然人", "500", ("罚款",))
    assert [(f.level, f.field) for f in found] == [("refuse", "categories")] and "没收" in found[0].message
    fire = check("HX-CF-016", "自然人", "0", ())  # 警告或者罚款: one of them at least
    assert [(f.level, f.field) for f in fire] == [("refuse", "categories")]
    assert check("HX-CF-016", "自然人", "0", ("警告",)) == []


def test_facts_and_bases_the_article_does_not_cover_are_flagged():
    loudspeaker = check("HX-CF-039", "个体工商户", "600", ("警告", "罚款"), facts="使用高音广播喇叭招揽顾客")
    assert [f.level for f in loudspeaker if f.field == "facts"] == ["warn"] and "第八十一条第二项" in loudspeaker[
        0
    ].message
    basis = "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第一项"
    facts = "将装修产生的垃圾倾倒在绿地内"
    renovation = check(
        "HX-CF-036", "自然人", "200", basis=basis, law="固体废物污染环境防治法", article=111, facts=facts
    )
    assert {f.field for f in renovation} == {"basis", "facts"}
    assert any("第二款" in f.message for f in renovation) and any("建筑垃圾" in f.message for f in renovation)
    basis = "《城市市容和环境卫生管理条例》第三十四条第四项第二款"
    other_law = check("HX-CF-036", "自然人", "200", basis=basis, law="城市市容和环境卫生管理条例", article=34)
    assert [f.field for f in other_law] == ["basis"]


def test_no_fine_is_not_an_amount_outside_the_range():
    warning_only = ranges.check(RANGES, "HX-CF-039", party_type="自然人", fine_yuan=None, categories=["警告"])
    assert warning_only == []
    assert check("HX-CF-039", "自然人", "0", ("警告",)) == []  # a zero left in the amount field with no 罚款


def test_an_item_without_a_range_or_no_item_gives_nothing():
    assert check(None, "自然人", "1") == [] and check("HX-JC-001", "自然人", "1") == []


def test_a_malformed_ranges_file_is_refused_in_chinese(tmp_path):
    data = json.loads((SEED_DIR / "penalty_ranges.json").read_text(encoding="utf-8"))
    data["items"]["HX-CF-039"]["bands"][0]["min_yuan"] = 5000
    with pytest.raises(ranges.RangesError, match="下限大于上限"):
        ranges.parse(data)
    data["items"]["HX-CF-039"]["quality"] = "sure"
    with pytest.raises(ranges.RangesError, match="quality"):
        ranges.parse(data)
    with pytest.raises(ranges.RangesError, match="找不到罚款幅度文件"):
        ranges.load(tmp_path / "none.json")
