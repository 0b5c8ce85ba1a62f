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
    # the 复议/诉讼 laws are not among the held texts: cited by number from seed_data, marked as not checked
    assert "行政复议法》（2023年修订）第二十条第一款" in page and "行政诉讼法》（2017年修正）第四十六条第一款" in page
    assert page.count("引用据公开资料整理，尚待核对") >= 2 and "本平台参考文本未收录行政复议法条文" in page


def test_the_citations_are_data_and_absent_data_is_marked_unconfirmed(app, tmp_path):
    from pathlib import Path

    from portal.inspections import enforcement

    with app.app_context():
        cited = enforcement.remedies(app.config["SEED_DIR"])
        data = json.loads((Path(app.config["SEED_DIR"]) / "remedies.json").read_text(encoding="utf-8"))
        assert cited["channels"] == data["channels"]
        assert {c["quality"] for c in cited["channels"]} == {"secondary"}
        bare = enforcement.remedies(tmp_path)  # a seed folder without the citations
    assert [c["name"] for c in bare["channels"]] == ["行政复议", "行政诉讼"]
    for channel in bare["channels"]:
        assert channel["quality"] == "unverified" and "article" not in channel and "条号待核" in channel["note"]


def test_every_decision_page_shows_the_remedies(client):
    items = client.get("/api/v1/penalties?per_page=50").get_json()["items"]
    assert items
    for item in items[:5]:
        page = client.get(f"/penalties/{item['id']}").get_data(as_text=True)
        assert "救济渠道" in page and reference("行政处罚法", 7).split("\n")[0] in page
        assert "第二十条第一款" in page and "第四十六条第一款" in page and "尚待核对" in page
