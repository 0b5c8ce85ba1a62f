"""What every search engine shares: its errors and the single-writer lock.

An engine is derived data kept under ``INDEX_DIR``. It offers: ``writer_lock()``, ``rebuild(docs, vocabulary)``,
``update(docs, delete_codes, vocabulary)``, ``open()``, ``vocabulary()``, ``doc_count()`` and
``search(parsed, filters, offset, limit)`` returning ``{"total", "hits": [(code, score)], "facets"}``.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path


class IndexUnavailable(Exception):
    """The index is missing, unreadable or built by another schema version."""


class IndexBusy(Exception):
    """Another writer held the lock for longer than the configured timeout."""


@contextmanager
def writer_lock(path: Path, timeout: float):
    """Hold the single-writer lock at ``path``; a second writer waits (up to ``timeout`` s) instead of failing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(path), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexBusy(f"index writer lock held longer than {timeout:.0f}s") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def facet_counts(pairs, filters: dict) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """Total and facets from ``((category, department), count)`` pairs of the matched documents.

    Each facet counts the documents that pass every *other* filter, so choosing a category still shows how
    many results the other categories would give.
    """
    cat, dep = filters.get("category"), filters.get("department")
    total, by_cat, by_dep = 0, {}, {}
    for (c, d), n in pairs:
        if not dep or d == dep:
            by_cat[c] = by_cat.get(c, 0) + n
        if not cat or c == cat:
            by_dep[d] = by_dep.get(d, 0) + n
        if (not cat or c == cat) and (not dep or d == dep):
            total += n

    def ordered(counts):
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    return total, {"category": ordered(by_cat), "department": ordered(by_dep)}
