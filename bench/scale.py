"""Scale benchmark: the public decision requests at 10,000 and 100,000 decisions (1,000,000 opt-in), beside Datasette.

    python bench/scale.py [--sizes 10000,100000] [--million] [--db sqlite,postgres] [--runs 30] [--no-datasette]

Builds a database of N published decisions (text search filled as publishing fills it), then, for each request of
issue 16's table:

- in-process: through the app as a WSGI server would call it (test client), with the response cache off (every
  request does its queries) and on (the repeated request of an unchanged data version): p50/p95 wall time,
  requests/s (1000 / mean), CPU time of this process per request (``time.process_time``) and, on PostgreSQL, the
  server's CPU time per request (the serving backend's utime+stime from /proc, summed over the runs);
- over HTTP: the portal uncached and, as it runs in production, with its response cache on (a repeated request
  of an unchanged data version), each under a real server (werkzeug, threaded, on 127.0.0.1), and Datasette serving
  the same masked rows from SQLite (installed by this script into its own virtualenv under the user cache
  directory, never a project dependency; skipped with a message if it cannot be installed), one keep-alive
  client each, rounds interleaved, and the ratio portal / Datasette. Datasette runs in its two ways: its FTS
  (the default ``unicode61`` tokenizer, which finds none of these 2-character words) and ``LIKE`` over the same
  text fields (which finds every row), facet suggestions off, immutable mode.

The same search as a plain ``LIKE '%word%'`` scan on the portal's database (count and first page) is the
in-process baseline. Growth with size is printed as the ratio of each figure to the one at the smallest size.
PostgreSQL: a schema of its own on ``PORTAL_TEST_POSTGRES_URL`` (default the local test server), dropped
afterwards. Wall-clock figures on a shared machine are noisy: the load average is printed with each table, and
the CPU times are the steadier figure.

Targets (a benchmark, never a test): at 100,000 decisions every request p95 <= 20 ms in-process on both databases
and, over HTTP, at least as fast as Datasette's FTS; at 1,000,000 none over 100 ms p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 25)
PG_URL = os.environ.get("PORTAL_TEST_POSTGRES_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KINDS = [
    "在禁止的时段和区域内露天烧烤食品",
    "未经批准张贴宣传品",
    "不履行卫生责任区清扫保洁义务",
    "运输散装货物不作密封、覆盖造成遗撒",
    "擅自占用城市道路从事经营活动",
    "在人行道上违法停放机动车",
    "未按规定分类投放生活垃圾",
    "占用、堵塞消防车通道",
]
PLACES = ["华新街道", "东丽区华明街道", "金钟街道", "华新街道某路", "新立街道"]
REQUESTS = [
    ("api q=烧烤", "/api/v1/penalties?q=烧烤"),
    ("api q=华新街道", "/api/v1/penalties?q=华新街道"),
    ("html q=烧烤", "/penalties?q=烧烤"),
    ("api q=sentence (related)", "/api/v1/penalties?q=邻居在楼道里烧烤怎么办"),
    ("api q=遗撒 城市 (related)", "/api/v1/penalties?q=运输遗撒城市条例"),
    ("page q=低保申请 (out of scope)", "/penalties?q=低保申请"),
    ("api q=少烤 (homophone)", "/api/v1/penalties?q=少烤"),
    ("api year=2025 page=50", "/api/v1/penalties?year=2025&page=50"),
    ("api year=2025 after= (p50)", "/api/v1/penalties?year=2025&after={after}"),
    ("atom q=烧烤", "/feeds/penalties.atom?q=烧烤"),
    ("one decision", "/api/v1/penalties/{one}"),
]
# The text fields Datasette's LIKE searches: what the portal's search covers that a reader would type.
LIKE_FIELDS = ("violation", "party_name", "facts", "basis", "content", "document_number")


def _like_where(word: str) -> str:
    return " or ".join(f"{f} like '%{word}%'" for f in LIKE_FIELDS)


# Datasette's answers to the same rows of the table: (its FTS, LIKE); None where it has no such request.
DATASETTE = {
    "api q=烧烤": (
        "/d/decisions.json?_search=烧烤&_size=20",
        "/d/decisions.json?_size=20&_where=" + _like_where("烧烤"),
    ),
    "api q=华新街道": (
        "/d/decisions.json?_search=华新街道&_size=20",
        "/d/decisions.json?_size=20&_where=" + _like_where("华新街道"),
    ),
    "html q=烧烤": ("/d/decisions?_search=烧烤&_size=20", "/d/decisions?_size=20&_where=" + _like_where("烧烤")),
    "api year=2025 page=50": (
        None,
        "/d.json?sql=select * from decisions where decided_on between '2025-01-01' and '2025-12-31' "
        "order by decided_on desc, id desc limit 20 offset 980",
    ),
    "one decision": (None, "/d/decisions/{one}.json"),
}


def _database(backend: str, folder: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'p.sqlite3'}", None
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    # application_name names the benchmark's backends, whose CPU time it reads (_server_cpu).
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}&application_name={schema}", schema


def _drop(schema: str | None) -> None:
    if schema:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def build(backend: str, folder: Path, n: int, cache: bool):
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from portal import create_app
    from portal.extensions import db
    from portal.models import Penalty, PenaltyChange
    from portal.penalties import textsearch

    url, schema = _database(backend, folder)
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INDEX_DIR": str(folder / "index")}
    config.update(TODAY=TODAY, RATE_LIMIT=0, CACHE_TYPE="SimpleCache" if cache else "NullCache")
    app = create_app(config, instance_path=str(folder))
    rng = random.Random(n)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        for start in range(0, n, 10_000):
            rows, changes = [], []
            for i in range(start, min(n, start + 10_000)):
                decided = TODAY - dt.timedelta(days=rng.randrange(1000))
                at = dt.datetime.combine(decided + dt.timedelta(days=2), dt.time(2), dt.UTC)
                kind = rng.choice(KINDS)
                rows.append(
                    dict(
                        document_number=f"压测罚决字〔{decided.year}〕{i}号",
                        party_name=f"测试当事人{i}",
                        party_type=rng.choice(["自然人", "个体工商户", "法人及非法人组织"]),
                        uscc="",
                        id_number="",
                        violation=kind,
                        facts=f"{decided:%Y年%m月%d日}，当事人在{rng.choice(PLACES)}{kind}，第{i}号案件，经查属实。",
                        basis="《城市市容和环境卫生管理条例》第三十四条",
                        categories="罚款;没收非法财物" if i % 7 == 0 else "罚款",
                        content=f"罚款人民币{rng.randrange(1, 200) * 100}元",
                        fine_yuan=20000,
                        decided_on=decided,
                        valid_until=decided,
                        publicity_until=decided + dt.timedelta(days=1095),
                        authority="华新街道",
                        authority_code="",
                        data_source="华新街道",
                        data_source_code="",
                        status="published",
                        version=1,
                        published_at=at,
                        updated_at=at,
                    )
                )
                changes.append(dict(penalty_id=i + 1, op="add", at=at))
            db.session.execute(insert(Penalty), rows)
            db.session.execute(insert(PenaltyChange), sorted(changes, key=lambda c: c["at"]))
            db.session.commit()
        textsearch.rebuild()  # what publishing each decision would have written, in one pass
        db.session.commit()
        if backend == "postgres":
            # The steady state autovacuum keeps: statistics, and a visibility map for index-only counts.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(db.text("VACUUM ANALYZE"))
        else:
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    return app, schema


@dataclass
class Stat:
    p50: float
    p95: float
    rate: float  # requests per second, 1000 / mean
    cpu: float  # ms of this process's CPU per request
    server: float | None = None  # ms of the PostgreSQL backend's CPU per request
    rows: int | None = None  # how many rows the answer says it found


def timed(fn, runs: int, server=None) -> Stat:
    """Run ``fn`` twice to warm caches, then ``runs`` times: wall p50/p95, rate, CPU per request."""
    fn()
    fn()
    times = []
    cpu, srv = time.process_time(), server() if server else None
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    cpu = (time.process_time() - cpu) * 1000 / runs
    srv = (server() - srv) * 1000 / runs if server else None
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return Stat(times[len(times) // 2], p95, 1000 / (sum(times) / len(times)), cpu, srv)


def _server_cpu(app):
    """PostgreSQL: a function giving the CPU seconds used so far by the benchmark's backends (None on SQLite)."""
    from portal.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return None
        name = db.engine.url.query.get("application_name")
    tick = os.sysconf("SC_CLK_TCK")

    def seconds() -> float:
        import sqlalchemy as sa

        engine = sa.create_engine(PG_URL)
        with engine.connect() as conn:
            pids = conn.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :n"), {"n": name})
            pids = [row[0] for row in pids]
        engine.dispose()
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    return seconds


