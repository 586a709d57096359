"""`make bench`: the progress rollup, dashboard API and report at national scale on PostgreSQL.

Loads a synthetic national dataset with set-based INSERT ... SELECT generate_series (the fastest
bulk load PostgreSQL offers from inside the server), then measures each step in a fresh child
process so that its peak memory (max RSS) is its own. Every figure is printed as a table and
written to var/bench/<timestamp>.json, next to the naive way of getting the same answer.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction

if TYPE_CHECKING:
    from django.test import Client

SYNTHETIC_COURSES = 400
START = "2022-04-01"  # FY2022, when counting toward the target began


def _exec(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _scalar(sql: str, params: list | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit(
            "make bench needs PostgreSQL: set BENCH_DATABASE_URL or DATABASE_URL to a postgres:// URL."
        )


def load(*, learners: int, enrolments: int, log: Callable[[str], None]) -> dict:
    """Replace the raw tables with a synthetic national dataset. Returns row counts and seconds."""
    require_postgresql()
    started = time.monotonic()
    with transaction.atomic():
        _exec(
            "TRUNCATE reports_qualification, reports_countedperson, reports_dailyprogress, "
            "reports_monthlyprogress, reports_rollupstate, learners_enrolment, learners_exampass, "
            "consortia_participation, learners_learnerprofile CASCADE"
        )
        _exec(
            "DELETE FROM core_user_groups WHERE user_id IN (SELECT id FROM core_user WHERE username LIKE 'bench-%%')"
        )
        _exec("DELETE FROM core_user WHERE username LIKE 'bench-%%'")
        _exec(
            "DELETE FROM courses_courserole WHERE course_id IN (SELECT id FROM courses_course WHERE slug LIKE 'bench-%%')"
        )
        _exec("DELETE FROM courses_course WHERE slug LIKE 'bench-%%'")
        _exec("SELECT setseed(0.2027)")
        log("courses")
        provider = _scalar("SELECT id FROM courses_provider ORDER BY id LIMIT 1")
        _exec(
            """INSERT INTO courses_course (uuid, slug, title_ja, title_en, summary_ja, summary_en, provider_id,
                   format, hours, price_yen, language, level, prefecture, is_published, is_demo, created_at, updated_at)
               SELECT gen_random_uuid(), 'bench-' || g, 'ベンチ講座' || g, 'Bench course ' || g, '', '', %s,
                   'online', 10, 0, 'ja', 'beginner', '', true, true, %s::timestamptz, %s::timestamptz
               FROM generate_series(1, %s) g""",
            [provider, START, START, SYNTHETIC_COURSES],
        )
        # Each course builds one role at a level a-d (a quarter of them below the rule's level c).
        _exec(
            """INSERT INTO courses_courserole (course_id, role_id, level_id)
               SELECT c.id, r.id, lv.id
               FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM courses_course
                     WHERE slug LIKE 'bench-%%') c
               JOIN (SELECT r.id, row_number() OVER (ORDER BY r."order") - 1 AS k FROM skills_role r
                     JOIN skills_standardversion v ON v.id = r.version_id AND v.is_current AND v.part = 'promotion') r
                 ON r.k = c.n %% 15
               JOIN (SELECT lv.id, lv.rank FROM skills_level lv
                     JOIN skills_standardversion v ON v.id = lv.version_id AND v.is_current AND v.part = 'promotion'
                     WHERE lv.rank IS NOT NULL) lv ON lv.rank = 1 + (c.n * 7) %% 4"""
        )
        log(f"{learners:,} learners and profiles")
        _exec(
            """INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email,
                   is_staff, is_active, date_joined, is_demo)
               SELECT '!', false, 'bench-' || g, '', '', '', false, true, %s::timestamptz, true
               FROM generate_series(1, %s) g""",
            [START, learners],
        )
        # Prefecture skewed toward the big ones (random()^2 favours the low codes less evenly than
        # the census, which is enough to make small cells in the tail); 90 % consent.
        _exec(
            """INSERT INTO learners_learnerprofile (user_id, prefecture, age_band, employment_status, industry,
                   organisation, name_kanji, name_romanised, consents_to_statistics, statistics_consent_at,
                   created_at, updated_at)
               SELECT u.id, lpad((1 + floor(47 * power(random(), 1.6)))::int::text, 2, '0'),
                   (ARRAY['under_20','20s','30s','40s','50s','60_plus'])[1 + floor(random() * 6)::int],
                   (ARRAY['employed','self_employed','student','job_seeker','other'])[1 + floor(random() * 5)::int],
                   (ARRAY['manufacturing','semiconductors','it_communications','finance','public_sector',
                          'education','healthcare','retail','construction','services'])[1 + floor(random() * 10)::int],
                   '', '', '', c, CASE WHEN c THEN %s::timestamptz END, %s::timestamptz, %s::timestamptz
               FROM (SELECT id, random() < 0.9 AS c FROM core_user WHERE username LIKE 'bench-%%') u""",
            [START, START, START],
        )
        log(f"{enrolments:,} enrolments (about 45 % completed)")
        first_user = _scalar("SELECT min(id) FROM core_user WHERE username LIKE 'bench-%%'")
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM courses_course ORDER BY id")
            course_ids = [row[0] for row in cursor.fetchall()]
        _exec("CREATE TEMP TABLE bench_courses (k int PRIMARY KEY, id bigint) ON COMMIT DROP")
        _exec(
            "INSERT INTO bench_courses (k, id) SELECT k - 1, id FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(id, k)",
            [course_ids],
        )
        # Enrolment g belongs to learner g mod N and takes course (7 * learner + g div N) mod C:
        # distinct courses per learner, so the one-enrolment-per-course constraint holds.
        _exec(
            """INSERT INTO learners_enrolment (uuid, learner_id, course_id, completed_at, created_at, updated_at)
               SELECT gen_random_uuid(), %s + l, bc.id, done, started, COALESCE(done, started)
               FROM (
                   SELECT g %% %s AS l, g / %s AS j,
                          %s::timestamptz + (random() * (now() - interval '2 days' - %s::timestamptz)) AS started,
                          random() < 0.45 AS completes
                   FROM generate_series(0, %s - 1) g
               ) e
               JOIN bench_courses bc ON bc.k = (7 * e.l + e.j) %% %s
               CROSS JOIN LATERAL (
                   SELECT CASE WHEN e.completes
                          THEN least(e.started + random() * interval '60 days', now() - interval '1 day') END AS done
               ) d""",
            [first_user, learners, learners, START, START, enrolments, len(course_ids)],
        )
        log("exam passes and consortium attendances")
        _exec(
            """INSERT INTO learners_exampass (public_id, learner_id, exam_id, passed_on, certificate_number,
                   record_id, void_reason, created_at, updated_at)
               SELECT gen_random_uuid(), u.id, ex.id, p.passed, '', '', '', p.passed, p.passed
               FROM (SELECT id, random() AS r FROM core_user WHERE username LIKE 'bench-%%') u
               CROSS JOIN LATERAL (SELECT (%s::date + floor(random() * (current_date - 2 - %s::date))::int) AS passed) p
               JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
                     FROM learners_exam) ex ON ex.k = floor(u.r * 1000)::int %% ex.n
               WHERE u.r < 0.05""",
            [START, START],
        )
        _bench_events()
        _exec(
            """INSERT INTO consortia_participation (uuid, event_id, learner_id, group_name, students_count,
                   teachers_count, others_count, prefecture, status, registered_at, created_at, updated_at)
               SELECT gen_random_uuid(), ev.id, u.id, '', 0, 0, 0, '',
                   CASE WHEN random() < 0.85 THEN 'attended' ELSE 'no_show' END, ev.starts_at, ev.starts_at, ev.ends_at
               FROM (SELECT id, random() AS r FROM core_user WHERE username LIKE 'bench-%%') u
               JOIN (SELECT id, starts_at, ends_at, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
                     FROM consortia_event WHERE venue = 'bench') ev ON ev.k = floor(u.r * 100000)::int %% ev.n
               WHERE u.r < 0.04"""
        )
        # A steady state: the reference rows were last edited long ago, so that the incremental
        # step measures 50,000 new completions and not the demo data seeded a minute ago.
        for table in ("courses_course", "consortia_programme", "consortia_event", "learners_learnerprofile"):
            _exec(
                f"UPDATE {table} SET updated_at = %s::timestamptz WHERE updated_at > %s::timestamptz",
                [START, START],
            )
    log("ANALYZE")
    _exec("ANALYZE")
    counts = {
        table: _scalar(f"SELECT count(*) FROM {table}")
        for table in (
            "core_user",
            "learners_learnerprofile",
            "learners_enrolment",
            "learners_exampass",
            "consortia_participation",
        )
    }
    counts["completed_enrolments"] = _scalar(
        "SELECT count(*) FROM learners_enrolment WHERE completed_at IS NOT NULL"
    )
    return {"rows": counts, "seconds": round(time.monotonic() - started, 1)}


def _bench_events() -> None:
    """2,000 past events spread over the consortia's programmes, half of them qualifying."""
    _exec("DELETE FROM consortia_event WHERE venue = 'bench'")
    _exec("UPDATE consortia_programme SET is_qualifying = (id %% 2 = 0)")
    _exec(
        """INSERT INTO consortia_event (uuid, programme_id, starts_at, ends_at, venue, prefecture, capacity,
               is_demo, created_at, updated_at)
           SELECT gen_random_uuid(), p.id, s, s + interval '3 hours', 'bench', '40', 500, true, s, s
           FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
                 FROM consortia_programme) p
           JOIN (SELECT g, %s::timestamptz + random() * (now() - interval '2 days' - %s::timestamptz) AS s
                 FROM generate_series(0, 1999) g) e ON e.g %% p.n = p.k""",
        [START, START],
    )


