"""Shared fixtures: real databases (SQLite, and PostgreSQL when reachable), real search indexes (Whoosh and
SQLite FTS5), the seed data.

PostgreSQL runs when PORTAL_TEST_POSTGRES_URL is set (CI sets it) or the default local server answers; each
app gets its own schema, so runs never see each other's tables. Tests on the seeded app run once for every
database and search engine pair.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from portal.seed import load_all
from publish.receiver import serve

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seed_data"
REFERENCE = ROOT.parent / "shared" / "reference"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Publicity periods depend on the date: every test app lives on this day, so the seed's public set is fixed.
TODAY = dt.date(2026, 11, 25)


def _postgres_url() -> str | None:
    url = os.environ.get("PORTAL_TEST_POSTGRES_URL")
    if url is not None:
        return url or None  # set but empty: PostgreSQL tests switched off
    try:
        engine = sa.create_engine(DEFAULT_PG, connect_args={"connect_timeout": 1})
        with engine.connect():
            pass
        engine.dispose()
        return DEFAULT_PG
    except Exception:
        return None


PG_URL = _postgres_url()
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
ENGINES = ["whoosh", "fts5"]


class Database:
    """One isolated database: a SQLite file, or a fresh schema on the PostgreSQL server."""

    def __init__(self, backend: str, folder: Path):
        self.backend = backend
        self.schema = None
        if backend == "sqlite":
            self.url = f"sqlite:///{folder / 'portal.sqlite3'}"
        else:
            self.schema = f"t_{uuid.uuid4().hex[:12]}"
            engine = sa.create_engine(PG_URL)
            with engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
            engine.dispose()
            sep = "&" if "?" in PG_URL else "?"
            self.url = f"{PG_URL}{sep}options=-csearch_path%3D{self.schema}"

    def drop(self) -> None:
        if self.schema:
            engine = sa.create_engine(PG_URL)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            engine.dispose()


def build_app(backend: str, folder: Path, seed: bool = True, **config):
    folder.mkdir(parents=True, exist_ok=True)
    database = Database(backend, folder)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database.url,
            "INDEX_DIR": str(folder / "index"),
            "SEED_DIR": str(SEED_DIR),
            "TODAY": TODAY,
            "SEARCH_COUNT_SECONDS": 0,  # each search written at once (tests/staff/test_search_learning.py: gathered)
            **config,
        },
        instance_path=str(folder),
    )
    app.extensions["test_database"] = database
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        if seed:
            load_all(SEED_DIR)
            from portal import search
            from portal.penalties import lifecycle

            lifecycle.expire_due()
            search.rebuild()
    return app


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    app.extensions["test_database"].drop()


@pytest.fixture(scope="session", params=[(b, e) for b in BACKENDS for e in ENGINES], ids=lambda p: "-".join(p))
def seeded_app(request, tmp_path_factory):
    """A seeded app shared by read-only tests, once per database backend and search engine."""
    backend, engine = request.param
    app = build_app(backend, tmp_path_factory.mktemp(f"seeded-{backend}-{engine}"), SEARCH_BACKEND=engine)
    yield app
    dispose(app)


@pytest.fixture
def app(seeded_app):
    with seeded_app.app_context():
        yield seeded_app


@pytest.fixture
def client(seeded_app):
    return seeded_app.test_client()


@pytest.fixture(params=BACKENDS)
def fresh_app(request, tmp_path):
    """A migrated but empty app for tests that change data; each test gets its own database and index."""
    app = build_app(request.param, tmp_path / "inst", seed=False)
    with app.app_context():
        yield app
    dispose(app)


@pytest.fixture(scope="session", params=ENGINES)
def seeded_template(request, tmp_path_factory):
    """A seeded SQLite database and index, built once per engine and copied for each test that changes them."""
    folder = tmp_path_factory.mktemp(f"template-{request.param}") / "inst"
    dispose(build_app("sqlite", folder, SEARCH_BACKEND=request.param))
    return folder, request.param


def app_from_template(template: Path, engine: str, folder: Path, **config):
    """An app on its own copy (in ``folder``) of the seeded template's SQLite database and index."""
    shutil.copytree(template, folder)
    settings = {
        "SECRET_KEY": "test",
        "SEED_DIR": str(SEED_DIR),
        "TODAY": TODAY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'portal.sqlite3'}",
        "INDEX_DIR": str(folder / "index"),
        "SEARCH_BACKEND": engine,
        "SEARCH_COUNT_SECONDS": 0,
    }
    return create_app({**settings, **config}, instance_path=str(folder))


@pytest.fixture
def seeded_fresh_app(seeded_template, tmp_path):
    """A seeded app of its own (SQLite) for tests that change items or the index, once per search engine."""
    template, engine = seeded_template
    folder = tmp_path / "inst"
    app = app_from_template(template, engine, folder, TESTING=True)
    app.extensions["test_database"] = Database("sqlite", folder)
    with app.app_context():
        yield app
    dispose(app)


# ---- a reference credit receiver on 127.0.0.1, with faults to inject (push tests) ----


class Running:
    def __init__(self, server):
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"

    def fault(self, *actions):
        self.server.faults.extend(actions)

    def refuse(self, wsh: str):
        self.server.refuse.add(wsh)

    def records(self) -> dict:
        with self.server.store.lock:
            return {r["CF_WSH"]: r for r in self.server.store.records()}


@pytest.fixture
def receiver():
    servers = []

    def start(secret=None, faults=()):
        server = serve("127.0.0.1", 0, ":memory:", secret, faults)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return Running(server)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