def _get(client, url):
    def fn():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:200])

    return fn


def _like(app, word: str):
    """Baseline: the same search as a LIKE scan over the raw text columns (count and the first page)."""
    from sqlalchemy import func, or_, select

    from portal.extensions import db
    from portal.models import Penalty

    cond = or_(Penalty.violation.like(f"%{word}%"), Penalty.facts.like(f"%{word}%"))
    visible = [Penalty.status.in_(("published", "corrected")), Penalty.publicity_until >= TODAY]

    def fn():
        with app.app_context():
            db.session.scalar(select(func.count()).select_from(Penalty).where(cond, *visible))
            stmt = select(Penalty.id).where(cond, *visible).order_by(Penalty.decided_on.desc(), Penalty.id.desc())
            list(db.session.scalars(stmt.limit(20)))
            db.session.remove()

    return fn


def _targets(app) -> dict:
    from portal.extensions import db
    from portal.models import Penalty

    with app.app_context():
        one = db.session.scalar(db.select(Penalty.id).order_by(Penalty.id.desc()).limit(1))
    # The cursor that page 49 hands out: the keyset way to the same page 50.
    after = app.test_client().get("/api/v1/penalties?year=2025&page=49").get_json()["next"]
    return {"one": one, "after": after}


def measure(app, runs: int, baseline: bool) -> dict:
    client = app.test_client()
    values, server = _targets(app), _server_cpu(app)
    out = {}
    for name, url in REQUESTS:
        out[name] = timed(_get(client, url.format(**values)), runs, server)
        response = client.get(url.format(**values))
        if response.is_json:
            out[name].rows = response.get_json().get("total")
    if baseline:
        out["baseline LIKE 烧烤"] = timed(_like(app, "烧烤"), runs, server)
        out["baseline LIKE 华新街道"] = timed(_like(app, "华新街道"), runs, server)
    return out