def add_completions(count: int) -> int:
    """Complete `count` more enrolments now (as learners would during a day).

    Completions added by an earlier run on the same data (make bench --skip-load) are first moved an
    hour back, behind the watermark the full rebuild just set, so that the incremental step always
    measures `count` new completions and not those of the runs before it too.
    """
    with transaction.atomic():
        _exec(
            "UPDATE learners_enrolment SET updated_at = updated_at - interval '1 hour' "
            "WHERE updated_at > now() - interval '1 hour'"
        )
        _exec(
            """UPDATE learners_enrolment SET completed_at = now(), updated_at = now()
               WHERE id IN (SELECT id FROM learners_enrolment WHERE completed_at IS NULL ORDER BY id LIMIT %s)""",
            [count],
        )
    return count


def peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


DASHBOARD_QUERIES = [
    "group_by=prefecture",
    "group_by=hr_type",
    "group_by=consortium",
    "group_by=month",
    "group_by=source",
    "group_by=prefecture&from=2025-04-01&to=2026-03-31",
    "group_by=month&prefecture=13",
    "group_by=hr_type&prefecture=40&from=2024-01-15&to=2026-06-20",
    "group_by=prefecture&hr_type=data-scientist",
    "group_by=month&hr_type=cybersecurity&from=2023-04-01",
]


