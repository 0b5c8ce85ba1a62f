"""Configuration read from the environment (``PORTAL_`` prefix) with safe embedded defaults.

Every setting is one row of ``TABLE`` (name, default, type, help), read by one loop; the README's configuration
table is checked against it by tests/test_docs.py, so a new setting cannot go undocumented. Values are parsed
strictly: ``PORTAL_SECURE_COOKIES=True`` is true, ``=maybe`` stops start-up with one line naming the variable and
what it accepts, never a silent default or a traceback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .models.staff import REVIEW_LEVELS

ROOT = Path(__file__).resolve().parent.parent
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class ConfigError(ValueError):
    """A setting with a value it does not accept; the message names the variable and the accepted values."""


@dataclass(frozen=True)
class Setting:
    name: str  # environment variable
    default: str | None  # None: derived at start-up from the instance folder (see _derived)
    type: str  # str, int, float, decimal, bool, choice, list, path (on this site), media
    help: str
    minimum: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The Flask config key: the name without its prefix."""
        return self.name.removeprefix("PORTAL_")

    def parse(self, raw: str):
        """``raw`` as this setting's type, or ConfigError naming the variable and what it accepts."""
        value = raw.strip()
        if self.type == "bool":
            if value.lower() in TRUE:
                return True
            if value.lower() in FALSE:
                return False
            raise ConfigError(f"{self.name}={raw!r}: 应为 1/true/yes/on 或 0/false/no/off")
        if self.type == "decimal":  # money: validated here, kept as text for an exact Decimal later
            self.parse_number(value, raw, "float")
            return value
        if self.type in ("int", "float"):
            return self.parse_number(value, raw, self.type)
        if self.type == "choice":
            if value.lower() not in self.choices:
                raise ConfigError(f"{self.name}={raw!r}: 应为 {' 或 '.join(self.choices)}")
            return value.lower()
        if self.type == "media":
            return self.parse_media(value, raw)
        if self.type == "path":
            if value and not value.startswith("/"):
                raise ConfigError(f"{self.name}={raw!r}: 应为本站路径，以 / 开头（页面只显示本站的图片）")
            return value
        if self.type == "list":
            items = tuple(x.strip() for x in value.split(",") if x.strip())
            unknown = [x for x in items if x not in self.choices]
            if unknown:
                raise ConfigError(f"{self.name}={raw!r}: 各项应为 {', '.join(self.choices)} 之一")
            return items
        return raw

    def parse_media(self, value: str, raw: str) -> tuple[dict, ...]:
        """``名称|链接|二维码图片;…``: each account's name, its link (http/https) and a QR image on this site."""
        accounts = []
        for entry in filter(None, (e.strip() for e in value.split(";"))):
            name, link, image = ([x.strip() for x in entry.split("|")] + ["", ""])[:3]
            if not name or entry.count("|") > 2:
                raise ConfigError(f"{self.name}={raw!r}: 每项应为 名称|链接|二维码图片，以 ; 分隔")
            if link and not link.startswith(("https://", "http://")):
                raise ConfigError(f"{self.name}={raw!r}: 链接应以 https:// 或 http:// 开头")
            if image and not image.startswith("/"):
                raise ConfigError(f"{self.name}={raw!r}: 二维码图片应为本站路径，以 / 开头")
            accounts.append({"name": name, "url": link, "qr": image})
        return tuple(accounts)

    def parse_number(self, value: str, raw: str, kind: str):
        # ASCII only: int() and float() also accept other scripts' digits (e.g. Arabic-Indic), which no one means.
        try:
            if not value.isascii():
                raise ValueError
            number = int(value) if kind == "int" else float(value)
        except ValueError:
            raise ConfigError(f"{self.name}={raw!r}: 应为{'整数' if kind == 'int' else '数字'}") from None
        if self.minimum is not None and number < self.minimum:
            raise ConfigError(f"{self.name}={raw!r}: 应不小于 {self.minimum:g}")
        return number


