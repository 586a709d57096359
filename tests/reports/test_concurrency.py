"""Two rollups at once never double count (PostgreSQL: the advisory lock)."""

import threading

import pytest
from django.db import connection, connections

from reports.models import CountedPerson
from reports.rollup import RollupBusyError, rollup_run

from .world import add_activity, build_world, expected_counts, rolled_up_counts

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; CI runs this on PostgreSQL")


@pytest.mark.parametrize("full", [False, True])
def test_two_concurrent_rollups_do_not_double_count(counting, full):
    world = build_world(11, people=60)
    rollup_run(full=True)
    add_activity(world, 60)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(rollup_run(full=full).mode)
        except RollupBusyError:
            outcomes.append("busy")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == 2
    assert rolled_up_counts() == expected_counts(counting)
    assert CountedPerson.objects.count() == sum(expected_counts(counting).values())
