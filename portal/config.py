"""Configuration read from the environment (``PORTAL_`` prefix) with safe embedded defaults.

Every setting is listed in ``SETTINGS`` with its default and meaning; the README's configuration table is
checked against this list by tests/test_docs.py, so a new setting cannot go undocumented.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

# name -> (default, description). A default of None means "derived at start-up" (see load()).
SETTINGS: dict[str, tuple[str | None, str]] = {
    "PORTAL_DATABASE_URL": (None, "SQLAlchemy URL; default SQLite file instance/portal.sqlite3"),
    "PORTAL_INDEX_DIR": (None, "search index folder; default instance/index"),
    "PORTAL_SEARCH_BACKEND": ("whoosh", "search engine: whoosh, or fts5 (SQLite FTS5 over bigrams, for long lists)"),
    "PORTAL_SECRET_KEY": (None, "session key; default a random key kept in instance/secret_key"),
    "PORTAL_SEED_DIR": (None, "folder of seed files; default seed_data/ beside the package"),
    "PORTAL_SITE_NAME": ("华新街道行政执法公示平台", "site title"),
    "PORTAL_HOST_ORG": ("天津市东丽区人民政府华新街道办事处", "主办单位 in the footer"),
    "PORTAL_SITE_CODE": ("", "网站标识码 (empty until the office is assigned one)"),
    "PORTAL_ICP": ("", "ICP备案号, e.g. 津ICP备XXXXXXXX号"),
    "PORTAL_PSB": ("", "公安备案号, e.g. 津公网安备 + 14 digits"),
    "PORTAL_CONTACT_PHONE": ("12345", "联系电话 in the footer (Tianjin 12345 hotline by default)"),
    "PORTAL_CORRECTION_URL": (
        "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site_code}&url={url}",
        "网站纠错 link template; {site_code} and {url} are filled in",
    ),
    "PORTAL_PER_PAGE": ("10", "search results per page"),
    "PORTAL_MAX_PER_PAGE": ("50", "largest per_page the API accepts"),
    "PORTAL_MAX_QUERY_CHARS": ("200", "longest search query accepted; longer ones get a 400"),
    "PORTAL_INDEX_LOCK_TIMEOUT": ("120", "seconds a search-index writer waits for the writer lock"),
    "PORTAL_AUTHORITY_USCC": ("", "处罚机关统一社会信用代码 (CF_CFJGDM); empty until the office's code is configured"),
    "PORTAL_LOW_FINE_YUAN": ("10000", "fines up to this many yuan count as 较低数额罚款 (3-month publicity); assumed"),
    "PORTAL_PUBLISH_WARNING_ONLY": ("0", "1 to publish 警告-only decisions (45号令 default: not published)"),
    "PORTAL_PUBLICITY_SHORT_MONTHS": ("3", "publicity period of 警告/通报批评/low fines, in months"),
    "PORTAL_PUBLICITY_LONG_MONTHS": ("36", "publicity period of every other penalty, in months"),
    "PORTAL_PUSH_ENDPOINT": ("", "credit platform push endpoint (POST {endpoint}/batches)"),
    "PORTAL_PUSH_SECRET": ("", "shared secret for the X-Signature HMAC; empty: unsigned"),
    "PORTAL_PUSH_DROP_DIR": ("", "folder for the file-drop transport, used when no endpoint is set"),
    "PORTAL_PUSH_TIMEOUT": ("30", "seconds to wait for the platform's reply"),
    "PORTAL_PUSH_BATCH_SIZE": ("100", "records per batch"),
    "PORTAL_PUSH_BACKOFF": ("30", "seconds before the first retry; doubles each time"),
    "PORTAL_PUSH_BACKOFF_CAP": ("3600", "longest wait between retries, in seconds"),
    "PORTAL_SESSION_MINUTES": ("30", "staff sessions expire after this many minutes"),
    "PORTAL_SECURE_COOKIES": ("0", "1 behind TLS: cookies only over HTTPS"),
    "PORTAL_LOGIN_MAX_FAILURES": ("5", "failed logins per account (x4 per address) before a 429"),
    "PORTAL_LOGIN_WINDOW_MINUTES": ("15", "window of the login rate limit, in minutes"),
    "PORTAL_MAX_UPLOAD_MB": ("10", "largest decision PDF staff may upload"),
    "PORTAL_ORDINARY_REVIEW_LEVELS": ("head", "review levels of ordinary decisions (major ones: all three)"),
    "PORTAL_RATE_LIMIT": ("600", "requests per minute per client address and worker; 0 switches it off"),
    "PORTAL_PROXIES": ("0", "number of reverse proxies in front (e.g. 1 behind nginx) whose X-Forwarded-* to trust"),
    "PORTAL_LOG_FORMAT": ("text", "text, or json for one JSON object per log line"),
    "PORTAL_HOLIDAYS_FILE": (None, "holiday calendar (date,kind 休/班); default seed_data/holidays.csv"),
}


def load(instance_path: str, environ: dict | None = None) -> dict:
    """Return the Flask config mapping built from ``environ`` (default os.environ)."""
    env = os.environ if environ is None else environ
    inst = Path(instance_path)

    def get(name: str) -> str | None:
        value = env.get(name)
        return value if value not in (None, "") else SETTINGS[name][0]

    db_url = get("PORTAL_DATABASE_URL") or f"sqlite:///{inst / 'portal.sqlite3'}"
    backend = get("PORTAL_SEARCH_BACKEND").strip().lower()
    if backend not in ("whoosh", "fts5"):
        raise ValueError(f"PORTAL_SEARCH_BACKEND={backend!r}: expected whoosh or fts5")
    return {
        "SQLALCHEMY_DATABASE_URI": db_url,
        "INDEX_DIR": get("PORTAL_INDEX_DIR") or str(inst / "index"),
        "SEARCH_BACKEND": backend,
        "SECRET_KEY": get("PORTAL_SECRET_KEY") or _instance_secret(inst),
        "SEED_DIR": get("PORTAL_SEED_DIR") or str(Path(__file__).resolve().parent.parent / "seed_data"),
        "SITE_NAME": get("PORTAL_SITE_NAME"),
        "HOST_ORG": get("PORTAL_HOST_ORG"),
        "SITE_CODE": get("PORTAL_SITE_CODE"),
        "ICP": get("PORTAL_ICP"),
        "PSB": get("PORTAL_PSB"),
        "CONTACT_PHONE": get("PORTAL_CONTACT_PHONE"),
        "CORRECTION_URL": get("PORTAL_CORRECTION_URL"),
        "PER_PAGE": int(get("PORTAL_PER_PAGE")),
        "MAX_PER_PAGE": int(get("PORTAL_MAX_PER_PAGE")),
        "MAX_QUERY_CHARS": int(get("PORTAL_MAX_QUERY_CHARS")),
        "INDEX_LOCK_TIMEOUT": float(get("PORTAL_INDEX_LOCK_TIMEOUT")),
        "AUTHORITY_USCC": get("PORTAL_AUTHORITY_USCC"),
        "LOW_FINE_YUAN": get("PORTAL_LOW_FINE_YUAN"),
        "PUBLISH_WARNING_ONLY": get("PORTAL_PUBLISH_WARNING_ONLY").strip().lower() in ("1", "true", "yes"),
        "PUBLICITY_SHORT_MONTHS": int(get("PORTAL_PUBLICITY_SHORT_MONTHS")),
        "PUBLICITY_LONG_MONTHS": int(get("PORTAL_PUBLICITY_LONG_MONTHS")),
        "PUSH_ENDPOINT": get("PORTAL_PUSH_ENDPOINT"),
        "PUSH_SECRET": get("PORTAL_PUSH_SECRET"),
        "PUSH_DROP_DIR": get("PORTAL_PUSH_DROP_DIR"),
        "PUSH_TIMEOUT": float(get("PORTAL_PUSH_TIMEOUT")),
        "PUSH_BATCH_SIZE": int(get("PORTAL_PUSH_BATCH_SIZE")),
        "PUSH_BACKOFF": float(get("PORTAL_PUSH_BACKOFF")),
        "PUSH_BACKOFF_CAP": float(get("PORTAL_PUSH_BACKOFF_CAP")),
        "SESSION_MINUTES": int(get("PORTAL_SESSION_MINUTES")),
        "SECURE_COOKIES": get("PORTAL_SECURE_COOKIES").strip() in ("1", "true", "yes"),
        "LOGIN_MAX_FAILURES": int(get("PORTAL_LOGIN_MAX_FAILURES")),
        "LOGIN_WINDOW_MINUTES": int(get("PORTAL_LOGIN_WINDOW_MINUTES")),
        "MAX_UPLOAD_MB": int(get("PORTAL_MAX_UPLOAD_MB")),
        "ORDINARY_REVIEW_LEVELS": tuple(x.strip() for x in get("PORTAL_ORDINARY_REVIEW_LEVELS").split(",")
                                        if x.strip()),
        "HOLIDAYS_FILE": get("PORTAL_HOLIDAYS_FILE") or str(Path(__file__).resolve().parent.parent / "seed_data"
                                                             / "holidays.csv"),
        "RATE_LIMIT": int(get("PORTAL_RATE_LIMIT")),
        "PROXIES": int(get("PORTAL_PROXIES")),
        "LOG_FORMAT": get("PORTAL_LOG_FORMAT").strip().lower(),
        "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 3600,  # static URLs carry a content hash (see assets.py)
        "JSON_AS_ASCII": False,
    }


def _instance_secret(inst: Path) -> str:
    # A random key kept in instance/ survives restarts (sessions stay valid) without ever being committed.
    path = inst / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        inst.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key
