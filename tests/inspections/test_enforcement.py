"""事前公开 (/enforcement) and the 救济渠道 block on decision pages: only held article texts are quoted."""

import json

from tests.conftest import REFERENCE


def reference(law: str, number: int) -> str:
    for line in (REFERENCE / "law-articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["law"] == law and row["number"] == number:
            return row["text"]
    raise KeyError(number)


def test_enforcement_page(client):
    page = client.get("/enforcement").get_data(as_text=True)
    for code in ("HX-JC-001", "HX-JC-008"):
        assert code in page
    assert "华新街道综合行政执法大队" in page and "待确认" in page
    assert reference("行政处罚法", 24).split("\n")[0] in page  # quoted as the reference text states it
    assert reference("行政处罚法", 39) in page
    assert "<svg" in page and "简易程序" in page and "普通程序" in page
    assert "行政复议" in page and "六十日" in page and "六个月" in page
    # the 复议/诉讼 laws are not among the held texts: no article number is given for them
    assert "行政复议法》第" not in page and "行政诉讼法》第" not in page


def test_every_decision_page_shows_the_remedies(client):
    items = client.get("/api/v1/penalties?per_page=50").get_json()["items"]
    assert items
    for item in items[:5]:
        page = client.get(f"/penalties/{item['id']}").get_data(as_text=True)
        assert "救济渠道" in page and reference("行政处罚法", 7).split("\n")[0] in page