# ---- over HTTP: the portal under a real server, Datasette on the same masked rows ---------------------------


def _http(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    target = urllib.parse.quote(path, safe="/?=&%")
    found = {}

    def fn():
        conn.request("GET", target)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (port, path, response.status, body[:200])
        if "rows" not in found and response.getheader("Content-Type", "").startswith("application/json"):
            data = json.loads(body)
            found["rows"] = data.get("total", data.get("filtered_table_rows_count"))

    return fn, found


def _serve_portal(app):
    """The app under werkzeug's threaded server (HTTP/1.1 keep-alive) on 127.0.0.1, in a thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def datasette_exe() -> Path | None:
    """Datasette in a virtualenv of its own under the user cache directory, installed on first use."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portal-bench" / "datasette"
    exe = home / "bin" / "datasette"
    if exe.exists():
        return exe
    try:
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, capture_output=True)
        subprocess.run([str(home / "bin" / "pip"), "install", "-q", "datasette"], check=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as err:
        print(f"Datasette skipped: it could not be installed into {home} ({err})")
        return None
    return exe if exe.exists() else None


def datasette_database(app, folder: Path) -> Path:
    """The public (masked) decisions, as the portal's download gives them, in a SQLite file with an FTS5 table
    Datasette detects (default tokenizer), and an index on the decision date."""
    from portal.penalties.disclosure import PenaltyFilters, iter_export

    path = folder / "d.db"
    columns = ("id", *LIKE_FIELDS, "party_type", "categories", "decided_on", "publicity_until", "authority")
    conn = sqlite3.connect(path)
    conn.execute(
        f"CREATE TABLE decisions ({', '.join(c + (' INTEGER PRIMARY KEY' if c == 'id' else '') for c in columns)})"
    )
    with app.app_context():
        _, rows = iter_export(PenaltyFilters(), TODAY)
        batch = []
        for view in rows:
            view = {**view, "categories": "、".join(view.get("categories") or [])}
            batch.append([view.get(c) for c in columns])
            if len(batch) == 5000:
                conn.executemany(f"INSERT INTO decisions VALUES ({', '.join('?' * len(columns))})", batch)
                batch = []
        conn.executemany(f"INSERT INTO decisions VALUES ({', '.join('?' * len(columns))})", batch)
    conn.execute("CREATE INDEX decisions_decided_on ON decisions (decided_on)")
    conn.execute(f'CREATE VIRTUAL TABLE decisions_fts USING fts5({", ".join(LIKE_FIELDS)}, content="decisions")')
    conn.execute("INSERT INTO decisions_fts (decisions_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    return path


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cached_twin(app):
    """Another app on the same database and index with the response cache on (in-process): the portal as it
    runs in production, where a repeated request of an unchanged data version is a cache hit."""
    from portal import create_app

    config = {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "INDEX_DIR", "TODAY")}
    return create_app({**config, "RATE_LIMIT": 0, "CACHE_TYPE": "SimpleCache"}, instance_path=app.instance_path)


def measure_http(app, folder: Path, runs: int, exe: Path | None) -> dict:
    """Each request of the table over HTTP: the portal uncached and cached, Datasette's FTS and LIKE, interleaved."""
    values = _targets(app)
    server = _serve_portal(app)
    twin = cached_twin(app)
    cached_server = _serve_portal(twin)
    datasette, port = None, None
    try:
        if exe:
            db_path = datasette_database(app, folder)
            port = _free_port()
            datasette = subprocess.Popen(
                [str(exe), "serve", "-i", str(db_path), "--host", "127.0.0.1", "--port", str(port)]
                + ["--setting", "suggest_facets", "off", "--setting", "sql_time_limit_ms", "20000"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(200):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/-/versions.json")
                    break
                except OSError:
                    time.sleep(0.1)
        out = {}
        for name, url in REQUESTS:
            systems = {
                "portal": _http(server.server_port, url.format(**values)),
                "portal cached": _http(cached_server.server_port, url.format(**values)),
            }
            fts, like = DATASETTE.get(name, (None, None)) if datasette else (None, None)
            if fts:
                systems["datasette fts"] = _http(port, fts.format(**values))
            if like:
                systems["datasette like"] = _http(port, like.format(**values))
            # Interleaved: one request to each system in turn, so the machine's load falls on all alike.
            times = {k: [] for k in systems}
            for fn, _ in systems.values():
                fn()
                fn()
            for _ in range(runs):
                for k, (fn, _) in systems.items():
                    start = time.perf_counter()
                    fn()
                    times[k].append((time.perf_counter() - start) * 1000)
            for k, values_ms in times.items():
                values_ms.sort()
                p95 = values_ms[min(len(values_ms) - 1, int(round(0.95 * (len(values_ms) - 1))))]
                rate = 1000 / (sum(values_ms) / len(values_ms))
                out[(name, k)] = Stat(values_ms[len(values_ms) // 2], p95, rate, 0.0, rows=systems[k][1].get("rows"))
        return out
    finally:
        server.shutdown()
        cached_server.shutdown()
        with twin.app_context():
            from portal.extensions import db

            db.engine.dispose()
        if datasette:
            datasette.terminate()
            datasette.wait(10)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _print_inprocess(backend: str, n: int, built: float, cold: dict, warm: dict) -> None:
    print(f"\n{backend}, {n:,} decisions (built in {built:.0f} s), in-process; load average {_load()}")
    server = "  srv cpu" if any(v.server is not None for v in cold.values()) else ""
    print(
        f"  {'request':<27}{'rows':>8}{'p50':>8}{'p95':>8}{'req/s':>8}{'cpu':>7}{server}"
        f" | {'cached p50':>10}{'p95':>7}{'req/s':>7}"
    )
    for name, st in cold.items():
        rows = "" if st.rows is None else f"{st.rows:,}"
        srv = f"{st.server:>9.1f}" if server and st.server is not None else (" " * 9 if server else "")
        cached = warm.get(name)
        tail = f" | {cached.p50:>10.1f}{cached.p95:>7.1f}{cached.rate:>7.0f}" if cached else " |"
        print(f"  {name:<27}{rows:>8}{st.p50:>8.1f}{st.p95:>8.1f}{st.rate:>8.0f}{st.cpu:>7.1f}{srv}{tail}")


def _print_http(backend: str, n: int, out: dict) -> None:
    print(f"\n{backend}, {n:,} decisions, over HTTP (one keep-alive client each); load average {_load()}")
    print(
        f"  {'request':<27}{'system':<16}{'rows':>8}{'p50':>8}{'p95':>8}{'req/s':>8}"
        f"{'portal/this p50':>17}{'cached/this p50':>17}"
    )
    for (name, system), st in out.items():
        portal, cached = out[(name, "portal")], out[(name, "portal cached")]
        rows = "" if st.rows is None else f"{st.rows:,}"
        ratio = "" if system.startswith("portal") else f"{portal.p50 / st.p50:>17.2f}{cached.p50 / st.p50:>17.2f}"
        print(f"  {name:<27}{system:<16}{rows:>8}{st.p50:>8.1f}{st.p95:>8.1f}{st.rate:>8.0f}{ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated decision counts")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 decisions (slow to build)")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--http-runs", type=int, default=None, help="HTTP rounds (default: --runs)")
    parser.add_argument("--no-datasette", action="store_true", help="skip Datasette (the portal over HTTP only)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    exe = None if args.no_datasette else datasette_exe()
    print(
        f"Python {sys.version.split()[0]}; {os.cpu_count()} cores; runs {args.runs}; times in ms; "
        f"cpu = CPU ms of this process per request, srv cpu = PostgreSQL backend CPU ms per request"
    )
    results = {}
    for backend in args.db.split(","):
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                app, schema = build(backend, Path(tmp), n, cache=False)
                built = time.perf_counter() - start
                try:
                    cold = measure(app, args.runs, baseline=True)
                    over_http = measure_http(app, Path(tmp), args.http_runs or args.runs, exe)
                    app.config["CACHE_TYPE"] = "SimpleCache"
                    _reset_cache(app)
                    warm = measure(app, args.runs, baseline=False)
                finally:
                    from portal.extensions import db

                    with app.app_context():
                        db.session.remove()
                        db.engine.dispose()
                    _drop(schema)
            _print_inprocess(backend, n, built, cold, warm)
            _print_http(backend, n, over_http)
            results[(backend, n)] = cold
    print("\nGrowth with size (uncached, in-process: wall p50 / CPU per request, ms; CPU ratio to the smallest size)")
    for backend in args.db.split(","):
        for name, _ in REQUESTS:
            row = [results[(backend, n)][name] for n in sizes]
            pairs = zip(sizes, row, strict=True)
            cells = "  ".join(f"{n:,}: {st.p50:.1f} / {st.cpu:.1f} ({st.cpu / row[0].cpu:.1f}x)" for n, st in pairs)
            print(f"  {backend:<9}{name:<27}{cells}")
    print()
    for (backend, n), cold in results.items():
        limit = {100_000: 20, 1_000_000: 100}.get(n)
        if limit:
            worst = max(st.p95 for name, st in cold.items() if not name.startswith("baseline"))
            verdict = "met" if worst <= limit else "NOT met"
            print(
                f"target p95 <= {limit} ms at {n:,} ({backend}, uncached, in-process): {verdict} (worst {worst:.1f} ms)"
            )


def _reset_cache(app):
    reset = app.extensions.get("portal_cache_reset")
    if reset:
        reset()


if __name__ == "__main__":
    main()
