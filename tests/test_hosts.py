"""Several hosts on one PostgreSQL database: two real portal processes (``flask run`` on 127.0.0.1), each with
its own instance folder, sharing the database and Redis. A decision published through one host is found by
search on the other at once, and both hosts count requests against one rate limit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from portal import clock
from tests.conftest import PG_URL, Database
from tests.publish.test_format import record
from tests.test_penalty_import import OFFICE

REDIS = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.skipif(PG_URL is None, reason="needs PostgreSQL")


def _redis_ok() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{urllib.parse.quote(path, safe='/?=&')}", timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, {}


def _wait(port: int, proc) -> None:
    for _ in range(1200):  # up to two minutes on a loaded machine (jieba loads at start-up)
        if proc.poll() is not None:
            raise AssertionError(f"host on {port} exited: {proc.stdout.read()}")
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"host on {port} did not start")


@pytest.fixture
def hosts(tmp_path):
    database = Database("postgres", tmp_path)
    cache_url = REDIS if _redis_ok() else ""
    procs, envs = [], []
    try:
        for name in ("a", "b"):
            env = {
                **os.environ,
                "PORTAL_DATABASE_URL": database.url,
                "PORTAL_INSTANCE_PATH": str(tmp_path / name),
                "PORTAL_SECRET_KEY": "test",
                "PORTAL_CACHE_URL": cache_url,
                "PORTAL_RATE_LIMIT": "40",
                "PORTAL_AUTHORITY_USCC": OFFICE,
            }
            envs.append(env)
        flask = [sys.executable, "-m", "flask", "--app", "portal"]
        subprocess.run([*flask, "init-db"], env=envs[0], check=True, capture_output=True)
        ports = [_port(), _port()]
        for env, port in zip(envs, ports, strict=True):
            cmd = [*flask, "run", "--host", "127.0.0.1", "--port", str(port), "--no-reload", "--without-threads"]
            procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        for proc, port in zip(procs, ports, strict=True):
            _wait(port, proc)
        yield ports, envs, flask, cache_url
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        database.drop()


def test_a_decision_published_through_one_host_is_found_on_the_other_at_once(hosts, tmp_path):
    (a, b), envs, flask, cache_url = hosts
    query = "/api/v1/penalties?q=鹦鹉螺"
    assert _get(a, query)[1]["total"] == 0 and _get(b, query)[1]["total"] == 0  # both answers now cached
    path = tmp_path / "one.jsonl"
    today = clock.today()  # the hosts run on the real date
    decided, until = today - dt.timedelta(days=2), today + dt.timedelta(days=30)
    row = record(CF_WFXW="在鹦鹉螺广场露天烧烤", CF_JDRQ=f"{decided:%Y/%m/%d}", CF_YXQ=f"{until:%Y/%m/%d}")
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    done = subprocess.run([*flask, "penalties", "import", str(path), "--publish"], env=envs[0], capture_output=True)
    assert done.returncode == 0, done.stderr
    for port in (b, a):  # the other host first: no refresh, no wait
        status, body = _get(port, query)
        assert status == 200 and body["total"] == 1 and body["items"][0]["party_name"] == "王某某"
    assert _get(b, "/api/v1/penalties?q=王建国")[1]["total"] == 0  # the masked name is not searchable


def test_the_rate_limit_is_shared_by_the_hosts(hosts):
    (a, b), _, _, cache_url = hosts
    if not cache_url:
        pytest.skip("no Redis on 127.0.0.1:6379")
    statuses = [_get(port, "/api/v1/penalties")[0] for _ in range(21) for port in (a, b)]
    # 40 a minute for the address across both hosts (a few requests went to /healthz, which is not counted).
    assert statuses.count(429) >= 1 and statuses[:38].count(429) == 0
