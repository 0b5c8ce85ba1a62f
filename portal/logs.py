"""Logging: one JSON object per line when PORTAL_LOG_FORMAT=json (for log shippers), plain text otherwise; and
gunicorn's access log as one valid JSON object per request (``JsonAccessLogger``, set in gunicorn.conf.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging

from gunicorn.glogging import Logger, SafeAtoms


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def init_app(app) -> None:
    if app.config["LOG_FORMAT"] != "json":
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("portal", app.logger.name):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


class JsonAtoms(SafeAtoms):
    """gunicorn's log atoms escaped for a JSON string: backslashes, tabs, quotes and every control character.

    gunicorn's own ``SafeAtoms`` escapes only the double quote, so a path, query or user agent holding a
    backslash or a tab (both under the client's control) turned the access line into invalid JSON.
    """

    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            # json.dumps of a string, without its quotes; ASCII-only, so no byte of the line can break a reader.
            self[key] = json.dumps(value)[1:-1] if isinstance(value, str) else value


class JsonAccessLogger(Logger):
    """gunicorn's logger with atoms escaped for gunicorn.conf.py's JSON ``access_log_format``."""

    atoms_wrapper_class = JsonAtoms
