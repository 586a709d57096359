"""The suite starts from an empty test database even when an earlier run was interrupted.

`pytest --reuse-db` (the suite's default) keeps the test database between runs. A run killed in
the middle of a transactional test (a browser test on `live_server` seeds the demo catalogue and
commits it; only that test's teardown flushes it) leaves its rows behind, and the next run, `make
test` in CI included, started on them: 85 tests that count rows failed (the courses API listed 34
demo courses beside its own two, `seed_demo`'s bad options found one user). The session set-up in
tests/conftest.py now empties the database before the suite starts.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.postgres import server_url

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[1]
A_COUNTING_TEST = "tests/test_seed_demo.py::test_bad_options_are_refused_naming_the_option"


def _pytest(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--no-cov", *args, A_COUNTING_TEST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_rows_left_by_an_interrupted_run_do_not_reach_the_next_run():
    if connection.vendor != "postgresql":
        pytest.skip("the suite's reused database is PostgreSQL's (CI always has it)")
    server = server_url()
    # a database of this test's own: pytest-django names the test database test_<name>
    name = f"{connection.settings_dict['NAME'].removeprefix('test_')}_isolation"
    database_url, leftover = f"{server}/{name}", f"test_{name}"
    # given a reusable test database, created by a first run
    first = _pytest(database_url, "--create-db")
    assert first.returncode == 0, first.stdout[-3000:]
    try:
        # and a row committed by a run that was killed before its teardown flushed it
        with psycopg.connect(f"{server}/{leftover}", autocommit=True) as conn:
            conn.execute(
                "INSERT INTO core_user (username, password, is_superuser, first_name, last_name, email,"
                " is_staff, is_active, date_joined, is_demo)"
                " VALUES ('left-behind', '!', false, '', '', '', false, true, now(), false)"
            )

        # when the next run reuses the database
        second = _pytest(database_url, "--reuse-db")

        # then its tests see an empty database
        assert second.returncode == 0, second.stdout[-3000:]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{leftover}" WITH (FORCE)')
