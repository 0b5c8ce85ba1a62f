"""The banner "示例数据，非真实处罚信息" shows on every public page while the fictional seed decisions are loaded,
and goes away by itself once a decision is imported or published from the staff side."""

import pytest

from portal import audit
from portal.extensions import db
from portal.penalties import sample
from portal.seed import load_all
from tests.conftest import SEED_DIR
from tests.test_penalty_import import OFFICE, write_jsonl

BANNER = "示例数据，非真实处罚信息"
PAGES = ["/", "/powers", "/powers/HX-CF-017", "/penalties", "/stats/2022", "/feeds/", "/sitemap", "/no-such-page"]


@pytest.mark.parametrize("url", PAGES)
def test_every_public_page_carries_the_banner_while_the_sample_is_loaded(client, url):
    assert BANNER in client.get(url).get_data(as_text=True)


def test_api_and_downloads_are_data_only(client):
    assert BANNER not in client.get("/api/v1/penalties").get_data(as_text=True)


def test_an_import_switches_the_banner_off_and_seeding_again_keeps_it_off(fresh_app, tmp_path):
    from tests.publish.test_format import record

    client = fresh_app.test_client()
    assert BANNER not in client.get("/").get_data(as_text=True)  # an empty portal claims nothing
    load_all(SEED_DIR)
    assert sample.active() and BANNER in client.get("/penalties").get_data(as_text=True)
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    path = write_jsonl(tmp_path / "real.jsonl", [record()])
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert not sample.active() and BANNER not in client.get("/penalties").get_data(as_text=True)
    load_all(SEED_DIR)  # nothing new to add, and the real data stays unlabelled
    sample.record_loaded(1, "penalties.jsonl")  # even a later sample load does not label real data
    db.session.commit()
    assert not sample.active() and audit.verify()[0]
