"""Scoring search against judged queries (search-eval.jsonl: one ``{"q", "relevant": [codes], "kind"}`` a line).

The ranking scored is what a resident sees: the strict matches first, then the related tier (and, when the
query was read as another word, that word's results). recall@5 is the share of queries with a relevant item in
the first five; MRR@10 the mean reciprocal rank of the first relevant item in the first ten; nDCG@5 binary.
"""

from __future__ import annotations

import json
import math
from pathlib import Path


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def ranking(q: str) -> list[str]:
    """The codes a resident sees for ``q``, in order: strict page one, then the related items."""
    from . import SearchParams, search_powers

    result = search_powers(SearchParams(q=q, per_page=10))
    return [h.item.code for h in result.hits] + [h.item.code for h in result.related]


def metrics(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    first = next((i for i, code in enumerate(ranked[:10]) if code in relevant), None)
    dcg = sum(1 / math.log2(i + 2) for i, code in enumerate(ranked[:5]) if code in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(5, len(relevant))))
    return {
        "recall@5": float(first is not None and first < 5),
        "mrr@10": 0.0 if first is None else 1 / (first + 1),
        "ndcg@5": dcg / ideal if ideal else 0.0,
    }


def score(cases: list[dict], rank=ranking) -> tuple[dict[str, float], list[tuple[dict, list[str], dict]]]:
    """Mean metrics over ``cases`` and, per case, (case, ranking, metrics)."""
    rows = []
    for case in cases:
        ranked = rank(case["q"])
        rows.append((case, ranked, metrics(ranked, set(case["relevant"]))))
    keys = ("recall@5", "mrr@10", "ndcg@5")
    means = {k: sum(m[k] for *_, m in rows) / max(1, len(rows)) for k in keys}
    return means, rows
