"""gunicorn settings for the web process (platform/Procfile). Environment overrides: PORT, HOST,
WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS.

Sync workers, two per core, behind a buffering reverse proxy (docs/adr/0007-web-workers.md): on
the benchmark they held the progress API's p95 at 32 clients to 65-86 ms where 2 workers x 4
threads gave 77-120 ms (threads of one process share its interpreter lock and stretch each other's
requests, and a threaded worker keeps the keep-alive connections it accepted)."""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (not a container's quota)
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# At most 8 by default: each worker holds a PostgreSQL connection, and in a container the affinity
# shows every core of the host. Set WEB_CONCURRENCY to the host's share.
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * _cores(), 8))))
# 1: gunicorn's sync worker. More than 1 makes gunicorn use its threaded (gthread) worker.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A sync worker is restarted when one request takes longer than this: the longest legitimate one is
# a provider's upload at EXCHANGE_UPLOAD_MAX_BYTES (300 MiB, about 3.6 M rows: some 155 s at the
# benchmark's 23,000 rows/s), so 300 s; a hung worker is replaced after as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
