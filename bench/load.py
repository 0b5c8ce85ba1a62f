"""Load benchmark: a resident/journalist mix against a real gunicorn server on 127.0.0.1, for a bounded time.

    python bench/load.py [--clients 50] [--seconds 20] [--workers N] [--cache redis|process|off]
                         [--generator wrk|python]

Builds a seeded instance in a temporary folder (SQLite, search index), starts gunicorn with gunicorn.conf.py
(rate limit off: one address stands for fifty people here), then runs N concurrent keep-alive clients, each
picking requests from a fixed mix: home, 权责清单 searches (Chinese, colloquial, pinyin, a law article), item
pages, the penalty list and decisions, statistics, feeds with and without a conditional GET. Prints throughput,
p50/p95/p99 latency and the error count, overall and per request kind, beside a baseline measured in the same
run against the same server: a static file (the floor of the stack). The response cache is Redis on
127.0.0.1:6379 when it answers (shared by the workers, as on several hosts), else each worker's own; the warm-up
asks every distinct request of the mix first, so the timed run measures a warm cache; ``--cache off`` measures
the uncached mix. Targets: zero errors at 50 clients on 2 cores; >= 1,000 requests/s with the cache warm; the
uncached mix >= 3x the 150/s measured before the cache and the database search (issue 16).

The load comes from wrk (Debian package ``wrk``) when it is installed: a C client whose own share of the two
cores is small, replaying the same mix from a Lua script; each request names its kind in its User-Agent, so the
server's access log gives each kind's status and server time. Without wrk, Python threads send the mix (they
take a large share of the same cores, so the figures are the client's as much as the server's); the output
says which generator ran.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QUERIES = [
    "违建",
    "占道经营",
    "垃圾分类",
    "门前三包",
    "油烟",
    "消防通道",
    "lajifenlei",
    "zhandao",
    "第三十四条",
    "渣土",
    "露天烧烤",
    "小广告",
    "城市市容和环境卫生管理条例第三十四条",
    "噪声",
    "绿化",
]
UNCACHED_BEFORE = 150  # requests/s of the page mix measured before the cache and the database search (issue 16)
CODES = [f"HX-CF-{n:03d}" for n in range(1, 45)] + [f"HX-JC-{n:03d}" for n in range(1, 9)]


def q(path: str, **params) -> str:
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def mix(rng: random.Random, penalty_ids: list[int], etags: dict) -> tuple[str, str, dict]:
    r = rng.random()
    if r < 0.08:
        return "home", "/", {}
    if r < 0.38:
        return "search", q("/powers", q=rng.choice(QUERIES)), {}
    if r < 0.50:
        return "item", f"/powers/{rng.choice(CODES)}", {}
    if r < 0.60:
        return "penalties", q("/penalties", year=2026) if rng.random() < 0.5 else "/penalties", {}
    if r < 0.70:
        return "decision", f"/penalties/{rng.choice(penalty_ids)}", {}
    if r < 0.75:
        return "stats", "/stats/2022", {}
    if r < 0.85:
        return "feed", "/feeds/penalties.atom", {}
    return "feed 304", "/feeds/penalties.atom", {"If-None-Match": etags.get("atom", '"none"')}


def every_url(penalty_ids: list[int]) -> list[str]:
    """Every distinct request of the mix (the warm-up asks each once, so the timed run meets a warm cache)."""
    urls = ["/", "/penalties", q("/penalties", year=2026), "/stats/2022", "/feeds/penalties.atom"]
    urls += [q("/powers", q=query) for query in QUERIES] + [f"/powers/{code}" for code in CODES]
    return urls + [f"/penalties/{i}" for i in penalty_ids]


def warm(port: int, urls: list[str], passes: int) -> None:
    for _ in range(passes):
        for url in urls:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", url, headers={"Accept-Encoding": "gzip"})
            conn.getresponse().read()
            conn.close()


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def client(port: int, deadline: float, seed: int, penalty_ids, etags, results, baseline: bool) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        kind, path, headers = ("static", "/static/portal.css", {}) if baseline else mix(rng, penalty_ids, etags)
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip", **headers})
            response = conn.getresponse()
            response.read()
            ok = response.status == (304 if kind == "feed 304" else 200)
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results.append((kind, (time.perf_counter() - start) * 1000, ok))
    conn.close()


def run(port: int, clients: int, seconds: float, penalty_ids, etags, baseline: bool) -> list:
    results: list = []
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(port, deadline, n, penalty_ids, etags, results, baseline))
        for n in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


LUA = """
local requests = {%s}
local n = #requests
local i = 0
local next_id = 0

