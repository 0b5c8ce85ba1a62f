"""Masking (rules.md, 行政处罚法 art. 50): what of a person may never reach a public page."""

import pytest

from portal import masking


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张三", "张某某"),
        ("王建国", "王某某"),
        ("欧阳娜娜", "欧阳某某"),
        ("司马光", "司马某某"),
        ("  李四 ", "李某某"),
        ("", ""),
    ],
)
def test_a_person_keeps_only_the_surname(name, masked):
    assert masking.mask_person(name) == masked


@pytest.mark.parametrize(
    "party_type, name, operator, personal",
    [
        ("自然人", "张三", "", True),
        ("个体工商户", "王建国", "王建国", True),  # named after its operator
        ("个体工商户", "刘秀英", "", True),  # no trade word: a person's name
        ("个体工商户", "天津市东丽区华新街道鑫源便利店", "王建国", False),
        ("法人及非法人组织", "天津市东丽区宏达土石方工程有限公司", "赵立新", False),
    ],
)
def test_who_is_masked(party_type, name, operator, personal):
    assert masking.is_personal(party_type, name, operator) is personal


def test_a_sole_traders_operator_is_masked_an_organisations_representative_is_not():
    assert masking.public_operator("个体工商户", "王建国") == ("王某某", True)
    assert masking.public_operator("法人及非法人组织", "赵立新") == ("赵立新", False)


def test_identifiers_never_survive_in_free_text():
    text = (
        "当事人王建国（身份证号120110198506154213，电话13812345678，座机022-24391234，"
        "账号6222020200112233445）在华新街道某路段摆摊"
    )
    out, changed = masking.scrub(text, [("王建国", "王某某")])
    assert changed
    for secret in ("王建国", "120110198506154213", "13812345678", "24391234", "6222020200112233445"):
        assert secret not in out
    assert "王某某" in out and "[身份证号已隐去]" in out and "[电话已隐去]" in out and "[账号已隐去]" in out


def test_a_home_address_is_removed_but_the_place_of_the_violation_stays():
    text = (
        "当事人王某某（住址：天津市东丽区华新街道某小区3号楼2门301，户籍地河北省某县）"
        "于2026年3月2日在华新街道公园西路与和顺路交口占路经营"
    )
    out, changed = masking.scrub(text)
    assert changed
    assert "3号楼2门301" not in out and "河北省某县" not in out
    assert "住址：[住址已隐去]，户籍地[住址已隐去]）" in out
    assert "在华新街道公园西路与和顺路交口占路经营" in out


def test_ordinary_text_is_left_alone():
    text = "罚款人民币200元，华新街道综合执法罚决字〔2022〕12号，第三十四条"
    assert masking.scrub(text) == (text, False)
