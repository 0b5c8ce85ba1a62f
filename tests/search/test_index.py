"""The index is derived data: rebuilt on demand, recovered when missing or broken, one writer at a time.

Every test runs on both engines (Whoosh and SQLite FTS5); the helpers below know where each keeps its files.
"""

import json
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from portal import search
from portal.extensions import db
from portal.powers.items import get_item
from portal.search import IndexBusy, IndexUnavailable, SearchParams, fts_backend, search_powers, whoosh_backend


def index_dir(app) -> Path:
    return Path(app.config["INDEX_DIR"])


def built_marker(app) -> Path:
    """The file whose presence says a complete index was written."""
    if app.config["SEARCH_BACKEND"] == "whoosh":
        return index_dir(app) / whoosh_backend.MARKER
    return index_dir(app) / fts_backend.FILENAME


def corrupt(app) -> None:
    if app.config["SEARCH_BACKEND"] == "whoosh":
        for f in index_dir(app).glob("*.toc"):
            f.write_bytes(b"garbage")
    else:
        (index_dir(app) / fts_backend.FILENAME).write_bytes(b"garbage" * 1000)


def schema_version(app, value=None):
    """Read (or, given a value, overwrite) the schema version the index was built with."""
    if app.config["SEARCH_BACKEND"] == "whoosh":
        marker = index_dir(app) / whoosh_backend.MARKER
        if value is not None:
            marker.write_text(json.dumps({"schema_version": value}))
        return json.loads(marker.read_text())["schema_version"]
    with sqlite3.connect(index_dir(app) / fts_backend.FILENAME) as conn:
        if value is not None:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(value),))
        return int(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])


def test_rebuild_indexes_every_item(seeded_fresh_app):
    assert search.rebuild() == 57
    assert search.engine().doc_count() == 57


def test_index_rebuild_cli(seeded_fresh_app):
    result = seeded_fresh_app.test_cli_runner().invoke(args=["index", "rebuild"])
    assert result.exit_code == 0 and "57" in result.output


def test_a_missing_index_is_rebuilt_on_the_next_search(seeded_fresh_app):
    shutil.rmtree(index_dir(seeded_fresh_app))
    assert search_powers(SearchParams(q="违法建设")).total > 0
    assert built_marker(seeded_fresh_app).exists()


def test_a_corrupt_index_is_rebuilt_on_the_next_search(seeded_fresh_app):
    corrupt(seeded_fresh_app)
    with pytest.raises(IndexUnavailable):
        search.engine().open()
    assert search_powers(SearchParams(q="门前三包")).total == 3


def test_an_index_of_another_schema_version_is_rebuilt(seeded_fresh_app):
    schema_version(seeded_fresh_app, -1)
    assert search.ensure() is True
    assert schema_version(seeded_fresh_app) > 0


def test_the_web_search_page_survives_a_deleted_index(seeded_fresh_app):
    shutil.rmtree(index_dir(seeded_fresh_app))
    response = seeded_fresh_app.test_client().get("/powers?q=违建")
    assert response.status_code == 200 and "违法建设" in response.get_data(as_text=True)


def test_a_second_writer_waits_for_the_first(seeded_fresh_app):
    engine = search.engine()
    order = []

    def hold():
        with engine.writer_lock():
            order.append("first in")
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    while not order:
        time.sleep(0.01)
    assert search.rebuild() == 57  # blocks until the first writer lets go, then succeeds
    order.append("second done")
    thread.join()
    assert order == ["first in", "first out", "second done"]


def test_a_writer_that_waits_too_long_gets_a_clear_error(seeded_fresh_app):
    engine = search.engine()
    engine.lock_timeout = 0.2
    held = threading.Event()
    release = threading.Event()

    def hold():
        with engine.writer_lock():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        with pytest.raises(IndexBusy):
            search.rebuild()
    finally:
        release.set()
        thread.join()


def test_readers_keep_working_during_a_rebuild(seeded_fresh_app):
    app = seeded_fresh_app
    errors, totals = [], []

    def read():
        with app.app_context():
            for _ in range(15):
                try:
                    totals.append(search_powers(SearchParams(q="垃圾")).total)
                except Exception as err:  # any failure is a defect
                    errors.append(err)
            db.session.remove()

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for _ in range(2):
        search.rebuild()
    for t in readers:
        t.join()
    assert errors == [] and set(totals) == {totals[0]}


def test_changing_an_item_updates_the_index(seeded_fresh_app):
    item = get_item("HX-CF-001")
    item.name = "对随地吐痰的处罚（测试用新名称：鹦鹉螺）"
    db.session.commit()
    assert search_powers(SearchParams(q="鹦鹉螺")).total == 0  # not yet refreshed
    search.refresh(["HX-CF-001"])
    assert [h.item.code for h in search_powers(SearchParams(q="鹦鹉螺")).hits] == ["HX-CF-001"]
    assert search.engine().doc_count() == 57


def test_a_deleted_item_leaves_the_index(seeded_fresh_app):
    db.session.delete(get_item("HX-JC-008"))
    db.session.commit()
    search.refresh(["HX-JC-008"])
    assert search.engine().doc_count() == 56
    assert search_powers(SearchParams(department="平安建设办公室")).total == 0


def test_moving_an_item_to_another_department_moves_its_facet_count(seeded_fresh_app):
    before = dict(search_powers(SearchParams(q="")).facets["department"])
    item = get_item("HX-JC-008")
    old = item.department
    item.department = "测试新设科室"
    db.session.commit()
    search.refresh(["HX-JC-008"])
    after = dict(search_powers(SearchParams(q="")).facets["department"])
    assert after["测试新设科室"] == 1 and after.get(old, 0) == before[old] - 1
    assert [h.item.code for h in search_powers(SearchParams(department="测试新设科室")).hits] == ["HX-JC-008"]


def test_an_empty_list_searches_to_nothing_not_an_error(fresh_app):
    assert search.rebuild() == 0
    assert search_powers(SearchParams(q="违建")).total == 0
    assert fresh_app.test_client().get("/").status_code == 200
