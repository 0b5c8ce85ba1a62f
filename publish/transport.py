"""Delivering a batch of credit records: HTTP push (interfaces.md) or a file drop, and the retry schedule.

A transport sends one batch and returns the platform's per-record results, or raises:
- ``Transient``: nothing is known to have been applied for sure (5xx, timeout, dropped connection). The caller
  sends the very same batch (same batch_id, same body) again later; the receiver's idempotency makes that safe.
- ``BatchRefused``: the platform says the batch itself is malformed (4xx); resending it cannot help.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import os
import urllib.error
import urllib.request
from pathlib import Path


class Transient(Exception):
    """The batch may or may not have arrived: send it again later, unchanged."""


class BatchRefused(Exception):
    """The platform refused the batch as malformed (a 4xx reply)."""


def backoff(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait before attempt ``attempt + 1``: base, 2×base, 4×base … never more than ``cap``."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


def body_bytes(batch: dict) -> bytes:
    """The exact bytes sent for a batch (also what the signature covers)."""
    return json.dumps(batch, ensure_ascii=False, sort_keys=True).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class HttpPush:
    """POST {endpoint}/batches with Idempotency-Key and, when a secret is set, X-Signature."""

    def __init__(self, endpoint: str, secret: str | None = None, timeout: float = 30.0):
        self.url = endpoint.rstrip("/") + "/batches"
        self.secret = secret
        self.timeout = timeout

    def send(self, batch: dict) -> dict:
        body = body_bytes(batch)
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": batch["batch_id"]}
        if self.secret:
            headers["X-Signature"] = signature(self.secret, body)
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                data = json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:500]
            if 400 <= err.code < 500 and err.code not in (408, 429):
                raise BatchRefused(f"HTTP {err.code}: {detail}") from None
            raise Transient(f"HTTP {err.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException, OSError) as err:
            raise Transient(f"{type(err).__name__}: {err}") from None
        except ValueError as err:  # a 200 whose body is not JSON: we cannot know what was applied
            raise Transient(f"unreadable reply: {err}") from None
        if data.get("batch_id") != batch["batch_id"] or not isinstance(data.get("results"), list):
            raise Transient("reply does not answer this batch")
        return data


class FileDrop:
    """For platforms that take uploads: the batch as JSON Lines plus a manifest (counts, SHA-256).

    Files appear atomically (written aside, then renamed); the same batch written twice gives the same files.
    A file drop has no per-record receipt: every record counts as delivered.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def send(self, batch: dict) -> dict:
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in batch["records"])
        data = lines.encode("utf-8")
        name = f"batch-{batch['batch_id']}"
        manifest = {
            "batch_id": batch["batch_id"],
            "format": batch["format"],
            "source": batch["source"],
            "file": f"{name}.jsonl",
            "records": len(batch["records"]),
            "upserts": sum(r["op"] == "upsert" for r in batch["records"]),
            "withdrawals": sum(r["op"] == "withdraw" for r in batch["records"]),
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
        try:
            for path, content in (
                (self.folder / f"{name}.jsonl", data),
                (
                    self.folder / f"{name}.manifest.json",
                    json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                ),
            ):
                tmp = path.with_suffix(path.suffix + ".part")
                tmp.write_bytes(content)
                os.replace(tmp, path)
        except OSError as err:
            raise Transient(f"cannot write to {self.folder}: {err}") from None
        return {
            "batch_id": batch["batch_id"],
            "results": [{"CF_WSH": r["fields"].get("CF_WSH", ""), "status": "delivered"} for r in batch["records"]],
        }
