"""A reference receiver of the credit push protocol, for local testing and for staff to try the format.

    python -m publish.receiver [--host 127.0.0.1] [--port 8765] [--db receiver.sqlite3] [--secret S]

It implements interfaces.md: POST /batches (Idempotency-Key = batch_id; the same batch again returns the first
results), per-record validation against the v2 rules with the reason of each rejection, optional HMAC check.
It stores what it accepts in SQLite and counts how often each record was applied, so tests can prove that
nothing was applied twice. GET /records lists the current state. For fault-injection tests, ``faults`` is a
queue of actions taken one per POST: "500", "drop" (close without a reply), "apply-then-500",
"apply-then-drop", "slow:SECONDS" (apply, then wait before replying); ``refuse`` holds CF_WSH values whose
records it rejects (a platform-side rejection, with a reason).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hmac
import json
import sqlite3
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .format import problems
from .transport import signature

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (batch_id TEXT PRIMARY KEY, reply TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (wsh TEXT PRIMARY KEY, status TEXT NOT NULL, fields TEXT NOT NULL,
                                    seq INTEGER, applied INTEGER NOT NULL DEFAULT 0, reason TEXT);
"""
MAX_BODY = 20 * 1024 * 1024


class Store:
    """The receiver's state; one lock, since the HTTP server is threaded."""

    def __init__(self, path: str = ":memory:"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.executescript(SCHEMA)
        self.lock = threading.Lock()

    def seen(self, batch_id: str) -> dict | None:
        row = self.conn.execute("SELECT reply FROM batches WHERE batch_id = ?", (batch_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def apply(self, batch: dict, refuse: set[str]) -> dict:
        results = []
        for record in batch["records"]:
            fields = record.get("fields") or {}
            wsh = str(fields.get("CF_WSH", ""))
            op = record.get("op")
            reason = None
            if not wsh:
                reason = "CF_WSH（行政处罚决定书文号）: 必填"
            elif op not in ("upsert", "withdraw"):
                reason = f"op 应为 upsert 或 withdraw，收到 {op!r}"
            elif wsh in refuse:
                reason = "平台拒收（测试注入）"
            elif op == "upsert" and (found := problems(fields, dt.date.today())):
                reason = "；".join(found)
            elif op == "withdraw" and not fields.get("BZ"):
                reason = "BZ（备注）: 撤回须说明理由"
            if reason:
                results.append({"CF_WSH": wsh, "status": "rejected", "reason": reason})
                continue
            seq = record.get("seq")
            row = self.conn.execute("SELECT seq FROM records WHERE wsh = ?", (wsh,)).fetchone()
            if row and seq is not None and row[0] is not None and seq <= row[0]:
                # An older change arriving late must not undo a newer one.
                results.append({"CF_WSH": wsh, "status": "accepted", "reason": "已有更新的版本，未覆盖"})
                continue
            status = "active" if op == "upsert" else "withdrawn"
            stored = json.dumps(fields, ensure_ascii=False, sort_keys=True)
            self.conn.execute(
                "INSERT INTO records (wsh, status, fields, seq, applied, reason) VALUES (?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (wsh) DO UPDATE SET status = excluded.status, seq = excluded.seq, "
                "applied = records.applied + 1, reason = excluded.reason, "
                "fields = CASE WHEN excluded.status = 'active' THEN excluded.fields ELSE records.fields END",
                (wsh, status, stored, seq, fields.get("BZ") if op == "withdraw" else None),
            )
            results.append({"CF_WSH": wsh, "status": "accepted"})
        reply = {"batch_id": batch["batch_id"], "results": results}
        self.conn.execute(
            "INSERT INTO batches VALUES (?, ?, ?)",
            (batch["batch_id"], json.dumps(reply, ensure_ascii=False), dt.datetime.now().isoformat()),
        )
        self.conn.commit()
        return reply

    def records(self) -> list[dict]:
        rows = self.conn.execute("SELECT wsh, status, fields, seq, applied, reason FROM records ORDER BY wsh")
        return [
            {"CF_WSH": w, "status": s, "fields": json.loads(f), "seq": q, "applied": a, "reason": r}
            for w, s, f, q, a, r in rows
        ]


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, store: Store, secret: str | None = None, faults=(), refuse=()):
        super().__init__(address, Handler)
        self.store = store
        self.secret = secret
        self.faults = deque(faults)
        self.refuse = set(refuse)
        self.posts = 0

    def next_fault(self) -> str:
        with self.store.lock:
            self.posts += 1
            return self.faults.popleft() if self.faults else ""


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, *args) -> None:  # quiet: tests and staff read results, not access logs
        pass

    def _reply(self, status: int, data: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender gave up waiting; it will send the batch again

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.close()

    def do_GET(self) -> None:
        if self.path == "/records":
            with self.server.store.lock:
                return self._reply(200, {"records": self.server.store.records()})
        if self.path == "/healthz":
            return self._reply(200, {"ok": True})
        return self._reply(404, {"error": {"code": "not_found", "message": "no such path"}})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/batches":
            return self._reply(404, {"error": {"code": "not_found", "message": "POST /batches"}})
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._reply(413 if length else 400, {"error": {"code": "bad_request", "message": "body size"}})
        body = self.rfile.read(length)
        fault = self.server.next_fault()
        if fault == "500":
            return self._reply(500, {"error": {"code": "internal_error", "message": "injected"}})
        if fault == "drop":
            return self._drop()
        if self.server.secret:
            given = self.headers.get("X-Signature", "")
            if not hmac.compare_digest(given, signature(self.server.secret, body)):
                return self._reply(401, {"error": {"code": "bad_signature", "message": "X-Signature mismatch"}})
        try:
            batch = json.loads(body.decode("utf-8"))
            if not isinstance(batch.get("batch_id"), str) or not isinstance(batch.get("records"), list):
                raise ValueError("batch_id and records are required")
        except (ValueError, AttributeError) as err:
            return self._reply(400, {"error": {"code": "bad_request", "message": str(err)}})
        if self.headers.get("Idempotency-Key") not in (None, batch["batch_id"]):
            return self._reply(400, {"error": {"code": "bad_request", "message": "Idempotency-Key != batch_id"}})
        with self.server.store.lock:
            reply = self.server.store.seen(batch["batch_id"]) or self.server.store.apply(batch, self.server.refuse)
        if fault == "apply-then-500":
            return self._reply(503, {"error": {"code": "unavailable", "message": "injected after applying"}})
        if fault == "apply-then-drop":
            return self._drop()
        if fault.startswith("slow:"):
            time.sleep(float(fault.split(":", 1)[1]))
        return self._reply(200, reply)


def serve(
    host: str = "127.0.0.1", port: int = 0, db: str = ":memory:", secret: str | None = None, faults=(), refuse=()
) -> Receiver:
    """A receiver bound to host:port (0 = any free port); call serve_forever() on it, or use it in a thread."""
    return Receiver((host, port), Store(db), secret, faults, refuse)


def main() -> None:
    parser = argparse.ArgumentParser(description="Reference receiver of the credit push protocol")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--db", default="receiver.sqlite3")
    parser.add_argument("--secret", default=None)
    args = parser.parse_args()
    server = serve(args.host, args.port, args.db, args.secret)
    print(f"credit receiver on http://{args.host}:{server.server_port}/batches, storing in {args.db}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
