"""manage.py bench_uploads: bulk upload of a completions CSV, three ways (part of `make bench`)."""

import argparse
import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from core.bench import machine
from exchange import bench_uploads


class Command(BaseCommand):
    help = (
        "Measure the platform's completions upload against django-import-export and a bare COPY "
        "on one generated CSV (PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--runs", type=int, default=3, help="runs of the platform's path and of COPY")
        parser.add_argument(
            "--import-export-rows",
            dest="import_export_rows",
            type=int,
            default=None,
            help="measure django-import-export on the first N rows only (default: all)",
        )
        # A measured step in a child process (core.bench.child): hidden.
        parser.add_argument("--step", help=argparse.SUPPRESS)
        parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench_uploads runs on PostgreSQL (set DATABASE_URL).")
        if options["step"]:
            self.stdout.write(
                json.dumps(bench_uploads.run_step(options["step"], json.loads(options["options"])))
            )
            return
        started = time.monotonic()
        result = {"machine": machine()} | bench_uploads.run(
            rows=options["rows"],
            runs=options["runs"],
            import_export_rows=options["import_export_rows"],
            log=lambda message: self.stdout.write(f"  {message}"),
        )
        result["wall_seconds"] = round(time.monotonic() - started, 1)
        folder = Path(settings.BASE_DIR) / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bench-uploads-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        m = result["machine"]
        self.stdout.write(
            f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; PostgreSQL {m['postgresql']}; "
            f"Python {m['python']}"
        )
        self.stdout.write(bench_uploads.table(result))
        self.stdout.write(f"\nWhole benchmark: {result['wall_seconds']} s. Written to {path}")
