"""Settings: one table read in one loop, parsed strictly; a bad value stops start-up with one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal import config

ROOT = Path(__file__).resolve().parent.parent


def load(**env):
    return config.load("/nonexistent", {"PORTAL_SECRET_KEY": "k", **env})


@pytest.mark.parametrize(
    "raw, value",
    [
        ("1", True),
        ("True", True),
        ("YES", True),
        (" on ", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("", False),
    ],
)
def test_booleans_are_read_whatever_their_case(raw, value):
    assert load(PORTAL_SECURE_COOKIES=raw)["SECURE_COOKIES"] is value


@pytest.mark.parametrize(
    "name, raw",
    [
        ("PORTAL_SECURE_COOKIES", "maybe"),
        ("PORTAL_PER_PAGE", "ten"),
        ("PORTAL_PER_PAGE", "²"),
        ("PORTAL_PER_PAGE", "0"),
        ("PORTAL_PUSH_TIMEOUT", "-1"),
        ("PORTAL_LOW_FINE_YUAN", "一万"),
        ("PORTAL_LOG_FORMAT", "xml"),
        ("PORTAL_ORDINARY_REVIEW_LEVELS", "head,boss"),
        ("PORTAL_RATE_LIMIT", "1e3"),
    ],
)
def test_a_bad_value_names_the_variable(name, raw):
    with pytest.raises(config.ConfigError) as err:
        load(**{name: raw})
    assert name in str(err.value) and "应" in str(err.value)


def test_every_setting_has_a_key_a_type_and_help():
    keys = [s.key for s in config.TABLE]
    assert len(keys) == len(set(keys))
    cfg = load()
    for s in config.TABLE:
        assert s.help and s.type in ("str", "int", "float", "decimal", "bool", "choice", "list", "path", "media")
        assert (s.key if s.key != "DATABASE_URL" else "SQLALCHEMY_DATABASE_URI") in cfg


def test_a_bad_setting_stops_start_up_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_PER_PAGE="abc", PORTAL_INSTANCE_PATH=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "portal", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "PORTAL_PER_PAGE" in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_new_media_and_the_gov_mark_are_parsed_strictly():
    loaded = load(
        PORTAL_NEW_MEDIA="华新街道微信公众号||/media/wechat.png; 华新发布|https://weibo.example/huaxin|",
        PORTAL_GOV_MARK_IMAGE="/media/dzjg.png",
    )
    assert loaded["NEW_MEDIA"] == (
        {"name": "华新街道微信公众号", "url": "", "qr": "/media/wechat.png"},
        {"name": "华新发布", "url": "https://weibo.example/huaxin", "qr": ""},
    )
    assert load()["NEW_MEDIA"] == () and load()["GOV_MARK_URL"] == ""
    for env in (
        {"PORTAL_NEW_MEDIA": "|https://x.example|"},  # no name
        {"PORTAL_NEW_MEDIA": "公众号|ftp://x|"},
        {"PORTAL_NEW_MEDIA": "公众号||https://cdn.example/qr.png"},  # an image from elsewhere
        {"PORTAL_GOV_MARK_IMAGE": "https://cdn.example/dzjg.png"},
    ):
        with pytest.raises(config.ConfigError, match=next(iter(env))):
            load(**env)
