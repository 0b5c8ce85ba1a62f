"""Masking reports what it masked: ``mask`` returns the published text and each span (where, what kind, the original
words), from the same pipeline as ``scrub``; staff check the spans in the 公示预览."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import masking
from tests.penalties.test_masking_corpus import CORPORA, load


def unmask(result: masking.Masked) -> str:
    """The masked text with each span's original put back."""
    text = result.text
    for span in sorted(result.spans, key=lambda s: -s.start):
        text = text[: span.start] + span.original + text[span.end :]
    return text


def check(text: str, names=()) -> masking.Masked:
    result = masking.mask(text, names)
    assert result.text == masking.scrub(text, names)[0]  # one pipeline: the same text either way
    ends = 0
    for span in result.spans:
        assert ends <= span.start < span.end <= len(result.text)  # in order, inside the text, not overlapping
        ends = span.end
        shown = result.text[span.start : span.end]
        if span.kind == masking.NAME:
            assert "某" in shown and shown != span.original
        else:
            assert masking.KINDS[shown] == span.kind
    assert unmask(result) == text  # every change masking made is one of the spans reported
    return result


@pytest.mark.parametrize("name", CORPORA)
def test_every_planted_item_is_reported_and_every_change_is_a_span(name):
    for row in load(name):
        names = [tuple(pair) for pair in row.get("names", [])]
        result = check(row["text"], names)
        for planted in row["planted"]:
            assert any(planted in span.original for span in result.spans), (planted, row["text"])


def test_the_kinds_staff_see():
    text = "当事人郑建华（住华新街道昌盛里17号楼3门402，电话138-1234-5678），证人刘德明，身份证号120110198503120012。"
    result = check(text, [("郑建华", "郑某某")])
    found = {(s.kind, s.original) for s in result.spans}
    assert ("姓名", "郑建华") in found and ("姓名", "刘德明") in found
    assert ("住址", "华新街道昌盛里17号楼3门402") in found
    assert ("电话", "138-1234-5678") in found
    assert ("身份证号", "120110198503120012") in found
    assert masking.mask("2026年11月1日，当事人在华新路12号门前占道经营。").spans == ()


def test_a_mask_that_swallows_an_earlier_one_reports_the_whole_original():
    # The address rule runs after the name rule: a name inside an address comes back inside the address's original.
    result = check("当事人家住华新街道丽新里24号楼3门101王建国家。", [("王建国", "王某某")])
    assert [s.kind for s in result.spans] == ["住址"]
    assert "王建国" in result.spans[0].original


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("张三李四住电话138 0123456789号楼门证人，。（）-身份证X某")))
def test_spans_account_for_every_change_on_any_string(text):
    result = masking.mask(text)
    if not any("\ue000" <= c <= "\uf8ff" for c in text):
        assert unmask(result) == text
    assert masking.mask(result.text).text == result.text
