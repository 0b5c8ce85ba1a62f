"""The FTS5 engine's own rules: how text becomes tokens and how a query becomes a MATCH expression."""

import sqlite3

import pytest

from portal import config
from portal.search.fts_backend import index_text, match_expression
from portal.search.query import parse


def test_cjk_runs_become_bigrams_plus_their_last_character():
    assert index_text("违法建设，罚款") == "违法 法建 建设 设 罚款 款"
    assert index_text("第3条 ICP") == "第 3 条 icp"


@pytest.mark.parametrize(
    "typed", ['"', '占路" OR "x', "AND OR NOT", "NEAR(a b)", "col:占路", "*", "占路^", "(((", "\x00占路"]
)
def test_any_query_becomes_a_valid_match_expression(typed):
    match, _ = match_expression(parse(typed, [], {}))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    conn.execute("INSERT INTO t VALUES (?)", (index_text("占路经营 near col and or not"),))
    if match is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()  # must not raise


def test_a_single_character_finds_it_at_the_end_of_a_run_too():
    match, _ = match_expression(parse("营", [], {}))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    conn.executemany(
        "INSERT INTO t VALUES (?)", [(index_text("占路经营"),), (index_text("营业执照"),), (index_text("占路"),)]
    )
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()[0] == 2


def test_the_search_backend_setting_is_checked():
    assert (
        config.load("/nonexistent", {"PORTAL_SEARCH_BACKEND": "FTS5", "PORTAL_SECRET_KEY": "k"})["SEARCH_BACKEND"]
        == "fts5"
    )
    with pytest.raises(ValueError, match="PORTAL_SEARCH_BACKEND"):
        config.load("/nonexistent", {"PORTAL_SEARCH_BACKEND": "elastic", "PORTAL_SECRET_KEY": "k"})


def test_the_python_strict_check_agrees_with_match():
    # The related tier checks its few candidates in Python instead of a MATCH over the whole index.
    from portal.search.fts_backend import strict_match

    texts = ["占路经营 违法建设", "营业执照", "占路", "门前三包责任", "hx 第三十四条", "违法 建设"]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
    conn.executemany(
        "INSERT INTO t (rowid, a, b) VALUES (?, ?, ?)",
        [(i, index_text(x), index_text(x[::-1])) for i, x in enumerate(texts)],
    )
    for q in ["占路", "营", "违法建设", "违法 建设", "门前三包", "第三十四条", "hx", "占路 营业", "设建", "责", "xyz"]:
        parsed = parse(q, [("占道", "占路")], {})
        match, _ = match_expression(parsed)
        by_match = {r for (r,) in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,))}
        rows = conn.execute("SELECT rowid, a, b FROM t").fetchall()
        assert {r for r, a, b in rows if strict_match(parsed, a, b)} == by_match, q
