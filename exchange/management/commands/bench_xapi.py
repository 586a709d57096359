"""manage.py bench_xapi: xAPI ingest throughput over HTTP to gunicorn (part of `make bench`)."""

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from core.bench import machine
from exchange import bench


class Command(BaseCommand):
    help = "Measure xAPI statement ingest (batches of 100) against gunicorn on PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--batches", type=int, default=40, help="batches of 100 per run")
        parser.add_argument("--clients", default="1,4", help="concurrent client counts, comma-separated")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_xapi runs on PostgreSQL (set DATABASE_URL).")
        folder = Path(settings.BASE_DIR) / "var" / "bench"
        result = {"machine": machine()} | bench.run(
            runs=options["runs"],
            batches=options["batches"],
            levels=[int(n) for n in options["clients"].split(",")],
            log_folder=folder,
            say=lambda message: self.stdout.write(message),
        )
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bench-xapi-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(bench.table(result))
        self.stdout.write(f"\nWritten to {path}")
