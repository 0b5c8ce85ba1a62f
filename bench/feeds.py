"""Feed benchmark: render time of the penalty feeds at N decisions, full and conditional (304), with baselines.

    python bench/feeds.py [--decisions 100000] [--runs 30]

Builds a SQLite database of N published decisions (all within their publicity period), then requests each feed
through the app (in-process test client, as a WSGI server would call it): a full render, a filtered render, a
deep archive page and a conditional GET answered 304. Baselines measured in the same run: the same requests
against a database of 1,000 decisions (how render time grows with the history) and a minimal response of the
same app (the framework's own floor). Target: a feed render stays under 50 ms however many decisions exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 25)
KINDS = [
    "在禁止的时段和区域内露天烧烤食品",
    "未经批准张贴宣传品",
    "不履行卫生责任区清扫保洁义务",
    "运输散装货物不作密封、覆盖造成遗撒",
]


def build(folder: Path, n: int):
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from portal import create_app
    from portal.extensions import db
    from portal.models import Penalty, PenaltyChange

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'p.sqlite3'}",
            "SECRET_KEY": "bench",
            "INDEX_DIR": str(folder / "index"),
            "TODAY": TODAY,
        },
        instance_path=str(folder),
    )
    rng = random.Random(n)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        rows, changes = [], []
        for i in range(n):
            decided = TODAY - dt.timedelta(days=rng.randrange(1000))
            at = dt.datetime.combine(decided + dt.timedelta(days=2), dt.time(2), dt.UTC)
            party = rng.choice(["自然人", "个体工商户", "法人及非法人组织"])
            rows.append(
                dict(
                    document_number=f"压测罚决字〔{decided.year}〕{i}号",
                    party_name=f"测试当事人{i}",
                    party_type=party,
                    uscc="",
                    id_number="",
                    violation=rng.choice(KINDS),
                    facts=f"第{i}号案件的违法事实。" * 5,
                    basis="《城市市容和环境卫生管理条例》第三十四条",
                    categories="罚款;没收非法财物" if i % 7 == 0 else "罚款",
                    content="罚款人民币20000元",
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
    return app


def timed(client, url, runs, headers=None, status=200):
    times = []
    for _ in range(runs + 2):
        start = time.perf_counter()
        response = client.get(url, headers=headers or {})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == status, (url, response.status_code)
    times = sorted(times[2:])  # the first two warm caches
    return times[len(times) // 2], times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure(app, runs):
    client = app.test_client()
    out = {}
    for name, url in [
        ("rss", "/feeds/penalties.rss"),
        ("atom", "/feeds/penalties.atom"),
        ("json", "/feeds/penalties.json"),
        ("atom filtered", "/feeds/penalties.atom?party_type=自然人&year=2025"),
        ("atom category", "/feeds/penalties.atom?category=没收非法财物"),
        ("atom page 20", "/feeds/penalties.atom?page=20"),
    ]:
        out[name] = timed(client, url, runs)
    etag = client.get("/feeds/penalties.atom").headers["ETag"]
    out["atom 304"] = timed(client, "/feeds/penalties.atom", runs, {"If-None-Match": etag}, 304)
    out["floor (404 page)"] = timed(client, "/api/v1/nothing-here", runs, status=404)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1000, args.decisions):
            folder = Path(tmp) / str(n)
            start = time.perf_counter()
            app = build(folder, n)
            print(f"built {n} decisions in {time.perf_counter() - start:.1f} s")
            results[n] = measure(app, args.runs)
            from portal.extensions import db

            with app.app_context():
                db.engine.dispose()
    small, big = results[1000], results[args.decisions]
    print(f"\n{'request':<20}{'1,000 p50':>11}{'p95':>8}{f'{args.decisions:,} p50':>14}{'p95':>8}{'ratio':>8}  (ms)")
    for name in big:
        (s50, s95), (b50, b95) = small[name], big[name]
        print(f"{name:<20}{s50:>11.1f}{s95:>8.1f}{b50:>14.1f}{b95:>8.1f}{b95 / s95:>7.1f}x")
    worst = max(b95 for name, (b50, b95) in big.items() if "floor" not in name and "304" not in name)
    print(
        f"\nfeed throughput at {args.decisions:,}: {1000 / big['atom'][0]:.0f} full renders/s, "
        f"{1000 / big['atom 304'][0]:.0f} conditional 304s/s (one core, in-process)"
    )
    print(
        f"target: every feed render p95 < 50 ms at {args.decisions:,} decisions: "
        f"{'met' if worst < 50 else 'NOT met'} (worst {worst:.1f} ms)"
    )


if __name__ == "__main__":
    main()