S = Setting
TABLE: tuple[Setting, ...] = (
    S("PORTAL_DATABASE_URL", None, "str", "SQLAlchemy URL; default SQLite file instance/portal.sqlite3"),
    S("PORTAL_INDEX_DIR", None, "str", "search index folder; default instance/index"),
    S(
        "PORTAL_SEARCH_BACKEND",
        "whoosh",
        "choice",
        "search engine: whoosh, or fts5 (SQLite FTS5 over bigrams)",
        choices=("whoosh", "fts5"),
    ),
    S("PORTAL_SECRET_KEY", None, "str", "session key; default a random key kept in instance/secret_key"),
    S("PORTAL_SEED_DIR", None, "str", "folder of seed files; default seed_data/ beside the package"),
    S("PORTAL_SITE_NAME", "华新街道行政执法公示平台", "str", "site title"),
    S("PORTAL_HOST_ORG", "天津市东丽区人民政府华新街道办事处", "str", "主办单位 in the footer"),
    S("PORTAL_SITE_CODE", "", "str", "网站标识码 (empty until the office is assigned one)"),
    S("PORTAL_ICP", "", "str", "ICP备案号, e.g. 津ICP备XXXXXXXX号"),
    S("PORTAL_PSB", "", "str", "公安备案号, e.g. 津公网安备 + 14 digits"),
    S("PORTAL_CONTACT_PHONE", "12345", "str", "联系电话 in the footer (Tianjin 12345 hotline by default)"),
    S("PORTAL_GOV_MARK_URL", "", "str", "党政机关网站标识 link (the 开办单位 verification page); empty: not shown"),
    S("PORTAL_GOV_MARK_IMAGE", "", "path", "党政机关网站标识 image, a path on this site (e.g. /media/dzjg.png)"),
    S("PORTAL_NEW_MEDIA", "", "media", "政务新媒体 in the footer: 名称|链接|二维码图片 entries separated by ;"),
    S(
        "PORTAL_CORRECTION_URL",
        "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site_code}&url={url}",
        "str",
        "网站纠错 link template; {site_code} and {url} are filled in",
    ),
    S("PORTAL_PER_PAGE", "10", "int", "search results per page", minimum=1),
    S("PORTAL_MAX_PER_PAGE", "50", "int", "largest per_page the API accepts", minimum=1),
    S("PORTAL_MAX_QUERY_CHARS", "200", "int", "longest search query accepted; longer ones get a 400", minimum=1),
    S(
        "PORTAL_INDEX_LOCK_TIMEOUT",
        "120",
        "float",
        "seconds a search-index writer waits for the writer lock",
        minimum=0,
    ),
    S("PORTAL_AUTHORITY_USCC", "", "str", "处罚机关统一社会信用代码 (CF_CFJGDM); empty until configured"),
    S(
        "PORTAL_LOW_FINE_YUAN",
        "10000",
        "decimal",
        "fines up to this many yuan count as 较低数额罚款; above it the 严重 tier is proposed; assumed",
        minimum=0,
    ),
    S("PORTAL_PUBLISH_WARNING_ONLY", "0", "bool", "1 to publish 警告-only decisions (45号令 default: not published)"),
    S("PORTAL_PUBLICITY_SHORT_MONTHS", "3", "int", "categories method: 警告/通报批评/low fines, months", minimum=1),
    S("PORTAL_PUBLICITY_LONG_MONTHS", "36", "int", "categories-method rules: every other penalty, months", minimum=1),
    S("PORTAL_PUBLICITY_RULES_FILE", None, "str", "publicity rules table; default seed_data/publicity_rules.json"),
    S("PORTAL_PENALTY_RANGES_FILE", None, "str", "legal fine ranges per item; default seed_data/penalty_ranges.json"),
    S("PORTAL_PUBLISH_MINOR_TIER", "0", "bool", "1 publishes 轻微-tier decisions where the rule says not to publish"),
    S("PORTAL_PUBLISH_SIMPLE_PROCEDURE", "0", "bool", "1 publishes 简易程序 decisions (default: not published)"),
    S("PORTAL_PUSH_ENDPOINT", "", "str", "credit platform push endpoint (POST {endpoint}/batches)"),
    S("PORTAL_PUSH_SECRET", "", "str", "shared secret for the X-Signature HMAC; empty: unsigned"),
    S("PORTAL_PUSH_DROP_DIR", "", "str", "folder for the file-drop transport, used when no endpoint is set"),
    S("PORTAL_PUSH_TIMEOUT", "30", "float", "seconds to wait for the platform's reply", minimum=0),
    S("PORTAL_PUSH_BATCH_SIZE", "100", "int", "records per batch", minimum=1),
    S("PORTAL_PUSH_BACKOFF", "30", "float", "seconds before the first retry; doubles each time", minimum=0),
    S("PORTAL_PUSH_BACKOFF_CAP", "3600", "float", "longest wait between retries, in seconds", minimum=0),
    S("PORTAL_SESSION_MINUTES", "30", "int", "staff sessions expire after this many idle minutes", minimum=1),
    S(
        "PORTAL_SESSION_MAX_HOURS",
        "8",
        "int",
        "staff sessions end this many hours after sign-in, used or not",
        minimum=1,
    ),
    S("PORTAL_SECURE_COOKIES", "0", "bool", "1 behind TLS: cookies only over HTTPS"),
    S("PORTAL_LOGIN_MAX_FAILURES", "5", "int", "failed logins per account (x4 per address) before a 429", minimum=1),
    S("PORTAL_LOGIN_WINDOW_MINUTES", "15", "int", "window of the login rate limit, in minutes", minimum=1),
    S("PORTAL_MAX_UPLOAD_MB", "10", "int", "largest decision PDF staff may upload", minimum=1),
    S(
        "PORTAL_ORDINARY_REVIEW_LEVELS",
        REVIEW_LEVELS[0],
        "list",
        "review levels of ordinary decisions (major ones: all three)",
        choices=REVIEW_LEVELS,
    ),
    S(
        "PORTAL_RATE_LIMIT",
        "600",
        "int",
        "requests per minute per client address and worker; 0 switches it off",
        minimum=0,
    ),
    S(
        "PORTAL_SEARCH_COUNT_SECONDS",
        "10",
        "int",
        "search counts gather in each worker and are written at most this often (0: every search at once)",
        minimum=0,
    ),
    S(
        "PORTAL_BASE_URL",
        "",
        "str",
        "the public address (https://host); absolute links use it and other Host headers get a 400",
    ),
    S("PORTAL_PROXIES", "0", "int", "number of reverse proxies in front whose X-Forwarded-* to trust", minimum=0),
    S(
        "PORTAL_LOG_FORMAT",
        "text",
        "choice",
        "text, or json for one JSON object per log line",
        choices=("text", "json"),
    ),
    S(
        "PORTAL_CACHE_URL",
        "",
        "str",
        "Redis URL (redis://host:6379/0) of the response cache shared by several hosts; empty: in-process; "
        "off: no response cache (for measurements)",
    ),
    S("PORTAL_HOLIDAYS_FILE", None, "str", "holiday calendar (date,kind 休/班); default seed_data/holidays.csv"),
)
# name -> (default, description): the shape tests/test_docs.py and older callers read.
SETTINGS: dict[str, tuple[str | None, str]] = {s.name: (s.default, s.help) for s in TABLE}


