"""Seeding: every reference row is covered, citations are real, reseeding is idempotent, bad rows write nothing."""

import csv
import json
import shutil

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Article, Law, LegalBasis, PowerItem, PowerVersion, Synonym
from portal.powers.items import bases_view
from portal.seed import SeedError, load_all

from .conftest import REFERENCE, SEED_DIR


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_loads_laws_articles_items_and_synonyms(fresh_app):
    report = load_all(SEED_DIR)
    assert _count(Article) == sum(1 for _ in (SEED_DIR / "law-articles.jsonl").open())
    assert _count(PowerItem) == len(json.loads((SEED_DIR / "powers.json").read_text())["items"])
    assert len(report.items_created) == _count(PowerItem)
    assert _count(Synonym) >= 20
    assert _count(PowerVersion) == _count(PowerItem)  # each item starts at version 1


def test_every_street_candidate_row_of_the_reference_list_is_an_item():
    path = REFERENCE / "enforcement-items.csv"
    if not path.exists():
        pytest.skip("shared/reference is not beside this checkout")
    street_rows = {int(r["n"]) for r in csv.DictReader(path.open(encoding="utf-8")) if r["scope"] == "street-candidate"}
    seeded_rows = {i.get("source_row") for i in json.loads((SEED_DIR / "powers.json").read_text())["items"]}
    assert street_rows - seeded_rows == set()
    assert {3, 4} & seeded_rows == set()  # police powers are not the street's


def test_seed_covers_inspection_and_enforcement_for_the_street_areas():
    items = json.loads((SEED_DIR / "powers.json").read_text())["items"]
    text = {
        c: " ".join(i["name"] + i.get("sub_item", "") for i in items if i["category"] == c)
        for c in ("行政检查", "行政强制")
    }
    for area in ("七小行业", "门前三包", "渣土运输", "环境保护", "垃圾分类", "违法建设", "占路经营", "消防通道"):
        assert area in text["行政检查"], area
    assert "违法建设" in text["行政强制"] and "消防通道" in text["行政强制"]


def test_seed_data_is_the_law_text_of_the_reference():
    reference = REFERENCE / "law-articles.jsonl"
    if not reference.exists():
        pytest.skip("shared/reference is not beside this checkout")
    assert (SEED_DIR / "law-articles.jsonl").read_bytes() == reference.read_bytes()


def test_bases_on_loaded_laws_show_the_article_text_and_unconfirmed_ones_say_so(fresh_app):
    load_all(SEED_DIR)
    for item in db.session.scalars(select(PowerItem)):
        for view, basis in zip(bases_view(item.bases), item.bases, strict=True):
            if basis.law.text_available and basis.article_number:
                article = db.session.scalar(
                    select(Article).where(Article.law_id == basis.law_id, Article.number == basis.article_number)
                )
                assert view["text"] == article.text
            else:
                assert view["text"] is None
                assert "未" in view["note"], f"{item.code}: an unconfirmed basis must say so"
            if basis.quality == "unverified":
                assert basis.article_number is None


def test_seeding_twice_changes_nothing(fresh_app):
    load_all(SEED_DIR)
    versions = _count(PowerVersion)
    report = load_all(SEED_DIR)
    assert report.changed_codes == []
    assert _count(PowerVersion) == versions


def _copy_seed(tmp_path):
    target = tmp_path / "seed"
    shutil.copytree(SEED_DIR, target)
    return target


def test_changing_an_item_records_a_new_version_and_keeps_the_old(fresh_app, tmp_path):
    load_all(SEED_DIR)
    seed = _copy_seed(tmp_path)
    doc = json.loads((seed / "powers.json").read_text())
    doc["items"][0]["status"] = "取消"
    doc["items"][0]["change_note"] = "依据调整决定取消"
    (seed / "powers.json").write_text(json.dumps(doc, ensure_ascii=False))
    report = load_all(seed)
    code = doc["items"][0]["code"]
    assert report.items_updated == [code]
    item = db.session.scalar(select(PowerItem).where(PowerItem.code == code))
    assert item.version == 2 and item.status == "取消"
    assert [(v.version, v.status) for v in item.versions] == [(1, "有效"), (2, "取消")]
    assert item.versions[0].snapshot["status"] == "有效"


def test_a_bad_row_is_named_and_nothing_is_written(fresh_app, tmp_path):
    seed = _copy_seed(tmp_path)
    doc = json.loads((seed / "powers.json").read_text())
    doc["items"][2]["category"] = "行政罚款"
    doc["items"][5]["bases"][0]["article"] = 999  # an article the law does not have
    doc["items"][5]["bases"][0]["law"] = "消防法"
    (seed / "powers.json").write_text(json.dumps(doc, ensure_ascii=False))
    with pytest.raises(SeedError) as err:
        load_all(seed)
    text = "\n".join(err.value.problems)
    assert f"第3项 ({doc['items'][2]['code']}): 字段 category" in text
    assert "《消防法》没有第999条" in text
    assert _count(PowerItem) == 0 and _count(Law) == 0 and _count(LegalBasis) == 0


def test_a_bad_article_line_is_reported_with_its_line(fresh_app, tmp_path):
    seed = _copy_seed(tmp_path)
    with (seed / "law-articles.jsonl").open("a") as fh:
        fh.write('{"law": "消防法", "article": "第九百条", "number": "x", "text": ""}\n')
    with pytest.raises(SeedError) as err:
        load_all(seed)
    line = sum(1 for _ in (seed / "law-articles.jsonl").open())
    assert any(p.startswith(f"law-articles.jsonl 第{line}行: 字段 number") for p in err.value.problems)
    assert _count(Article) == 0


def test_seed_cli_reports_and_exits_nonzero_on_bad_data(fresh_app, tmp_path):
    seed = _copy_seed(tmp_path)
    (seed / "synonyms.csv").write_text("term,canonical\n违建,\n", encoding="utf-8")
    result = fresh_app.test_cli_runner().invoke(args=["seed", "--dir", str(seed)])
    assert result.exit_code != 0
    assert "synonyms.csv 第2行: 字段 term/canonical" in result.output
    assert _count(PowerItem) == 0


def test_items_cite_the_streets_own_provisions_and_fire_items_say_their_competence_is_unconfirmed():
    items = {i["code"]: i for i in json.loads((SEED_DIR / "powers.json").read_text(encoding="utf-8"))["items"]}
    cited = {code: {(b["law"], b["article"]) for b in item["bases"]} for code, item in items.items()}
    assert ("消防法", 32) in cited["HX-JC-008"] and ("消防法", 52) not in cited["HX-JC-008"]
    assert ("城市市容和环境卫生管理条例", 23) not in cited["HX-JC-002"] and "未核实" in items["HX-JC-002"]["remarks"]
    assert ("城市市容和环境卫生管理条例", 36) in cited["HX-QZ-001"] and ("城市市容和环境卫生管理条例", 37) not in cited[
        "HX-QZ-001"
    ]
    fire = [code for code, item in items.items() if item.get("field") == "消防"]
    assert len(fire) >= 8
    for code in fire:
        assert "职权" in items[code]["remarks"] and "未确认" in items[code]["remarks"], code
    for code in fire:
        if items[code]["category"] == "行政处罚" and ("消防法", 60) in cited[code]:
            assert "第七十条" in items[code]["remarks"] and "消防救援机构" in items[code]["remarks"], code


def test_the_item_page_shows_the_competence_note(client):
    page = client.get("/powers/HX-CF-016").get_data(as_text=True)
    assert "消防法第七十条" in page and "职权未确认" in page
