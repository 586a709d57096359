"""`make bench`, part two: the progress API and the dashboard page under concurrent clients.

gunicorn serves the benchmark database with the platform's own configuration (platform/gunicorn.conf.py:
WEB_CONCURRENCY sync workers, two per core by default, DEBUG off, no access log), twice: once with the
configured cache (CACHE_URL; Redis when set, so the workers share it) and once with Django's dummy
cache, which stores nothing, so every request computes its figures from the rollup tables (the
uncached path). A signed-in ministry viewer's clients cycle through realistic filter sets, each
client on its own keep-alive connection, for a fixed time per cell after a warm-up round.

The clients run in this process as threads, on the same two cores as the server: the figures are
what this machine serves with its load generator competing for the CPU, not the server alone.
"""

import http.client
import os
import statistics
import threading
import time
from pathlib import Path

from django.conf import settings

from core.bench import Server, server_shape

from .bench import DASHBOARD_QUERIES, percentile, viewer_client

API_QUERIES = DASHBOARD_QUERIES  # the same realistic filter sets as the in-process step
PAGE_QUERIES = [
    "",
    "prefecture=13",
    "from=2025-04-01&to=2026-03-31",
    "hr_type=data-scientist",
    "prefecture=40&from=2024-04-01",
]
TARGETS = [
    ("api", "/api/v1/reports/progress/", API_QUERIES),
    ("page", "/reports/", PAGE_QUERIES),
]


def viewer_cookie() -> str:
    """A session cookie of the benchmark's ministry viewer, stored in the benchmark database."""
    client = viewer_client()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def drive(*, port: int, path: str, queries: list[str], clients: int, seconds: float, cookie: str) -> dict:
    """`clients` threads, each on its own keep-alive connection, for `seconds`: latencies and rate."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        i = index
        start.wait()
        while time.perf_counter() < stop_at[0]:
            query = queries[i % len(queries)]
            i += 1
            began = time.perf_counter()
            try:
                conn.request("GET", f"{path}?{query}" if query else path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    failures.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                with lock:
                    failures.append(f"{response.status} {path}?{query}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} failed requests to {path}, first: {failures[:3]}")
    if not latencies:
        raise SystemExit(f"no request to {path} finished in {seconds} s")
    return {
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "rps": round(len(latencies) / elapsed, 1),
    }


def run(*, levels: list[int], seconds: float, log_folder: Path, say) -> dict:
    """The table: for the cached and the uncached server, each target at each client count."""
    cookie = viewer_cookie()
    configured = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    modes = [("cached", os.environ.get("CACHE_URL", "locmemcache://")), ("uncached", "dummycache://")]
    result: dict = {
        "server": server_shape(),
        "cache": configured,
        "seconds_per_cell": seconds,
        "cells": [],
    }
    log_folder.mkdir(parents=True, exist_ok=True)
    for mode, cache_url in modes:
        server = Server(env={"CACHE_URL": cache_url}, log=log_folder / f"gunicorn-{mode}.log")
        try:
            for name, path, queries in TARGETS:
                # Warm-up: every filter set once per worker thread, so the cached run measures hits.
                drive(port=server.port, path=path, queries=queries, clients=4, seconds=2.0, cookie=cookie)
                for clients in levels:
                    say(f"  {mode} {name} x{clients}")
                    cell = drive(
                        port=server.port,
                        path=path,
                        queries=queries,
                        clients=clients,
                        seconds=seconds,
                        cookie=cookie,
                    )
                    result["cells"].append({"mode": mode, "target": name, "clients": clients} | cell)
        finally:
            server.stop()
    return result


def table(result: dict) -> str:
    lines = [
        "",
        f"Concurrency: {result['server']}; cache {result['cache']} vs none; {result['seconds_per_cell']:.0f} s a cell",
        f"{'target':<8}{'clients':>8}{'mode':>10}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
        f"{'req/s':>10}",
        "-" * 76,
    ]
    for c in sorted(result["cells"], key=lambda c: (c["target"], c["clients"], c["mode"])):
        lines.append(
            f"{c['target']:<8}{c['clients']:>8}{c['mode']:>10}{c['requests']:>10}{c['p50_ms']:>10.1f}"
            f"{c['p95_ms']:>10.1f}{c['p99_ms']:>10.1f}{c['rps']:>10.1f}"
        )
    return "\n".join(lines)
