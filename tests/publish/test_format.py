"""The v2 record: 万元 amounts, conditional fields by party type, every rule naming its field."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publish.fields import CODES, V1_FIELDS
from publish.format import build_record, problems, to_v1, to_wanyuan

TODAY = dt.date(2026, 11, 25)
OFFICE_CODE = "11120110000000123G"
OFFICE = {
    "CF_CFJG": "天津市东丽区人民政府华新街道办事处",
    "CF_CFJGDM": OFFICE_CODE,
    "CF_SJLY": "天津市东丽区人民政府华新街道办事处",
    "CF_SJLYDM": OFFICE_CODE,
}
PERSON = {
    "document_number": "华新罚字〔2026〕1号",
    "party_name": "王建国",
    "party_type": "自然人",
    "id_type": "身份证",
    "id_number": "11010519491231002X",
    "violation": "露天烧烤",
    "facts": "在禁止区域露天烧烤",
    "basis": "《中华人民共和国大气污染防治法》第一百一十八条第三款",
    "categories": "罚款;没收非法财物",
    "content": "罚款人民币2000元，没收烧烤工具",
    "fine_yuan": "2000.00",
    "confiscated_yuan": "150.00",
    "decided_on": "2026-11-10",
    "valid_until": "2026-11-25",
    "publicity_until": "2029-11-09",
}
COMPANY = {
    **PERSON,
    "document_number": "华新罚字〔2026〕2号",
    "party_name": "天津市东丽区恒基建筑工程有限公司",
    "party_type": "法人及非法人组织",
    "id_type": "",
    "id_number": "",
    "uscc": "91350100M000100Y43",
    "legal_rep": "赵立新",
    "categories": "罚款",
    "confiscated_yuan": None,
}


def record(base=PERSON, **changes):
    return {**build_record(base, OFFICE), **changes}


@pytest.mark.parametrize(
    "yuan, wanyuan",
    [
        ("2000", "0.200000"),
        ("2000.00", "0.200000"),
        ("27100", "2.710000"),
        ("0.01", "0.000001"),
        ("0.005", "0.000001"),
        ("0.004", "0.000000"),
        ("123456789.99", "12345.678999"),
    ],
)
def test_yuan_become_wanyuan_with_six_decimals(yuan, wanyuan):
    assert f"{to_wanyuan(yuan):f}" == wanyuan


@given(st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False))
def test_wanyuan_conversion_loses_nothing_of_a_yuan_amount_in_fen(yuan):
    converted = to_wanyuan(yuan)
    assert converted * 10000 == yuan and converted.as_tuple().exponent == -6


def test_a_valid_person_and_company_pass():
    assert problems(record(), TODAY) == []
    assert problems(record(COMPANY), TODAY) == []
    assert list(record()) == list(CODES)  # every field, in the platform's order
    assert record()["CF_NR_FK"] == "0.200000" and record()["CF_NR_WFFF"] == "0.015000"


@pytest.mark.parametrize(
    "base, changes, field",
    [
        (PERSON, {"CF_XDR_MC": ""}, "CF_XDR_MC"),
        (PERSON, {"CF_XDR_LB": "外星人"}, "CF_XDR_LB"),
        (PERSON, {"CF_XDR_ZJHM": ""}, "CF_XDR_ZJHM"),
        (PERSON, {"CF_XDR_ZJHM": "110105194912310021"}, "CF_XDR_ZJHM"),
        (PERSON, {"CF_XDR_ZJLX": "驾驶证"}, "CF_XDR_ZJLX"),
        (PERSON, {"CF_XDR_SHXYM": "91350100M000100Y43"}, "CF_XDR_SHXYM"),
        (COMPANY, {"CF_XDR_SHXYM": ""}, "CF_XDR_SHXYM"),
        (COMPANY, {"CF_XDR_SHXYM": "91350100M000100Y44"}, "CF_XDR_SHXYM"),
        (COMPANY, {"CF_XDR_SHXYM": "00000000000000000X"}, "CF_XDR_SHXYM"),
        (COMPANY, {"CF_FRDB": ""}, "CF_FRDB"),
        (COMPANY, {"CF_XDR_ZJHM": "11010519491231002X"}, "CF_XDR_ZJHM"),
        (PERSON, {"CF_CFLB": "罚款;打板子"}, "CF_CFLB"),
        (PERSON, {"CF_NR_FK": ""}, "CF_NR_FK"),
        (PERSON, {"CF_NR_FK": "0.1234567"}, "CF_NR_FK"),
        (PERSON, {"CF_NR_FK": "-1"}, "CF_NR_FK"),
        (PERSON, {"CF_NR_WFFF": ""}, "CF_NR_WFFF"),
        (PERSON, {"CF_CFLB": "吊销许可证件"}, "CF_NR_ZKDX"),
        (PERSON, {"CF_JDRQ": "2026-13-01"}, "CF_JDRQ"),
        (PERSON, {"CF_JDRQ": "2026-11-26"}, "CF_JDRQ"),
        (PERSON, {"CF_YXQ": "2026-11-01"}, "CF_YXQ"),
        (PERSON, {"CF_CFJGDM": ""}, "CF_CFJGDM"),
        (PERSON, {"CF_CFJGDM": "91350100M000100Y43"}, "CF_CFJGDM"),
        (PERSON, {"CF_WSH": "文" * 129}, "CF_WSH"),
        (PERSON, {"BZ": "备" * 513}, "BZ"),
    ],
)
def test_each_rule_names_its_field(base, changes, field):
    found = problems(record(base, **changes), TODAY)
    assert found and any(p.startswith(field + "（") for p in found), found


def test_a_subject_without_a_code_may_give_another_code():
    assert problems(record(COMPANY, CF_XDR_SHXYM="00000000000000000X", CF_XDR_GSZC="120110000123456"), TODAY) == []


def test_the_v1_shape():
    v1 = to_v1(record())
    assert list(v1) == [code for code, _ in V1_FIELDS]
    assert v1["CF_CFLB1"] == "罚款" and v1["CF_CFLB2"] == "没收非法财物" and v1["CF_XZJG"] == OFFICE["CF_CFJG"]