function setup(thread)
  thread:set("offset", next_id * 7919)
  next_id = next_id + 1
end

function init(args)
  i = (offset or 0) %% n
end

function request()
  i = i %% n + 1
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "status_errors": %%d, ' ..
    '"p50": %%d, "p95": %%d, "p99": %%d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _lua_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in "/?=&-_.%: " else f"\\{ord(c):03d}" for c in text) + '"'


def wrk_script(requests: list[tuple[str, str, dict]]) -> str:
    """A wrk script replaying ``requests`` (kind, path, headers) in order, each thread from its own offset."""
    items = []
    for kind, path, headers in requests:
        fields = {"Accept-Encoding": "gzip", "User-Agent": f"bench-load/{kind}", **headers}
        table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in fields.items())
        items.append(f'wrk.format("GET", {_lua_string(path)}, {{{table}}})')
    return LUA % ",\n".join(items)


def run_wrk(port: int, clients: int, seconds: float, requests: list, folder: Path) -> dict:
    script = folder / "mix.lua"
    script.write_text(wrk_script(requests), encoding="utf-8")
    threads = min(clients, os.cpu_count() or 1)
    command = ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s"]
    command += ["--timeout", "30s", "-s", str(script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def access_lines(log: Path, start: int) -> list[dict]:
    with log.open("rb") as f:
        f.seek(start)
        return [json.loads(line) for line in f.read().decode("utf-8").splitlines() if line.startswith("{")]


EXPECTED = {"feed 304": 304}


def report_server(label: str, lines: list[dict], seconds: float) -> None:
    """One row from the server's access log: requests/s, server time percentiles, unexpected statuses."""
    kind = label.strip()
    times = [line["duration_us"] / 1000 for line in lines]
    wrong = Counter(line["status"] for line in lines if line["status"] != EXPECTED.get(kind, 200))
    print(
        f"{label:<16}{len(lines) / seconds:>9.0f}{pct(times, 50):>9.1f}{pct(times, 95):>9.1f}"
        f"{pct(times, 99):>9.1f}{sum(wrong.values()):>8}" + (f"   statuses {dict(wrong)}" if wrong else "")
    )


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def report(label: str, results: list, seconds: float) -> None:
    times = [t for _, t, _ in results]
    errors = sum(1 for *_, ok in results if not ok)
    print(
        f"{label:<16}{len(results) / seconds:>9.0f}{pct(times, 50):>9.1f}{pct(times, 95):>9.1f}"
        f"{pct(times, 99):>9.1f}{errors:>8}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--baseline-seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--cache",
        choices=("redis", "process", "off"),
        default=None,
        help="response cache: shared Redis on 127.0.0.1:6379 (default when it answers), per worker, or none",
    )
    parser.add_argument(
        "--generator",
        choices=("wrk", "python"),
        default=None,
        help="load generator: wrk (default when installed) or Python threads",
    )
    args = parser.parse_args()
    args.cache = args.cache or ("redis" if _redis_up() else "process")
    args.generator = args.generator or ("wrk" if shutil.which("wrk") else "python")
    tmp = Path(tempfile.mkdtemp(prefix="portal-load-"))
    log = tmp / "access.log"
    env = {
        **os.environ,
        "PORTAL_INSTANCE_PATH": str(tmp),
        "PORTAL_RATE_LIMIT": "0",
        "PORTAL_SEARCH_BACKEND": "fts5",
        "PORTAL_BIND": f"127.0.0.1:{args.port}",
        "PORTAL_ACCESS_LOG": str(log),
        "PORTAL_SECRET_KEY": "bench",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{args.port}",
        # Entries are keyed by the data version, which includes this run's database path: no run meets another's.
        "PORTAL_CACHE_URL": {"redis": "redis://127.0.0.1:6379/0", "process": "", "off": "off"}[args.cache],
    }
    if args.workers:
        env["PORTAL_WORKERS"] = str(args.workers)
    flask = [PY, "-m", "flask", "--app", "portal"]
    for step in (["init-db"], ["seed"], ["index", "rebuild"]):
        subprocess.run(flask + step, cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                conn.request("GET", "/api/v1/penalties?per_page=50")
                data = json.loads(conn.getresponse().read())
                break
            except (OSError, ValueError):
                time.sleep(0.2)
        penalty_ids = [item["id"] for item in data["items"]]
        # The ETag of the representation the load asks for (compressed: a gzip body has its own ETag).
        conn.request("GET", "/feeds/penalties.atom", headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        response.read()
        etags = {"atom": response.getheader("ETag")}
        conn.close()
        print(
            f"gunicorn on 127.0.0.1:{args.port}, {os.cpu_count()} cores, {args.clients} clients, "
            f"{penalty_ids and len(penalty_ids)} public decisions, cache {args.cache}, load from {args.generator}; "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; warming up …"
        )
        # Every distinct request once (shared cache) or once per worker and more (each worker's own cache).
        workers = int(env.get("PORTAL_WORKERS") or (os.cpu_count() or 1) * 2 + 1)
        if args.cache != "off":
            warm(args.port, every_url(penalty_ids), 1 if args.cache == "redis" else workers * 3)
        if args.generator == "wrk":
            rng = random.Random(16)
            sequence = [mix(rng, penalty_ids, etags) for _ in range(20_000)]
            run_wrk(args.port, args.clients, 2, sequence, tmp)
            static = [("static", "/static/portal.css", {})]
            baseline = run_wrk(args.port, args.clients, args.baseline_seconds, static, tmp)
            start = log.stat().st_size
            results = run_wrk(args.port, args.clients, args.seconds, sequence, tmp)
            time.sleep(0.5)  # the last lines of the access log
            lines = [line for line in access_lines(log, start) if line["agent"].startswith("bench-load/")]
        else:
            run(args.port, args.clients, 2, penalty_ids, etags, False)
            baseline = run(args.port, args.clients, args.baseline_seconds, penalty_ids, etags, True)
            results = run(args.port, args.clients, args.seconds, penalty_ids, etags, False)
    finally:
        server.terminate()
        try:
            server.wait(40)  # graceful: workers finish their requests (gunicorn's graceful_timeout is 30 s)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.generator == "wrk":
        report_wrk(args, baseline, results, lines)
        return
    print(f"\n{'requests':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    report("baseline static", baseline, args.baseline_seconds)
    report("mix (all)", results, args.seconds)
    for kind in sorted({k for k, *_ in results}):
        report(f"  {kind}", [r for r in results if r[0] == kind], args.seconds)
    errors = sum(1 for *_, ok in results if not ok)
    verdict(args, len(results) / args.seconds, len(baseline) / args.baseline_seconds, errors)


def report_wrk(args, baseline: dict, results: dict, lines: list[dict]) -> None:
    """wrk's figures (client side: throughput and latency over the whole mix), then each kind's from the access
    log (server side: the time gunicorn measured, and any status other than the kind's expected one)."""

    def rate(run: dict) -> float:
        return run["requests"] / (run["duration_us"] / 1e6)

    print(f"\n{'requests':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}   (wrk, client side)")
    for label, run in (("baseline static", baseline), ("mix (all)", results)):
        errors = run["socket_errors"] + run["status_errors"]
        print(
            f"{label:<16}{rate(run):>9.0f}{run['p50'] / 1000:>9.1f}{run['p95'] / 1000:>9.1f}"
            f"{run['p99'] / 1000:>9.1f}{errors:>8}"
        )
    print(f"\n{'kind':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}   (access log, server side)")
    seconds = results["duration_us"] / 1e6
    for kind in sorted({line["agent"].split("/", 1)[1] for line in lines}):
        report_server(f"  {kind}", [line for line in lines if line["agent"] == f"bench-load/{kind}"], seconds)
    errors = results["socket_errors"] + results["status_errors"]
    errors += sum(1 for line in lines if line["status"] != EXPECTED.get(line["agent"].split("/", 1)[1], 200))
    verdict(args, rate(results), rate(baseline), errors)


def verdict(args, mix_rate: float, base_rate: float, errors: int) -> None:
    """The issue's targets against this run's figures: requests/s (cache warm, or uncached) and errors."""
    target, what = (3 * UNCACHED_BEFORE, "uncached: 3x the 150/s before") if args.cache == "off" else (1000, "warm")
    print(
        f"\nmix throughput {mix_rate:.0f} req/s = {mix_rate / base_rate:.2f}x the static-file baseline; target "
        f">= {target} req/s ({what}): {'met' if mix_rate >= target else 'NOT met'}; errors {errors} (target 0 at "
        f"{args.clients} clients): {'met' if errors == 0 else 'NOT met'}; load from {args.generator}"
    )


if __name__ == "__main__":
    main()
