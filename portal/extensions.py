"""Flask extensions, created unbound and attached in create_app (the flaskr pattern)."""

import sqlite3

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, _record) -> None:
    """SQLite in write-ahead-log mode: readers never wait for a writer (several gunicorn workers share the file,
    and a search count is written while other workers read), and a commit appends to the log instead of
    rewriting a journal. synchronous=NORMAL is WAL's documented pairing: a power cut may lose the newest commits
    but never corrupts the file (PostgreSQL is production; SQLite serves one host)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
