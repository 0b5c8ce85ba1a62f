"""Search benchmark: the portal's two engines beside plain SQLite FTS5 baselines, on a synthetic list.

    python bench/search.py [--items 50000] [--runs 5] [--engines whoosh,fts5] [--eval search-eval.jsonl]

Builds N synthetic items from the real seed documents (names recombined, bases and texts drawn from the seed),
indexes them with the portal's engines (Whoosh; FTS5 over bigrams) and with three FTS5 baselines (character
bigrams, trigram, jieba words under unicode61), then runs a fixed mixed query set. For a portal engine one
query is what a results page costs in-process: parse (synonyms, pinyin), match, total, facets, the first ten
ranked, highlighted snippets. Prints build time, latency p50/p95 and recall against a plain substring scan (the
ground truth), all measured in this run.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [  # (query, kind): kinds "cjk" are measured for recall against the substring truth
    ("违法", "cjk"),
    ("油烟", "cjk"),
    ("占路", "cjk"),
    ("渣土", "cjk"),
    ("罚款", "cjk"),
    ("门前三包", "cjk"),
    ("垃圾分类", "cjk"),
    ("露天烧烤", "cjk"),
    ("消防车通道", "cjk"),
    ("第三十四条", "cjk"),
    ("城市市容和环境卫生管理条例第三十四条", "cjk"),
    ("中华人民共和国固体废物污染环境防治法", "cjk"),
    ("责令改正拒不改正的强制执行", "cjk"),
    ("违建", "synonym"),
    ("摆摊", "synonym"),
    ("lajifenlei", "pinyin"),
    ("ljfl", "pinyin"),
    ("zhandao", "pinyin"),
    ("乱扔烟头", "related"),
    ("焚烧落叶", "related"),
    ("邻居在楼道里给电动车充电怎么办", "related"),
    ("小区门口每天晚上都有人摆地摊卖烧烤", "related"),
    ("低保申请", "related"),
    ("占到经营", "typo"),
]
EVAL = ROOT.parent / "shared" / "reference" / "search-eval.jsonl"
CJK = re.compile(r"[\u4e00-\u9fff]+")


def seed_documents():
    from portal import create_app, search
    from portal.extensions import db
    from portal.seed import load_all

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite3", "INDEX_DIR": f"{tmp}/ix", "SECRET_KEY": "bench"},
            instance_path=tmp,
        )
        with app.app_context():
            db.create_all()
            load_all(app.config["SEED_DIR"])
            items = search._load_items()
            articles = search._items_with_articles(items)
            docs = [search.document(i, articles) for i in items]
            synonyms = search._synonyms()
            names = search.item_names(items)
            db.session.remove()
            db.engine.dispose()
    return docs, synonyms, names


def synthesize(seed_docs, n, rng):
    """n documents whose names, bodies and citations are recombined from the seed documents."""
    departments = sorted({d["department"] for d in seed_docs}) + [f"第{i}执法中队" for i in range(1, 9)]
    docs = []
    for i in range(n):
        a, b = rng.choice(seed_docs), rng.choice(seed_docs)
        name_a = a["name"].removeprefix("对").removesuffix("的处罚")
        words = CJK.findall(b["name"])
        name = f"对{name_a}{'及' + rng.choice(words)[:6] if words and rng.random() < 0.5 else ''}的处理（{i}）"
        body_parts = a["body"].split("\n")
        rng.shuffle(body_parts)
        docs.append(
            {
                "code": f"SY-{i:06d}",
                "name": name,
                "body": "\n".join(body_parts[: rng.randint(6, len(body_parts))]),
                "related": a.get("related", ""),
                "laws": a["laws"],
                "articles": a["articles"],
                "category": a["category"],
                "department": rng.choice(departments),
            }
        )
    return docs


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


CLOCK = time.perf_counter  # --clock cpu: time.process_time, this process's CPU only (a shared, busy machine)


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = CLOCK()
        result = fn()
        times.append((CLOCK() - start) * 1000)
    return times, result


SUGGEST_PREFIXES = ["占", "占道", "违法", "消防", "电动", "垃圾分", "门前", "zhan", "zd", "mqsb", "lajifen", "x"]


def bench_suggest(docs, synonyms, vocabulary, runs):
    """Suggestion lookups (/api/v1/suggest's work) over tables built from every synthetic item name."""
    from portal.search import suggest

    start = time.perf_counter()
    tables = suggest.build([(d["code"], d["name"], "") for d in docs], synonyms, [], vocabulary)
    build = time.perf_counter() - start
    times = []
    for prefix in SUGGEST_PREFIXES:
        suggest.lookup(tables, prefix)
        times += timed(lambda p=prefix: suggest.lookup(tables, p), runs * 4)[0]
    print(
        f"\nsuggestions: tables from {len(docs)} items built in {build:.1f} s; {len(SUGGEST_PREFIXES)} prefixes x "
        f"{runs * 4} runs: p50 {percentile(times, 50):.2f} ms, p95 {percentile(times, 95):.2f} ms (target 5 ms)"
    )


def bench_portal(engine_name, docs, synonyms, seed_names, tmp, runs, queries):
    from portal.search import BACKENDS, highlight, pinyin, query, relaxed, vocabulary_words

    engine = BACKENDS[engine_name](str(Path(tmp) / engine_name))
    by_code = {d["code"]: d for d in docs}
    start = time.perf_counter()
    # As the portal does: words of item names and sub-items plus the synonyms (synthetic names add nothing new
    # beyond the first few thousand).
    vocab = pinyin.build_vocabulary(vocabulary_words(seed_names + [d["name"] for d in docs[:5000]], synonyms))
    with engine.writer_lock():
        engine.rebuild(iter(docs), vocab)
    build = time.perf_counter() - start

    def page(q):
        # As search_powers does: the strict page, then the related tier, both highlighted.
        parsed = query.parse(q, synonyms, engine.vocabulary())
        rq = relaxed.build(query.prepare(q), synonyms, engine.vocabulary())
        result = engine.search(parsed, {}, 0, 10, related=rq)
        if not result["total"]:
            for word in relaxed.same_sound(query.prepare(q), engine.vocabulary()):
                parsed = query.parse(word, synonyms, engine.vocabulary())
                rq = relaxed.build(word, synonyms, engine.vocabulary())
                result = engine.search(parsed, {}, 0, 10, related=rq)
                if result["total"]:
                    break
        terms = parsed.terms()
        for code, _ in result["hits"] + result["related"]:
            highlight.mark(by_code[code]["name"], terms)
            highlight.snippet(by_code[code]["body"], terms)
        return result

    latencies, found = {}, {}
    for q, _ in queries:
        page(q)  # warm: the first search of a generation reads the vocabulary
        latencies[q], result = timed(lambda q=q: page(q), runs)
        found[q] = result["total"]
    return build, latencies, found


def _fts(docs, tmp, name, tokenize, transform):
    path = Path(tmp) / f"{name}.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(code UNINDEXED, name, body, tokenize='{tokenize}')")
    start = time.perf_counter()
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?)", ((d["code"], transform(d["name"]), transform(d["body"])) for d in docs)
    )
    conn.commit()
    return conn, time.perf_counter() - start