def _derived(inst: Path) -> dict:
    # Defaults that depend on the instance folder or the checkout, filled only when the variable is unset.
    return {
        "DATABASE_URL": lambda: f"sqlite:///{inst / 'portal.sqlite3'}",
        "INDEX_DIR": lambda: str(inst / "index"),
        "SECRET_KEY": lambda: _instance_secret(inst),
        "SEED_DIR": lambda: str(ROOT / "seed_data"),
        "HOLIDAYS_FILE": lambda: str(ROOT / "seed_data" / "holidays.csv"),
        "PUBLICITY_RULES_FILE": lambda: str(ROOT / "seed_data" / "publicity_rules.json"),
        "PENALTY_RANGES_FILE": lambda: str(ROOT / "seed_data" / "penalty_ranges.json"),
    }


def load(instance_path: str, environ: dict | None = None) -> dict:
    """Return the Flask config mapping built from ``environ`` (default os.environ); ConfigError on a bad value."""
    env = os.environ if environ is None else environ
    derived = _derived(Path(instance_path))
    config = {}
    for setting in TABLE:
        raw = env.get(setting.name)
        if raw in (None, ""):
            raw = setting.default
        config[setting.key] = derived[setting.key]() if raw is None else setting.parse(raw)
    config["SQLALCHEMY_DATABASE_URI"] = config.pop("DATABASE_URL")
    config["SEND_FILE_MAX_AGE_DEFAULT"] = 365 * 24 * 3600  # static URLs carry a content hash (see assets.py)
    config["JSON_AS_ASCII"] = False
    config.update(_base_url(config["BASE_URL"]))
    return config


def _base_url(raw: str) -> dict:
    # Absolute links (feeds, sitemap, API urls, QR codes) are built from the request's Host header; a forged
    # Host would be echoed into them and into publicly cached feeds. With a base URL, only its host is served.
    if not raw:
        return {}
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ConfigError(f"PORTAL_BASE_URL={raw!r}: 应为 https://主机名[:端口]，不带路径")
    return {"TRUSTED_HOSTS": [parts.netloc], "PREFERRED_URL_SCHEME": parts.scheme, "SERVER_NAME": parts.netloc}


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
