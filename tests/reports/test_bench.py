"""`make bench` runs from start to end (at toy sizes), so a schema change cannot break it unseen.

Nothing else ran the benchmark's loader: when exam passes gained the provider's `record_id`
(issue #12), its INSERT ... SELECT left that NOT NULL column out and `make bench` stopped with an
IntegrityError after loading the learners, for two days, until a session tried to measure.
This runs scripts/bench.sh itself, on a database of its own, with every step at a few hundred rows.
"""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.postgres import server_url

# A database test: pytest-django sets up the test database (and names the connection after it)
# only for a session in which some test asks for one.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


def test_make_bench_runs_every_step_at_toy_sizes(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("make bench runs on PostgreSQL only (CI always has it)")
    # test_<name>_bench: never make bench's own <name>_bench
    name = f"{connection.settings_dict['NAME']}_bench"
    assert name.startswith("test_"), name
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "BENCH_DATABASE_URL": f"{server_url()}/{name}",
        "BENCH_XAPI_ARGS": "--runs 1 --batches 2 --clients 1,2",
        "BENCH_UPLOADS_ARGS": "--rows 2000 --runs 1",
        "REPORTS_FILES_DIR": str(tmp_path / "reports"),
    }
    try:
        # when the whole benchmark runs, as make bench runs it
        finished = subprocess.run(  # noqa: S603 (our own script, by its full path)
            [str(ROOT / "scripts" / "bench.sh"), "--learners", "400", "--enrolments", "2000", "--new-completions", "100",
             "--requests", "5", "--naive-requests", "1", "--clients", "1,2", "--seconds", "0.5"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip

        # then every step printed its table
        assert finished.returncode == 0, (finished.stdout + finished.stderr)[-4000:]
        out = finished.stdout
        assert "full rebuild (s)" in out
        assert "Concurrency: gunicorn" in out
        assert "rows/s" in out
        with psycopg.connect(f"{server_url()}/{name}") as conn:
            # and the loader's exam passes and enrolments reached the rollup
            passes, counted = conn.execute(
                "SELECT (SELECT count(*) FROM learners_exampass),"
                " (SELECT count(*) FROM reports_countedperson)"
            ).fetchone()
        assert passes > 0
        assert counted > 0
    finally:
        with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
