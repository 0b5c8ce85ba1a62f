"""`penalties import`: credit-format rows in, every bad row named with its line, all or nothing."""

import json

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Penalty
from publish import serialize
from tests.publish.test_format import COMPANY, record

OFFICE = "11120110000000123G"


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def count():
    return db.session.scalar(select(func.count()).select_from(Penalty))


def test_a_good_file_is_imported_and_may_be_published(fresh_app, tmp_path):
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    path = write_jsonl(tmp_path / "good.jsonl", [record(), record(COMPANY)])
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert "已导入 2 件处罚决定并发布" in result.output
    p = db.session.scalar(select(Penalty).where(Penalty.party_type == "自然人"))
    assert p.status == "published" and p.fine_yuan == 2000 and p.law is None  # no laws seeded here


def test_csv_with_chinese_headers_is_read(fresh_app, tmp_path):
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    path = tmp_path / "good.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        serialize.csv_file([record(COMPANY)], fh)
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Penalty.status)) == "draft"


def test_bad_rows_are_named_and_nothing_is_imported(fresh_app, tmp_path):
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    rows = [record(), record(COMPANY, CF_XDR_SHXYM="91350100M000100Y44"), record(CF_NR_FK=""), record()]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path)])
    assert result.exit_code != 0
    out = result.output
    assert "bad.jsonl 第2行: CF_XDR_SHXYM（行政相对人代码_1（统一社会信用代码））: 统一社会信用代码校验位错误" in out
    assert "bad.jsonl 第3行: CF_NR_FK" in out and "bad.jsonl 第4行: CF_WSH" in out and "第5行" in out
    assert "文件未导入任何记录" in out and count() == 0


def _csv_text(row) -> str:
    import io

    out = io.StringIO()
    serialize.csv_file([row], out)
    return out.getvalue().lstrip("\ufeff")


@pytest.mark.parametrize(
    "encoding, bom, said",
    [
        ("utf-8", b"\xef\xbb\xbf", "UTF-8"),
        ("utf-8", b"", "UTF-8"),
        ("gb18030", b"", "GB18030"),
        ("gbk", b"", "GB18030"),
    ],
)
def test_csv_from_chinese_excel_is_read_in_its_encoding(fresh_app, tmp_path, encoding, bom, said):
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    path = tmp_path / "excel.csv"
    path.write_bytes(bom + _csv_text(record(COMPANY)).encode(encoding))
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert f"文件编码：{said}" in result.output and "已导入 1 件处罚决定" in result.output
    assert db.session.scalar(select(Penalty.party_name)) == record(COMPANY)["CF_XDR_MC"]


def test_an_undecodable_file_gets_one_clear_line(fresh_app, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(_csv_text(record(COMPANY)).encode("gb18030") + b"\xff\x80\xff\n")
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "无法识别文件编码" in lines[0] and "broken.csv" in lines[0]
    assert count() == 0


def test_procedure_and_power_code_columns(fresh_app, tmp_path):
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [record(procedure="当场程序"), record(CF_WSH="X〔2026〕2号", power_code="HX-CF-999")],
    )
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(bad)])
    assert result.exit_code != 0 and count() == 0
    assert "bad.jsonl 第1行: procedure（程序）: 应为普通程序或简易程序" in result.output
    assert "bad.jsonl 第2行: power_code（权责清单事项）: 权责清单中没有事项 HX-CF-999" in result.output
    good = write_jsonl(tmp_path / "good.jsonl", [record(procedure="简易程序"), record(COMPANY)])
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(good), "--publish"])
    assert result.exit_code == 0, result.output
    simple = db.session.scalar(select(Penalty).where(Penalty.procedure == "简易程序"))
    ordinary = db.session.scalar(select(Penalty).where(Penalty.procedure == "普通程序"))
    assert simple.status == "published" and simple.publicity_until is None  # 简易程序: not published by default
    assert ordinary.publicity_until is not None and ordinary.publicity_rule == "NDRC-2025-36"


def test_an_amount_outside_the_items_legal_range_is_refused_row_and_field_named(fresh_app, tmp_path):
    from portal.seed import load_all
    from tests.conftest import SEED_DIR

    load_all(SEED_DIR)
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    before = count()
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            record(power_code="HX-CF-031"),  # 2,000 yuan and the tools confiscated: within 大气法 art 118(3)
            record(CF_WSH="X〔2026〕2号", CF_NR_FK="0.049900", power_code="HX-CF-031"),  # 499 yuan
            record(CF_WSH="X〔2026〕3号", CF_CFLB="罚款", CF_NR_WFFF="", power_code="HX-CF-031"),
        ],
    )
    result = fresh_app.test_cli_runner().invoke(args=["penalties", "import", str(bad)])
    assert result.exit_code != 0 and count() == before
    out = result.output
    fine = "bad.jsonl 第2行: CF_NR_FK（罚款金额（万元））: 罚款 499.00 元超出"
    assert f"{fine}《大气污染防治法》第一百一十八条第三款规定的幅度（500–20,000 元）" in out
    assert (
        "bad.jsonl 第3行: CF_CFLB（处罚类别）: 《大气污染防治法》第一百一十八条第三款规定应当没收，处罚类别缺少没收"
        in out
    )
    assert "第1行" not in out


def test_an_amount_outside_an_unconfirmed_range_is_imported_with_a_warning(fresh_app, tmp_path):
    from portal.seed import load_all
    from tests.conftest import SEED_DIR

    load_all(SEED_DIR)
    fresh_app.config["AUTHORITY_USCC"] = OFFICE
    before = count()
    row = record(
        CF_WFXW="未经批准张贴宣传品",
        CF_SY="当事人在电线杆上张贴小广告3处",
        CF_YJ="《城市市容和环境卫生管理条例》第三十四条第二项",
        CF_CFLB="罚款",
        CF_NR_FK="0.030000",
        CF_NR_WFFF="",
        power_code="HX-CF-018",
    )
    result = fresh_app.test_cli_runner().invoke(
        args=["penalties", "import", str(write_jsonl(tmp_path / "w.jsonl", [row]))]
    )
    assert result.exit_code == 0, result.output
    assert count() == before + 1
    assert (
        "提示：w.jsonl 第1行: CF_NR_FK（罚款金额（万元））: 罚款 300.00 元超出《天津市文明行为促进条例》第六十五条"
        in result.output
    )
    assert "幅度未核实，仅提示" in result.output
