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


def test_a_read_during_a_full_rebuild_does_not_wait_for_it(counting, monkeypatch):
    """Readers never wait (issue #9): the rebuild used to TRUNCATE the daily and monthly tables in
    its transaction, and every dashboard read queued behind that lock until the rebuild committed."""
    import reports.rollup
    from reports.selectors import _progress_breakdown, progress_filter_parse

    build_world(12, people=60)
    rollup_run(full=True)
    f = progress_filter_parse({}, whole_months=True)
    before = _progress_breakdown(exact=True, f=f, group_by="prefecture")
    inside, release = threading.Event(), threading.Event()
    draw = reports.rollup.draw_record_keys

    def paused(**kwargs):  # the rebuild stops here, its transaction open, until released
        inside.set()
        release.wait(30)
        return draw(**kwargs)

    monkeypatch.setattr(reports.rollup, "draw_record_keys", paused)
    rebuild = threading.Thread(target=lambda: (rollup_run(full=True), connections.close_all()))
    rebuild.start()
    try:
        assert inside.wait(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        during = _progress_breakdown(exact=True, f=f, group_by="prefecture")
    finally:
        release.set()
        rebuild.join(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert during == before  # the figures of the last committed rollup, at once
    assert _progress_breakdown(exact=True, f=f, group_by="prefecture") == before


def _catalogue(table: str) -> set[tuple[str, str]]:
    """The table's indexes (with their definitions, the table name left out) and its id sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, replace(indexdef, %s, 'T') FROM pg_indexes WHERE tablename = %s",
            [table, table],
        )
        found = set(cursor.fetchall())
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        found.add(("sequence", cursor.fetchone()[0]))
    return found


def test_the_rebuild_swaps_in_tables_under_the_names_migrations_know(counting):
    """The full rebuild fills new daily and monthly tables and swaps them in: afterwards they carry
    the primary keys, unique cells and sequences that Django's migrations created, and the
    incremental run's upsert (which needs the unique cell) goes on working."""
    world = build_world(5, people=30)
    tables = ("reports_dailyprogress", "reports_monthlyprogress")
    before = {table: _catalogue(table) for table in tables}

    rollup_run(full=True)
    rollup_run(full=True)

    assert {table: _catalogue(table) for table in tables} == before
    assert ("reports_daily_cell", "CREATE UNIQUE INDEX reports_daily_cell ON public.T USING btree "
            "(day, prefecture, hr_type_id, consortium_id, source)") in before["reports_dailyprogress"]  # fmt: skip
    add_activity(world, 20)
    assert rollup_run().mode == "incremental"
    assert rolled_up_counts() == expected_counts(counting)


def test_a_reader_holding_the_old_table_makes_the_swap_give_up_not_wait_forever(counting, monkeypatch):
    """The swap's DROP waits at most SWAP_LOCK_TIMEOUT for a reader that keeps the old table open;
    then the run fails as a whole (the task retries it) and the last figures stay."""
    import psycopg
    from django.db.utils import OperationalError

    import reports.rollup
    from reports.selectors import _progress_breakdown, progress_filter_parse

    build_world(13, people=30)
    rollup_run(full=True)
    f = progress_filter_parse({}, whole_months=True)
    before = _progress_breakdown(exact=True, f=f, group_by="prefecture")
    monkeypatch.setattr(reports.rollup, "SWAP_LOCK_TIMEOUT", "300ms")
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as reader:
        reader.execute("SELECT count(*) FROM reports_dailyprogress")  # a transaction left open

        with pytest.raises(OperationalError, match="lock timeout"):
            rollup_run(full=True)

    assert _progress_breakdown(exact=True, f=f, group_by="prefecture") == before
    assert rollup_run(full=True).mode == "full"  # once the reader is gone
