"""Masked by construction: no public output carries a decision's raw personal fields.

A natural person's decision is planted with marker values in every field the public must not read (the full
name in every free-text field, identifiers, the operator's identity); one is published, one corrected and one
withdrawn, then every public page, feed, download, API response and the change log is fetched over HTTP and
searched for the markers. The masked forms (surname + 某某) must be there instead.
"""

import datetime as dt
import json

import pytest
from flask import template_rendered

from portal import clock, search
from portal.extensions import db
from portal.penalties import lifecycle
from tests.penalties.conftest import draft

NAME = "郑秘宝"  # a natural person: only 郑某某 may appear
OPERATOR = "郑秘玲"
SECRETS = {
    "id_number": "12011019850312437X",
    "legal_rep_id_number": "120110198703124388",
    "business_reg_no": "MKREG781",
    "org_code": "MKORG782",
    "tax_reg_no": "MKTAX783",
    "institution_cert_no": "MKINS784",
    "social_org_cert_no": "MKSOC785",
    "uscc": "MKUSCC786",
}
MARKERS = [NAME, OPERATOR, "13912345678", *SECRETS.values()]
AT = dt.datetime(2026, 11, 20, 9, tzinfo=clock.CST)


def _planted(n: int, **extra):
    text = f"当事人{NAME}（电话13912345678，身份证号{SECRETS['id_number']}），其亲属{OPERATOR}在场。"
    return draft(
        document_number=f"标记罚字〔2026〕{n}号",
        party_name=NAME,
        legal_rep=OPERATOR,
        id_number=SECRETS["id_number"],
        legal_rep_id_type="身份证",
        **{k: v for k, v in SECRETS.items() if k != "id_number"},
        violation=f"{NAME}露天烧烤",
        facts=text,
        basis=f"依据……（{NAME}）",
        content=f"对{NAME}罚款500元",
        license_info=f"{NAME}的许可证",
        decided_on=dt.date(2026, 11, 18),
        **extra,
    )


@pytest.fixture
def planted(fresh_app):
    published = lifecycle.publish(_planted(1), at=AT)
    corrected = lifecycle.publish(_planted(2), at=AT)
    lifecycle.correct(corrected, {"content": f"对{NAME}罚款400元"}, f"更正{NAME}的罚款，电话13912345678", at=AT)
    withdrawn = lifecycle.publish(_planted(3), at=AT)
    lifecycle.withdraw(withdrawn, "撤销", dt.date(2026, 11, 19), f"{NAME}申请复议，身份证{SECRETS['id_number']}", at=AT)
    db.session.commit()
    search.rebuild()
    return [published.id, corrected.id, withdrawn.id]


def xlsx_text(data: bytes) -> str:
    """Every cell of every sheet of a workbook, as text (a leak inside the zip would not show in its bytes)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)


def _public_urls(ids):
    urls = [
        "/",
        "/penalties",
        f"/api/v1/penalties?q={NAME}",
        "/penalties?q=郑某某",
        "/stats/2026",
        "/api/v1/stats/2026",
        "/api/v1/penalties",
        "/api/v1/changes",
        "/downloads/penalties.csv",
        "/downloads/penalties.json",
        "/downloads/penalties.xlsx",
        "/downloads/stats-2026.csv",
        "/downloads/stats-2026.xlsx",
        "/feeds/",
        "/feeds/portal.opml",
        "/sitemap",
        "/developers",
        "/feeds/penalties.rss",
        "/feeds/penalties.atom",
        "/feeds/penalties.json",
        "/sitemap.xml",
    ]
    for i in ids:
        urls += [f"/penalties/{i}", f"/api/v1/penalties/{i}"]
    return urls


def test_no_public_output_carries_a_raw_personal_field(fresh_app, planted):
    client = fresh_app.test_client()
    seen_masked = False
    for url in _public_urls(planted):
        resp = client.get(url)
        assert resp.status_code == 200, url
        body = xlsx_text(resp.data) if url.endswith(".xlsx") else resp.get_data(as_text=True)
        if url.startswith("/api/") or url.endswith(".json"):
            body += json.dumps(resp.get_json(silent=True), ensure_ascii=False)
        leaked = [m for m in MARKERS if m in body]
        assert leaked == [], f"{url} leaks {leaked}"
        seen_masked = seen_masked or "郑某某" in body
    assert seen_masked  # the masked name is what the public reads instead
    assert client.get(f"/api/v1/penalties?q={NAME}").get_json()["total"] == 0  # the full name is not indexed


def test_public_templates_receive_public_views_never_rows(fresh_app, planted):
    # Whatever a public template is given, no value in its context is a database row.
    from portal.models import Penalty

    rendered = []

    def record(sender, template, context, **extra):
        rendered.append((template.name, context))

    client = fresh_app.test_client()
    with template_rendered.connected_to(record, fresh_app):
        for url in _public_urls(planted):
            client.get(url)
    assert rendered

    def rows_in(value, depth=0):
        if isinstance(value, Penalty):
            return True
        if depth > 3:
            return False
        if isinstance(value, dict):
            return any(rows_in(v, depth + 1) for v in value.values())
        if isinstance(value, list | tuple):
            return any(rows_in(v, depth + 1) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            return any(rows_in(getattr(value, f), depth + 1) for f in value.__dataclass_fields__)
        return False

    offenders = {name for name, context in rendered if any(rows_in(v) for k, v in context.items() if k != "g")}
    assert offenders == set()
