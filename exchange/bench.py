"""`make bench`, part three: xAPI ingest over HTTP to gunicorn (PostgreSQL).

A benchmark provider with one course and a fresh credential; statements of `completed` for that
course, in batches of 100, for addresses of learners already in the database (so every statement
is matched and records an external completion) and for new addresses (which wait in the review
queue), half each. Bodies are built before the clock starts; each client thread POSTs its batches
on its own keep-alive connection. Several runs; the median and the range are reported.

The clients share the two cores with gunicorn and PostgreSQL, as in the concurrency table.
"""

import base64
import http.client
import json
import statistics
import threading
import time
import uuid
from pathlib import Path

from allauth.account.models import EmailAddress

from core.bench import Server, server_shape
from core.models import User
from courses.models import Course, Provider
from learners.models import ExternalCompletion

from .models import CredentialUse, ProviderCredential, Statement

BATCH = 100
PROVIDER_SLUG = "bench-xapi-provider"


def _setup() -> tuple[Provider, Course, str]:
    provider, _created = Provider.objects.get_or_create(
        slug=PROVIDER_SLUG, defaults={"name_ja": "ベンチマーク提供者", "kind": Provider.Kind.TRAINING_COMPANY}
    )
    course, _created = Course.objects.get_or_create(
        slug="bench-xapi-course",
        defaults={"title_ja": "ベンチマーク講座", "provider": provider, "format": Course.Format.ONLINE,
                  "hours": 10, "price_yen": 0, "level": Course.Level.BEGINNER, "is_published": True},
    )  # fmt: skip
    _clean(provider)
    _credential, key = ProviderCredential.objects.create_key(provider=provider, name="bench")
    return provider, course, key


def _learners(needed: int) -> list[str]:
    """`needed` verified learner addresses: the benchmark's own learners, created once (bulk)."""
    existing = list(
        EmailAddress.objects.filter(email__startswith="bench-xapi-learner-", verified=True)
        .order_by("email")
        .values_list("email", flat=True)[:needed]
    )
    missing = needed - len(existing)
    if missing > 0:
        start = len(existing)
        users = User.objects.bulk_create(
            # "!" starts Django's unusable-password marker: these learners never sign in
            User(username=f"bench-xapi-learner-{n}", email=f"bench-xapi-learner-{n}@example.jp", password="!")  # noqa: S106
            for n in range(start, start + missing)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        existing += [user.email for user in users]
    return existing


def _clean(provider: Provider) -> None:
    ExternalCompletion.objects.filter(provider=provider).delete()
    Statement.objects.filter(provider=provider).delete()
    CredentialUse.objects.filter(provider=provider).delete()
    ProviderCredential.objects.filter(provider=provider).delete()


def _bodies(course: Course, emails: list[str], batches: int) -> list[bytes]:
    bodies = []
    known = iter(emails)
    for _ in range(batches):
        statements = []
        for index in range(BATCH):
            email = next(known, None) if index % 2 == 0 else None
            email = email or f"bench-{uuid.uuid4().hex[:12]}@example.jp"
            statements.append({
                "id": str(uuid.uuid4()),
                "actor": {"objectType": "Agent", "mbox": f"mailto:{email}"},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"ja": "修了した"}},
                "object": {"objectType": "Activity", "id": course.activity_iri},
                "result": {"completion": True, "success": True, "score": {"scaled": 0.9}, "duration": "PT3H"},
                "timestamp": "2026-11-20T10:00:00+09:00",
            })  # fmt: skip
        bodies.append(json.dumps(statements).encode())
    return bodies


def _drive(port: int, key: str, bodies: list[bytes], clients: int) -> float:
    """POST every body (split between `clients` threads); the statements per second."""
    username, _dot, secret = key.partition(".")
    headers = {
        "Authorization": "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode(),
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
    }
    failures: list[str] = []
    start = threading.Barrier(clients + 1)

    def client(mine: list[bytes]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        for body in mine:
            conn.request("POST", "/xapi/statements", body=body, headers=headers)
            response = conn.getresponse()
            text = response.read()
            if response.status != 200:
                failures.append(f"{response.status} {text[:200]!r}")
        conn.close()

    threads = [
        threading.Thread(target=client, args=(bodies[n::clients],), daemon=True) for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} failed batches, first: {failures[:2]}")
    return len(bodies) * BATCH / elapsed


def run(*, runs: int, batches: int, levels: list[int], log_folder: Path, say) -> dict:
    """Statements per second at each client count: `runs` runs of `batches` batches of 100."""
    provider, course, key = _setup()
    emails = list(
        EmailAddress.objects.filter(verified=True, user__is_staff=False, user__is_active=True).values_list(
            "email", flat=True
        )[: runs * batches * BATCH * len(levels)]
    )
    result: dict = {"batch": BATCH, "batches_per_run": batches, "runs": runs, "cells": []}
    log_folder.mkdir(parents=True, exist_ok=True)
    server = Server(env={"XAPI_RATE_LIMIT": "1000000/minute"}, log=log_folder / "gunicorn-xapi.log")
    try:
        # Warm-up: one batch per worker thread (connections, imports, plans).
        _drive(server.port, key, _bodies(course, [], 8), 4)
        for clients in levels:
            rates = []
            for run_index in range(runs):
                say(f"  xAPI x{clients} run {run_index + 1}/{runs}")
                bodies = _bodies(course, emails[: batches * BATCH // 2], batches)
                emails = emails[batches * BATCH // 2 :]
                rates.append(_drive(server.port, key, bodies, clients))
            result["cells"].append({
                "clients": clients,
                "median": round(statistics.median(rates)),
                "min": round(min(rates)),
                "max": round(max(rates)),
                "rates": [round(rate) for rate in rates],
            })  # fmt: skip
    finally:
        server.stop()
    result["stored"] = Statement.objects.filter(provider=provider).count()
    result["recorded"] = ExternalCompletion.objects.filter(provider=provider).count()
    _clean(provider)
    result["server"] = server_shape()
    return result


def table(result: dict) -> str:
    lines = [
        "",
        f"xAPI ingest: POST /xapi/statements, batches of {result['batch']}, {result['runs']} runs of "
        f"{result['batches_per_run']} batches; {result['stored']:,} statements stored, "
        f"{result['recorded']:,} completions recorded",
        f"{'clients':>8}{'median st/s':>14}{'min':>10}{'max':>10}  runs",
        "-" * 60,
    ]
    for cell in result["cells"]:
        lines.append(
            f"{cell['clients']:>8}{cell['median']:>14,}{cell['min']:>10,}{cell['max']:>10,}  {cell['rates']}"
        )
    return "\n".join(lines)
