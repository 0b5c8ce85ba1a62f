"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (values from the environment)."""

import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Sync workers: the portal is CPU-bound (search, rendering); measured here gunicorn served about twice the
# requests of waitress. Two per core plus one, unless set.
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Load the app (and jieba's dictionary) once, before forking, so workers share it.
preload_app = True
timeout = int(os.environ.get("PORTAL_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound; rarely, because a new worker starts
# with cold caches (measured by bench/load.py: at 5,000 a worker serving cached pages restarted every ~20 s and
# the mix's p99 rose from 65 ms to over 1 s).
max_requests = 100_000
max_requests_jitter = 10_000
# Limits on what a client may send (nginx should enforce the same or tighter).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("PORTAL_ACCESS_LOG", "-")
errorlog = "-"
# One JSON object per request: time, client, method, path and query, status, size, duration in microseconds;
# portal.logs.JsonAccessLogger escapes every value for JSON (a backslash or tab from a client stays valid).
logger_class = "portal.logs.JsonAccessLogger"
access_log_format = (
    '{"time":"%(t)s","client":"%(h)s","method":"%(m)s","path":"%(U)s","query":"%(q)s",'
    '"status":%(s)s,"bytes":"%(B)s","duration_us":%(D)s,"agent":"%(a)s"}'
)


def on_starting(server):
    """Refuse to serve production without PORTAL_BASE_URL: absolute links would otherwise echo any Host header."""
    if not os.environ.get("PORTAL_BASE_URL"):
        raise SystemExit("PORTAL_BASE_URL 未设置：生产环境须设置网站的公开地址（如 https://zfgs.example.gov.cn）")
