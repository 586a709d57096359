"""manage.py bench_progress: the national-scale benchmark behind `make bench` (PostgreSQL only)."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from core.bench import machine
from reports import bench, bench_concurrency

TARGETS = {"full": 30.0, "incremental": 2.0, "dashboard_p95_ms": 50.0, "report": 15.0, "peak_rss_mb": 500.0}


class Command(BaseCommand):
    help = "Load a synthetic national dataset and measure the rollup, the dashboard API and the report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--learners", type=int, default=2_300_000)
        parser.add_argument("--enrolments", type=int, default=10_000_000)
        parser.add_argument("--new-completions", dest="new_completions", type=int, default=50_000)
        parser.add_argument("--requests", type=int, default=300, help="dashboard API requests measured")
        parser.add_argument("--naive-requests", dest="naive_requests", type=int, default=5)
        parser.add_argument(
            "--clients",
            default="1,8,32",
            help="concurrent client counts for the gunicorn table, comma-separated",
        )
        parser.add_argument(
            "--seconds", type=float, default=8.0, help="seconds measured per concurrency cell"
        )
        parser.add_argument("--skip-concurrency", action="store_true", help="leave out the gunicorn table")
        parser.add_argument("--skip-load", action="store_true", help="reuse the dataset already loaded")
        parser.add_argument("--step", help=argparse_hidden())
        parser.add_argument("--json", action="store_true", help=argparse_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["step"]:
            self.stdout.write(json.dumps(bench.run_step(options["step"], options)))
            return
        bench.require_postgresql()
        result: dict = {
            "machine": machine(),
            "sizes": {k: options[k] for k in ("learners", "enrolments")},
        }
        if not options["skip_load"]:
            self.stdout.write(
                f"Loading {options['learners']:,} learners and {options['enrolments']:,} enrolments…"
            )
            result["load"] = bench.load(
                learners=options["learners"],
                enrolments=options["enrolments"],
                log=lambda m: self.stdout.write(f"  {m}"),
            )
            self.stdout.write(f"  loaded in {result['load']['seconds']} s: {result['load']['rows']}")
        steps = [
            "full",
            "create-table-as",
            "incremental",
            "dashboard",
            "report",
            "naive-full",
            "naive-dashboard",
        ]
        for step in steps:
            self.stdout.write(f"Measuring {step}…")
            result[step] = bench.child(step, options)
        if not options["skip_concurrency"]:
            self.stdout.write("Measuring concurrency against gunicorn…")
            result["concurrency"] = bench_concurrency.run(
                levels=[int(n) for n in options["clients"].split(",")],
                seconds=options["seconds"],
                log_folder=Path(settings.BASE_DIR) / "var" / "bench",
                say=self.stdout.write,
            )
        result["ratios"] = {
            "full_vs_create_table_as": round(
                result["full"]["seconds"] / max(result["create-table-as"]["seconds"], 1e-6), 2
            ),
            "incremental_vs_full": round(
                result["full"]["seconds"] / max(result["incremental"]["seconds"], 1e-6), 1
            ),
            "dashboard_p50_naive_vs_rollup": round(
                result["naive-dashboard"]["p50_ms"] / max(result["dashboard"]["p50_ms"], 1e-6), 1
            ),
        }
        if result["create-table-as"]["counted"] != result["full"]["counted"]:
            raise SystemExit(
                f"CREATE TABLE AS counted {result['create-table-as']['counted']:,} people, "
                f"the rebuild {result['full']['counted']:,}: they must build the same tables."
            )
        if result["create-table-as"]["measure_cells_differing"]:
            raise SystemExit(
                f"CREATE TABLE AS and the rebuild differ in {result['create-table-as']['measure_cells_differing']:,} "
                "measure cells: they must build the same tables."
            )
        path = bench.write(result)
        self.stdout.write(self._table(result))
        if "concurrency" in result:
            self.stdout.write(bench_concurrency.table(result["concurrency"]))
        self.stdout.write(f"\nJSON: {path}")

    def _table(self, r: dict) -> str:
        m = r["machine"]
        lines = [
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; PostgreSQL {m['postgresql']}; "
            f"Python {m['python']}",
            f"Data: {r.get('load', {}).get('rows', 'reused')}",
            "",
            f"{'measure':<44}{'result':>14}{'target':>12}{'peak RSS':>12}",
            "-" * 82,
        ]

        def row(name: str, value: str, target: str, rss: float) -> None:
            lines.append(f"{name:<44}{value:>14}{target:>12}{rss:>10.0f}MB")

        row("full rebuild (s)", f"{r['full']['seconds']:.2f}", "≤ 30", r["full"]["peak_rss_mb"])
        c = r["create-table-as"]
        row("same tables by hand, CREATE TABLE AS (s)", f"{c['seconds']:.2f}", "", c["peak_rss_mb"])
        row(
            f"incremental after {r['incremental'].get('people', 0):,} people (s)",
            f"{r['incremental']['seconds']:.2f}",
            "≤ 2",
            r["incremental"]["peak_rss_mb"],
        )
        d = r["dashboard"]
        row(f"dashboard API p50 / {d['requests']} requests (ms)", f"{d['p50_ms']:.1f}", "", d["peak_rss_mb"])
        row(
            f"dashboard API p95 / {d['requests']} requests (ms)",
            f"{d['p95_ms']:.1f}",
            "≤ 50",
            d["peak_rss_mb"],
        )
        row("XLSX + CSV report (s)", f"{r['report']['seconds']:.2f}", "≤ 15", r["report"]["peak_rss_mb"])
        lines.append("")
        lines.append("The naive way (decide who counts from the raw tables on every request):")
        n = r["naive-dashboard"]
        row(
            f"naive dashboard p50 / {n['requests']} requests (ms)", f"{n['p50_ms']:.0f}", "", n["peak_rss_mb"]
        )
        row(
            "naive count from raw tables, one query (s)",
            f"{r['naive-full']['seconds']:.2f}",
            "",
            r["naive-full"]["peak_rss_mb"],
        )
        lines.append("")
        lines.append(
            f"Ratios: full rebuild / CREATE TABLE AS = {r['ratios']['full_vs_create_table_as']}x (target ≤ 1.2x); "
            f"dashboard naive/rollup p50 = {r['ratios']['dashboard_p50_naive_vs_rollup']}x; "
            f"full rebuild / incremental = {r['ratios']['incremental_vs_full']}x"
        )
        return "\n".join(lines)


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS
