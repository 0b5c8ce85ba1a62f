"""Scale benchmark: the public decision requests at 10,000 and 100,000 decisions (1,000,000 opt-in), in-process.

    python bench/scale.py [--sizes 10000,100000] [--db sqlite,postgres] [--runs 30]

Builds a database of N published decisions (text search filled as publishing fills it), then times each request
through the app (test client, as a WSGI server would call it), with the response cache off (every request does
its queries) and on (the repeated request of an unchanged data version). Baseline measured in the same run on
the same database: the same search as a plain ``LIKE '%word%'`` scan (count and first page), what a database
without a text index does. PostgreSQL: a schema of its own on ``PORTAL_TEST_POSTGRES_URL`` (default the local
test server), dropped afterwards.

Target (a benchmark, never a test): at 100,000 decisions every request p95 <= 20 ms in-process on both databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
import uuid
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
    ("api q=sentence (related)", "/api/v1/penalties?q=邻居在楼道里烧烤怎么办"),
    ("api q=遗撒 城市 (related)", "/api/v1/penalties?q=运输遗撒城市条例"),
    ("page q=低保申请 (out of scope)", "/penalties?q=低保申请"),
    ("api q=少烤 (homophone)", "/api/v1/penalties?q=少烤"),
    ("api year=2025 page=50", "/api/v1/penalties?year=2025&page=50"),
    ("api year=2025 after= (p50)", "/api/v1/penalties?year=2025&after={after}"),
    ("atom q=烧烤", "/feeds/penalties.atom?q=烧烤"),
    ("one decision", "/api/v1/penalties/{one}"),
]


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
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


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


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs + 2):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times = sorted(times[2:])  # the first two warm caches
    return times[len(times) // 2], times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


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


def measure(app, runs: int, baseline: bool) -> dict:
    from portal.extensions import db
    from portal.models import Penalty

    with app.app_context():
        one = db.session.scalar(db.select(Penalty.id).order_by(Penalty.id.desc()).limit(1))
    client = app.test_client()
    # The cursor that page 49 hands out: the keyset way to the same page 50.
    after = client.get("/api/v1/penalties?year=2025&page=49").get_json()["next"]
    out = {name: timed(_get(client, url.format(one=one, after=after)), runs) for name, url in REQUESTS}
    if baseline:
        out["baseline LIKE 烧烤"] = timed(_like(app, "烧烤"), runs)
        out["baseline LIKE 华新街道"] = timed(_like(app, "华新街道"), runs)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated; 1000000 is opt-in")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} cores; runs {args.runs}; times in ms (p50 / p95)")
    worst = {}
    for backend in args.db.split(","):
        for n in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                app, schema = build(backend, Path(tmp), n, cache=False)
                built = time.perf_counter() - start
                try:
                    cold = measure(app, args.runs, baseline=True)
                    app.config["CACHE_TYPE"] = "SimpleCache"
                    _reset_cache(app)
                    warm = measure(app, args.runs, baseline=False)
                finally:
                    from portal.extensions import db

                    with app.app_context():
                        db.session.remove()
                        db.engine.dispose()
                    _drop(schema)
            print(f"\n{backend}, {n:,} decisions (built in {built:.0f} s)")
            print(f"  {'request':<26}{'uncached p50':>13}{'p95':>8}{'cached p50':>12}{'p95':>8}")
            for name, (p50, p95) in cold.items():
                cached = warm.get(name)
                tail = f"{cached[0]:>12.1f}{cached[1]:>8.1f}" if cached else f"{'':>12}{'':>8}"
                print(f"  {name:<26}{p50:>13.1f}{p95:>8.1f}{tail}")
            worst[(backend, n)] = max(p95 for name, (_, p95) in cold.items() if not name.startswith("baseline"))
    print()
    for (backend, n), value in worst.items():
        if n == 100_000:
            verdict = "met" if value <= 20 else "NOT met"
            print(f"target p95 <= 20 ms at 100,000 ({backend}, uncached): {verdict} (worst {value:.1f} ms)")


def _reset_cache(app):
    reset = app.extensions.get("portal_cache_reset")
    if reset:
        reset()


if __name__ == "__main__":
    main()
