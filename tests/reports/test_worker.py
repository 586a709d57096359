"""A task goes through the real broker to a real Celery worker (Redis in CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app
from reports.models import RollupState
from reports.tasks import rollup_progress_task
from tests.postgres import database_url

from .world import build_world, expected_counts, rolled_up_counts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_rollup_task_runs_in_a_real_worker_through_the_broker(counting):
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it can share with the test (PostgreSQL in CI)")
    build_world(21, people=40)
    env = os.environ | {
        "DATABASE_URL": database_url(),  # the test database, which the worker must see
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "False",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "config", "worker", "--pool", "solo", "--queues", "heavy",
         "--loglevel", "INFO", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    eager = app.conf.task_always_eager
    try:
        app.conf.task_always_eager = False
        before = RollupState.objects.filter(pk=1).values_list("generation", flat=True).first() or 0

        rollup_progress_task.apply_async(kwargs={"full": True})

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = RollupState.objects.filter(pk=1).first()
            if state and state.generation > before:
                break
            time.sleep(0.5)
        else:
            worker.terminate()
            pytest.fail(
                f"the worker did not run the task in 60 s:\n{worker.communicate(timeout=10)[0][-3000:]}"
            )
        assert rolled_up_counts() == expected_counts(counting)
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=20)