def bench_fts(docs, tmp, runs, queries):
    import jieba

    def bigram_text(text):
        return " ".join(" ".join(r[i : i + 2] for i in range(max(1, len(r) - 1))) for r in CJK.findall(text))

    def jieba_text(text):
        return " ".join(w for w in jieba.cut(text) if CJK.fullmatch(w))

    engines = {
        "fts5-bigram": ("unicode61", bigram_text, lambda q: '"' + bigram_text(q) + '"'),
        "fts5-trigram": ("trigram", lambda t: t, lambda q: '"' + q + '"'),
        "fts5-jieba": ("unicode61", jieba_text, lambda q: '"' + jieba_text(q) + '"'),
    }
    out = {}
    for name, (tokenize, transform, make_query) in engines.items():
        conn, build = _fts(docs, tmp, name, tokenize, transform)
        latencies, found = {}, {}
        for q, kind in queries:
            if kind != "cjk":
                continue
            match = make_query(q)

            def run(match=match, conn=conn):
                total = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (match,)).fetchone()[0]
                conn.execute("SELECT code FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (match,)).fetchall()
                return total

            try:
                times, total = timed(run, runs)
            except sqlite3.OperationalError:  # a query the tokenizer cannot take counts as finding nothing
                times, total = [float("nan")], 0
            latencies[q], found[q] = times, total
        out[name] = (build, latencies, found)
        conn.close()
    return out


def bench_eval(engines, path: Path, runs: int):
    """recall@5, MRR@10 and nDCG@5 of the judged queries on the seed list, with each query's page latency."""
    from flask_migrate import upgrade

    from portal import create_app, search
    from portal.extensions import db
    from portal.search import evaluate
    from portal.seed import load_all

    cases = evaluate.load(path)
    print(
        f"\nevaluation: {len(cases)} judged queries ({path.name}) on the seed list; "
        "ranking = strict matches, then related items"
    )
    print(f"{'engine':<10}{'recall@5':>10}{'MRR@10':>9}{'nDCG@5':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name in engines:
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/e.sqlite3",
                    "INDEX_DIR": f"{tmp}/ix",
                    "SECRET_KEY": "bench",
                    "SEARCH_BACKEND": name,
                },
                instance_path=tmp,
            )
            with app.app_context():
                upgrade(directory=app.extensions["migrate"].directory)
                load_all(app.config["SEED_DIR"])
                search.rebuild()
                times: list[float] = []

                def rank(q, times=times):
                    ts, ranked = timed(lambda: evaluate.ranking(q), runs)
                    times.extend(ts)
                    return ranked

                means, _ = evaluate.score(cases, rank)
                db.session.remove()
                db.engine.dispose()
        print(
            f"{name:<10}{means['recall@5']:>10.3f}{means['mrr@10']:>9.3f}{means['ndcg@5']:>9.3f}"
            f"{percentile(times, 50):>9.1f}{percentile(times, 95):>9.1f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20221)
    parser.add_argument("--engines", default="whoosh,fts5", help="portal engines to measure (comma-separated)")
    parser.add_argument("--eval", type=Path, default=EVAL, help="judged queries (JSON Lines) to score")
    parser.add_argument("--no-baselines", action="store_true", help="skip the plain FTS5 baselines")
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="wall time, or this process's CPU time (steadier on a shared machine)",
    )
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    engines = [e for e in args.engines.split(",") if e]
    if args.eval.is_file():
        bench_eval(engines, args.eval, args.runs)
    else:
        print(f"no evaluation set at {args.eval}: relevance not measured")

    seed_docs, synonyms, seed_names = seed_documents()
    docs = synthesize(seed_docs, args.items, random.Random(args.seed))
    truth = {q: sum(1 for d in docs if q in d["name"] or q in d["body"]) for q, kind in QUERIES if kind == "cjk"}
    print(
        f"items: {len(docs)}; queries: {len(QUERIES)} x {args.runs} runs; Python {sys.version.split()[0]}, "
        f"SQLite {sqlite3.sqlite_version}; clock: {args.clock}"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in engines:
            results[f"{name} (portal)"] = bench_portal(name, docs, synonyms, seed_names, tmp, args.runs, QUERIES)
        if not args.no_baselines:
            results.update(bench_fts(docs, tmp, args.runs, QUERIES))

    print(f"\n{'engine':<16}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}{'long p95':>10}{'recall':>9}{'p95/base':>10}")
    summary = {}
    for name, (build, latencies, found) in results.items():
        all_times = [t for ts in latencies.values() for t in ts if t == t]
        long_times = [t for q, ts in latencies.items() if len(q) >= 10 for t in ts if t == t]
        cjk = [q for q in truth if q in found]
        recall = sum(min(found[q], truth[q]) for q in cjk) / max(1, sum(truth[q] for q in cjk))
        exact = all(found[q] == truth[q] for q in cjk)
        summary[name] = (percentile(all_times, 95), recall, exact)
        summary[name] += (build, percentile(all_times, 50), percentile(long_times, 95) if long_times else float("nan"))
    base = summary["fts5-bigram"][0] if "fts5-bigram" in summary else float("nan")
    for name, (p95, recall, _, build, p50, long95) in summary.items():
        print(f"{name:<16}{build:>9.1f}{p50:>9.1f}{p95:>9.1f}{long95:>10.1f}{recall:>9.1%}{p95 / base:>9.2f}x")
    print(
        "\n(portal engines time a whole results page: parse, match, total, facets, top 10, snippets; the "
        "baselines time count + top 10 only)"
    )
    for name in (n for n in summary if n.endswith("(portal)")):
        p95, recall, exact, *_ = summary[name]
        verdict = "met" if p95 < 20 and exact else "NOT met"
        print(f"target for {name}: p95 {p95:.1f} ms < 20 ms and recall = substring truth on every CJK query: {verdict}")
    from portal.search import pinyin, vocabulary_words

    # The index writer's vocabulary, as bench_portal builds it.
    vocabulary = pinyin.build_vocabulary(vocabulary_words(seed_names + [d["name"] for d in docs[:5000]], synonyms))
    bench_suggest(docs, synonyms, vocabulary, args.runs)
    print("\nper query (ms p95 / matches; truth = substring scan):")
    header = "".join(f"{n.split()[0]:>20}" for n in summary if n.endswith("(portal)"))
    print(f"  {'query':<24}{'kind':<9}{header}{'truth':>9}")
    for q, kind in QUERIES:
        cells = "".join(
            f"{percentile(results[n][1][q], 95):>10.1f} /{results[n][2][q]:>7}"
            for n in summary
            if n.endswith("(portal)")
        )
        print(f"  {q:<24}{kind:<9}{cells}{truth.get(q, '-'):>9}")


if __name__ == "__main__":
    main()