def viewer_client() -> "Client":
    """A test client signed in as the benchmark's ministry viewer (created on first use)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from consortia.selectors import MINISTRY_VIEWER_GROUP
    from core.models import User

    viewer, _ = User.objects.get_or_create(username="ministry-viewer-bench")
    viewer.groups.add(Group.objects.get(name=MINISTRY_VIEWER_GROUP))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(viewer)
    return client


def step_dashboard(requests: int) -> dict:
    """p50/p95 of the progress API over `requests` requests cycling through realistic filters."""
    client = viewer_client()
    timings = []
    for i in range(requests + 10):
        query = DASHBOARD_QUERIES[i % len(DASHBOARD_QUERIES)]
        started = time.perf_counter()
        response = client.get(f"/api/v1/reports/progress/?{query}")
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(
                f"dashboard API answered {response.status_code} for {query}: {response.content[:300]!r}"
            )
        if i >= 10:  # the first round warms caches and connections
            timings.append(elapsed)
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
    }


NAIVE_BY_PREFECTURE = """
    -- The naive dashboard: decide who counts and group them, from the raw tables, per request.
    SELECT prefecture, count(*) FROM (
        SELECT DISTINCT ON (person_id) person_id, prefecture FROM (
            SELECT e.learner_id AS person_id, (e.completed_at AT TIME ZONE 'Asia/Tokyo')::date AS d, p.prefecture
            FROM learners_enrolment e
            JOIN courses_courserole cr ON cr.course_id = e.course_id
            JOIN skills_level lv ON lv.id = cr.level_id AND lv.rank >= 2
            JOIN learners_learnerprofile p ON p.user_id = e.learner_id AND p.consents_to_statistics
            WHERE e.completed_at IS NOT NULL
            UNION ALL
            SELECT x.learner_id, x.passed_on, p.prefecture FROM learners_exampass x
            JOIN learners_exam ex ON ex.id = x.exam_id AND ex.level >= 2
            JOIN learners_learnerprofile p ON p.user_id = x.learner_id AND p.consents_to_statistics
            UNION ALL
            SELECT pa.learner_id, (ev.ends_at AT TIME ZONE 'Asia/Tokyo')::date, p.prefecture
            FROM consortia_participation pa
            JOIN consortia_event ev ON ev.id = pa.event_id
            JOIN consortia_programme pr ON pr.id = ev.programme_id AND pr.is_qualifying
            JOIN learners_learnerprofile p ON p.user_id = pa.learner_id AND p.consents_to_statistics
            WHERE pa.status = 'attended'
        ) q ORDER BY person_id, d
    ) firsts GROUP BY prefecture"""


def step_naive_dashboard(requests: int) -> dict:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(NAIVE_BY_PREFECTURE)
            cursor.fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "requests": requests,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


def step_report() -> dict:
    from reports.models import ReportRun
    from reports.services import report_build

    run = ReportRun.objects.create(parameters={}, is_exact=False)
    started = time.perf_counter()
    report_build(run=run)
    return {"seconds": round(time.perf_counter() - started, 2), "rows": run.row_counts}


def step_create_table_as() -> dict:
    """The floor for the full rebuild: the same five tables (qualifications, counted people, daily,
    monthly and measure progress) built by hand with CREATE TABLE AS and the indexes their readers
    need, from the same SELECTs, in one transaction that is then rolled back. (The head-count table,
    one row per event and audience, is left out: it is refilled on every run, incremental too.)

    No id columns, no constraint names to keep, no readers to keep serving: what the rebuild would
    cost if it owned the tables alone. It draws record keys for people who have none with the
    rebuild's own statement (the daily key sums need them; the rollback discards them). Its counted
    total must equal the rebuild's.
    """
    from reports.measures import MEASURE_COLUMNS, measure_steps_select
    from reports.rollup import (
        active_rule,
        counted_select,
        draw_record_keys,
        prepare_types,
        qualification_select,
    )

    rule = active_rule()
    dims = "prefecture, hr_type_id, consortium_id, source"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        prepare_types(cursor, rule)
        select, params = qualification_select(rule, people_table=None)
        cursor.execute(f"CREATE UNLOGGED TABLE ctas_qualification AS {select}", params)
        cursor.execute("CREATE UNIQUE INDEX ON ctas_qualification (source, source_key)")
        cursor.execute("CREATE INDEX ON ctas_qualification (person_id, qualified_on)")
        cursor.execute(
            "CREATE UNLOGGED TABLE ctas_counted AS "
            + counted_select(people_table=None, qualification_table="ctas_qualification")
        )
        cursor.execute("ALTER TABLE ctas_counted ADD PRIMARY KEY (person_id)")
        cursor.execute(draw_record_keys(people_table=None, counted_table="ctas_counted"))
        cursor.execute(
            """CREATE TABLE ctas_daily AS
            SELECT c.qualified_on AS day, c.prefecture, c.hr_type_id, c.consortium_id, c.source,
                   COUNT(*) AS people, SUM(k.record_key) AS key_sum
            FROM ctas_counted c JOIN reports_recordkey k ON k.person_id = c.person_id
            GROUP BY c.qualified_on, c.prefecture, c.hr_type_id, c.consortium_id, c.source"""
        )
        cursor.execute(f"CREATE UNIQUE INDEX ON ctas_daily (day, {dims})")
        cursor.execute(
            f"""CREATE TABLE ctas_monthly AS
            SELECT date_trunc('month', day)::date AS month, {dims}, SUM(people) AS people, SUM(key_sum) AS key_sum
            FROM ctas_daily GROUP BY date_trunc('month', day)::date, {dims}"""
        )
        cursor.execute(f"CREATE UNIQUE INDEX ON ctas_monthly (month, {dims})")
        cursor.execute(
            "CREATE TABLE ctas_measure AS "
            + measure_steps_select(
                sign=1,
                people_table=None,
                qualification_table="ctas_qualification",
                counted_table="ctas_counted",
            )
        )
        cursor.execute(f"CREATE UNIQUE INDEX ON ctas_measure ({MEASURE_COLUMNS})")
        cursor.execute("SELECT COUNT(*) FROM ctas_counted")
        counted = cursor.fetchone()[0]
        seconds = time.perf_counter() - started
        # Not timed: the measure cells must be the rebuild's (the step runs right after it).
        columns = f"{MEASURE_COLUMNS}, people, key_sum"
        cursor.execute(
            f"""SELECT (SELECT COUNT(*) FROM ctas_measure),
                       (SELECT COUNT(*) FROM (SELECT {columns} FROM ctas_measure
                                              EXCEPT SELECT {columns} FROM reports_measureprogress) d)
                       + (SELECT COUNT(*) FROM (SELECT {columns} FROM reports_measureprogress
                                                EXCEPT SELECT {columns} FROM ctas_measure) d)"""
        )
        measure_cells, measure_cells_differing = cursor.fetchone()
        transaction.set_rollback(True)
    return {
        "seconds": round(seconds, 2),
        "counted": counted,
        "measure_cells": measure_cells,
        "measure_cells_differing": measure_cells_differing,
    }


def run_step(step: str, options: dict) -> dict:
    """One measured step, in this (child) process."""
    from reports.rollup import rollup_run

    require_postgresql()
    result: dict = {"step": step}
    if step == "full":
        outcome = rollup_run(full=True)
        result |= {"seconds": round(outcome.seconds, 2), "counted": outcome.counted_total}
    elif step == "create-table-as":
        result |= step_create_table_as()
    elif step == "incremental":
        add_completions(options["new_completions"])
        outcome = rollup_run()
        result |= {
            "seconds": round(outcome.seconds, 2),
            "people": outcome.people_changed,
            "counted": outcome.counted_total,
        }
    elif step == "dashboard":
        result |= step_dashboard(options["requests"])
    elif step == "naive-dashboard":
        result |= step_naive_dashboard(options["naive_requests"])
    elif step == "naive-full":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({NAIVE_BY_PREFECTURE}) t")
        result |= {"seconds": round(time.perf_counter() - started, 2)}
    elif step == "report":
        result |= step_report()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def child(step: str, options: dict) -> dict:
    """Run a step in a fresh process (its own peak memory) and return its JSON line."""
    command = [sys.executable, "manage.py", "bench_progress", "--step", step, "--json"]
    for key in ("new_completions", "requests", "naive_requests"):
        command += [f"--{key.replace('_', '-')}", str(options[key])]
    out = subprocess.run(  # noqa: S603 (our own command)
        command, cwd=settings.BASE_DIR, env=os.environ, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"bench step {step} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def write(result: dict) -> Path:
    folder = Path(settings.BASE_DIR) / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
