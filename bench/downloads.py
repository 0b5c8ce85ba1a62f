"""Download benchmark: time and peak Python memory of the penalty CSV and XLSX downloads at N decisions.

    python bench/downloads.py [--decisions 100000]

Builds the feed benchmark's database (N published decisions), then downloads /downloads/penalties.csv and .xlsx
through the app's test client, reading the streamed body in chunks as a server would, with tracemalloc watching
the peak. The same downloads at 1,000 decisions are the baseline: memory that stays flat while the row count
grows a hundredfold is what "bounded" means here (openpyxl's write-only sheets go to a temporary file).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.feeds import build  # noqa: E402


def measure(app, url: str) -> tuple[float, float, int]:
    client = app.test_client()
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200, response.status_code
    return seconds, peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{'decisions':>10} {'download':<26} {'seconds':>8} {'peak MiB':>9} {'size MiB':>9}")
    for n in (1000, args.decisions):
        with tempfile.TemporaryDirectory() as tmp:
            app = build(Path(tmp), n)
            with app.app_context():
                for url in ("/downloads/penalties.csv", "/downloads/penalties.xlsx"):
                    seconds, peak, size = measure(app, url)
                    print(f"{n:>10} {url:<26} {seconds:>8.1f} {peak:>9.1f} {size / 2**20:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
