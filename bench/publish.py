"""Credit-format benchmark: records validated and serialized per second, and push throughput to the receiver.

    python bench/publish.py [--records 100000] [--batch 500]

Generates N valid decisions (people and companies, fines, dates), then times on one core: building the v2
records, validating them (every rule of credit-format.md) and writing JSON Lines and CSV (XLSX on a tenth).
Baselines measured in the same run: json.dumps of the same plain dicts (the serialization floor) and building
without validation. Then pushes all records over HTTP, in batches, to the reference receiver running in its own
process on 127.0.0.1, and prints records per second. Target: N = 100,000 validated and exported in under 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publish import format as credit_format  # noqa: E402
from publish import serialize  # noqa: E402
from publish.checks import org_check_char, uscc_check_char  # noqa: E402
from publish.transport import HttpPush  # noqa: E402

TODAY = dt.date.today()


def uscc(rng: random.Random, prefix: str) -> str:
    org = "".join(rng.choice("0123456789") for _ in range(8))
    body = prefix + org + org_check_char(org)
    return body + uscc_check_char(body)


def id_number(rng: random.Random) -> str:
    body = f"120110{dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(14000)):%Y%m%d}{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def decisions(n: int):
    rng = random.Random(n)
    for i in range(n):
        decided = TODAY - dt.timedelta(days=rng.randrange(1, 700))
        person = rng.random() < 0.5
        yield {
            "document_number": f"压测罚决字〔{decided.year}〕{i}号",
            "party_type": "自然人" if person else "法人及非法人组织",
            "party_name": f"测试当事人{i}",
            "uscc": "" if person else uscc(rng, "91120110"),
            "legal_rep": "" if person else "赵某",
            "id_type": "身份证" if person else "",
            "id_number": id_number(rng) if person else "",
            "violation": "在禁止的时段和区域内露天烧烤食品",
            "facts": f"第{i}号案件：当事人在华新街道某路段露天烧烤食品，经责令改正后仍未改正。",
            "basis": "《中华人民共和国大气污染防治法》第一百一十八条第三款",
            "categories": "罚款;没收非法财物",
            "content": "罚款人民币2000元，没收烧烤工具",
            "fine_yuan": f"{rng.randrange(500, 20000)}.00",
            "confiscated_yuan": "150.00",
            "decided_on": decided.isoformat(),
            "valid_until": (decided + dt.timedelta(days=15)).isoformat(),
            "publicity_until": (decided + dt.timedelta(days=1095)).isoformat(),
        }


OFFICE = {
    "CF_CFJG": "天津市东丽区人民政府华新街道办事处",
    "CF_CFJGDM": "11120110000000123G",
    "CF_SJLY": "天津市东丽区人民政府华新街道办事处",
    "CF_SJLYDM": "11120110000000123G",
}


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    return label, time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    n = args.records
    plain = list(decisions(n))
    rows = []
    _, floor, _ = timed("floor", lambda: [json.dumps(d, ensure_ascii=False) for d in plain])
    rows.append(("baseline: json.dumps of the plain dicts", floor))
    _, build, records = timed("build", lambda: [credit_format.build_record(d, OFFICE) for d in plain])
    rows.append(("build v2 records (万元, field order)", build))

    def validate():
        bad = [r["CF_WSH"] for r in records if credit_format.problems(r, TODAY)]
        assert not bad, bad[:3]

    _, check, _ = timed("validate", validate)
    rows.append(("validate every rule", check))
    _, jsonl, _ = timed("jsonl", lambda: serialize.jsonl(records, io.StringIO()))
    rows.append(("write JSON Lines", jsonl))
    _, csv_time, _ = timed("csv", lambda: serialize.csv_file(records, io.StringIO()))
    rows.append(("write CSV", csv_time))
    with tempfile.TemporaryDirectory() as tmp:
        tenth = records[: max(1, n // 10)]
        _, xlsx, _ = timed("xlsx", lambda: serialize.xlsx_file(tenth, Path(tmp) / "x.xlsx"))
    rows.append((f"write XLSX ({len(tenth):,} records)", xlsx))
    print(f"records: {n:,}; Python {sys.version.split()[0]}; one core\n")
    print(f"{'step':<44}{'seconds':>9}{'records/s':>12}")
    for label, seconds in rows:
        count = len(tenth) if "XLSX" in label else n
        print(f"{label:<44}{seconds:>9.2f}{count / seconds:>12,.0f}")
    total = build + check + jsonl
    print(
        f"\nvalidated and exported (build + validate + JSON Lines): {total:.1f} s "
        f"({total / floor:.1f}x the json.dumps floor); target < 30 s: {'met' if total < 30 else 'NOT met'}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        receiver = subprocess.Popen(
            [
                sys.executable,
                "-c",
                (
                    "import sys; from publish.receiver import serve; s = serve('127.0.0.1', 0, sys.argv[1]); "
                    "open(sys.argv[2], 'w').write(str(s.server_port)); s.serve_forever()"
                ),
                str(Path(tmp) / "r.sqlite3"),
                str(port_file),
            ],
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.05)
            url = f"http://127.0.0.1:{port_file.read_text()}"
            push = HttpPush(url, timeout=120)
            start = time.perf_counter()
            for b in range(0, n, args.batch):
                part = records[b : b + args.batch]
                records_out = [{"op": "upsert", "seq": b + i, "fields": r} for i, r in enumerate(part)]
                reply = push.send(
                    {
                        "batch_id": f"bench-{b}",
                        "format": "cf-v2",
                        "source": {"name": "x", "uscc": "x"},
                        "records": records_out,
                    }
                )
                assert all(r["status"] == "accepted" for r in reply["results"])
            seconds = time.perf_counter() - start
            with urllib.request.urlopen(url + "/records", timeout=120) as reply:
                stored = len(json.loads(reply.read())["records"])
        finally:
            receiver.terminate()
            receiver.wait()
    print(
        f"\npush to the reference receiver (own process, validates and stores each record): {n:,} records in "
        f"{seconds:.1f} s = {n / seconds:,.0f} records/s in batches of {args.batch}; stored {stored:,}"
    )


if __name__ == "__main__":
    main()
