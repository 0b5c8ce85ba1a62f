"""The public shape of a decision: the only place a ``Penalty`` row becomes something the public may see.

Masking happens here by construction: every public page, API response, feed, download, change-log entry and
the search index receives these views (plain dicts of public fields), never the row, so no template or
serializer can reach a raw name, identifier or free text that was not scrubbed (行政处罚法 art. 48, rules.md).
"""

from __future__ import annotations

from .. import clock, masking
from ..models import Penalty

# Free text typed by staff that the public sees; each passes through masking, whichever field it is.
FREE_TEXT = ("violation", "facts", "basis", "content", "license_info")


def _names(p: Penalty) -> tuple[list[tuple[str, str]], list[str], str, str]:
    party, party_masked = masking.public_party(p.party_type, p.party_name, p.legal_rep)
    operator, operator_masked = masking.public_operator(p.party_type, p.legal_rep)
    names = [(p.party_name, party)] + ([(p.legal_rep, operator)] if p.legal_rep else [])
    masked = (["party_name"] if party_masked else []) + (["legal_rep"] if operator_masked else [])
    return names, masked, party, operator


def _free_text(p: Penalty, names: list[tuple[str, str]]) -> dict[str, masking.Masked]:
    """Each free-text field that can reach the public, masked, with the spans masking put in it."""
    return {field: masking.mask(getattr(p, field) or "", names) for field in (*FREE_TEXT, "correction_note")}


# The Chinese name of each field in the staff's masking check.
FIELD_NAMES = {
    "party_name": "行政相对人名称",
    "legal_rep": "法定代表人（经营者）",
    "violation": "违法行为类型",
    "facts": "违法事实",
    "basis": "处罚依据",
    "content": "处罚内容",
    "license_info": "暂扣或吊销证照名称及编号",
    "correction_note": "更正说明",
}


def masking_report(p: Penalty) -> list[dict]:
    """For staff only (the 公示预览): each field masking changed, as {field, label, text, pieces, spans}, where
    ``pieces`` is the published text cut into (text, span or None) so a page can mark each masked span, and each
    span names its kind and the original words. It holds the private originals: never hand it to a public view."""
    names, _, party, operator = _names(p)
    out = []
    for field, original, shown in (("party_name", p.party_name, party), ("legal_rep", p.legal_rep, operator)):
        if original and shown != original:
            span = masking.Span(0, len(shown), masking.NAME, original)
            out.append({"field": field, "label": FIELD_NAMES[field], "pieces": [(shown, span)], "spans": [span]})
    for field, result in _free_text(p, names).items():
        if result.spans:
            out.append(
                {"field": field, "label": FIELD_NAMES[field], "pieces": _pieces(result), "spans": list(result.spans)}
            )
    return out


def _pieces(result: masking.Masked) -> list[tuple[str, masking.Span | None]]:
    pieces, last = [], 0
    for span in result.spans:
        if span.start > last:
            pieces.append((result.text[last : span.start], None))
        pieces.append((result.text[span.start : span.end], span))
        last = span.end
    if last < len(result.text):
        pieces.append((result.text[last:], None))
    return pieces


def public_view(p: Penalty) -> dict:
    """A decision as the public may see it: names masked, identifiers absent, masked fields named."""
    names, masked, party, operator = _names(p)
    out = {
        "id": p.id,
        "document_number": p.document_number,
        "party_name": party,
        "party_type": p.party_type,
        "uscc": p.uscc if p.party_type != masking.PERSON else "",
        "legal_rep": operator,
    }
    texts = _free_text(p, names)
    for field in FREE_TEXT:
        out[field] = texts[field].text
        if out[field] != (getattr(p, field) or ""):
            masked.append(field)
    correction_note = texts["correction_note"].text if p.correction_note else p.correction_note
    if p.correction_note and correction_note != p.correction_note:
        masked.append("correction_note")
    out.update(
        {
            "categories": p.category_list,
            "fine_yuan": clock.json_value(p.fine_yuan),
            "confiscated_yuan": clock.json_value(p.confiscated_yuan),
            "decided_on": p.decided_on.isoformat(),
            "valid_until": p.valid_until.isoformat(),
            "publicity_until": p.publicity_until.isoformat() if p.publicity_until else None,
            "authority": p.authority,
            "power_code": p.power_code,
            "procedure": p.procedure or "普通程序",
            "publicity_tier": p.publicity_tier or "",
            "law": p.law.name if p.law else None,
            "article_number": p.article_number,
            "status": p.status,
            "version": p.version,
            "correction_note": correction_note,
            "masked_fields": masked,
            "published_at": clock.json_value(p.published_at),
            "updated_at": clock.json_value(p.updated_at),
        }
    )
    return out


def public_text(p: Penalty, field: str) -> str:
    """One free-text field as published (statistics group decisions by their public violation text)."""
    return masking.scrub(getattr(p, field), _names(p)[0])[0]


def withdrawal_view(p: Penalty) -> dict:
    """All the public may see of a withdrawn decision: the notice, the event, the dates and the reason."""
    names = _names(p)[0]
    return {
        "id": p.id,
        "document_number": p.document_number,
        "status": "withdrawn",
        "withdrawal_event": p.withdrawal_event,
        "withdrawal_event_on": clock.json_value(p.withdrawal_event_on),
        "withdrawal_reason": masking.scrub(p.withdrawal_reason, names)[0],
        "withdrawn_at": clock.json_value(p.withdrawn_at),
        "decided_on": p.decided_on.isoformat(),
    }


def rescrub(view: dict) -> dict:
    """A public view stored earlier (a change-log entry) with today's masking rules applied to its free text.

    Names were masked when the view was built; scrubbing again changes nothing the rules already caught
    (scrub is idempotent) and removes what rules added since then would have removed."""
    out = dict(view)
    for field in (*FREE_TEXT, "correction_note"):
        if isinstance(out.get(field), str):
            out[field] = masking.scrub(out[field])[0]
    return out


def public_record(p: Penalty) -> dict:
    """What the public sees of a decision now: the withdrawal notice of a withdrawn one, else its public view."""
    return withdrawal_view(p) if p.status == "withdrawn" else public_view(p)
