"""The progress rollup: who counts, since when, and the aggregate tables the dashboard reads.

Set-based SQL that runs on PostgreSQL (production, CI, the benchmark) and SQLite (first run).
`rollup_run()` is the one entry point: a full rebuild when asked, when nothing was built yet or when
the active counting rule changed; otherwise an incremental run over the people whose records changed
since the watermark. Both give the same tables (tested). One run at a time: a PostgreSQL advisory
lock (SQLite serialises writers itself), and the whole run is one transaction, so a failure leaves
the previous tables in place.
"""

import datetime
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from core.exceptions import ApplicationError

from .disclosure import KEY_SPACE
from .measures import MEASURE_COLUMNS, head_counts_rebuild_statements, measure_steps_statements
from .models import CountingRule, RollupState
from .selectors import forget_rollup_generation

# Records changed up to this long before a run started may still be committing: the next run
# looks back over them again (re-processing a person is idempotent).
WATERMARK_LAG = datetime.timedelta(minutes=5)
ADVISORY_LOCK_KEY = 230_0000_2027  # any constant unique to this job
# Constraint and index names of reports.models.Qualification and CountedPerson (PostgreSQL's names
# for the primary keys): the full rebuild drops and rebuilds them.
QUALIFICATION_UNIQUE = "reports_one_qualification_per_record"
QUALIFICATION_INDEX = "reports_qual_person_day"
QUALIFICATION_PKEY = "reports_qualification_pkey"
COUNTED_PKEY = "reports_countedperson_pkey"
# The dashboards' tables and their unique cell constraints (reports.models); a full rebuild on
# PostgreSQL fills <table>_next and swaps it in.
PROGRESS_TABLES = (
    ("reports_dailyprogress", "reports_daily_cell", "day, prefecture, hr_type_id, consortium_id, source"),
    (
        "reports_monthlyprogress",
        "reports_monthly_cell",
        "month, prefecture, hr_type_id, consortium_id, source",
    ),
    ("reports_measureprogress", "reports_measure_cell", MEASURE_COLUMNS),
)
NEXT = "_next"
SWAP_LOCK_TIMEOUT = "30s"  # the longest the swap waits for readers already running (PostgreSQL syntax)
QUALIFICATION_COLUMNS = "person_id, source, source_key, qualified_on, prefecture, hr_type_id, consortium_id"
COUNTED_COLUMNS = (
    "person_id, qualified_on, source, source_key, prefecture, hr_type_id, consortium_id, industry"
)
SOURCE_PRIORITY = "CASE q.source WHEN 'course' THEN 1 WHEN 'external' THEN 2 WHEN 'exam' THEN 3 ELSE 4 END"


class RollupBusyError(ApplicationError):
    """Another rollup holds the lock."""


@dataclass(frozen=True)
class RollupResult:
    mode: str  # "full" or "incremental"
    people_changed: int
    counted_total: int
    seconds: float
    generation: int


def _vendor() -> str:
    return connection.vendor


def _day(column: str) -> str:
    """SQL for the Japanese calendar day of a UTC timestamp column."""
    if _vendor() == "postgresql":
        return f"(({column}) AT TIME ZONE 'Asia/Tokyo')::date"
    return f"date({column}, '+9 hours')"


def _month(column: str) -> str:
    if _vendor() == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"date({column}, 'start of month')"


def active_rule() -> CountingRule:
    """The active counting rule; the platform cannot count without one."""
    rule = CountingRule.objects.filter(is_active=True).first()
    if rule is None:
        raise ApplicationError("No counting rule is active; activate one in admin.")
    return rule


def qualification_select(rule: CountingRule, *, people_table: str | None) -> tuple[str, list]:
    """One SELECT of every qualifying record (person, source, key, day, prefecture, type, consortium).

    With `people_table`, only the people listed there.
    """
    consent = "AND p.consents_to_statistics" if rule.requires_statistics_consent else ""
    profile_join = "JOIN" if rule.requires_statistics_consent else "LEFT JOIN"
    parts: list[str] = []
    params: list = []

    def only(column: str) -> str:
        return f"AND {column} IN (SELECT person_id FROM {people_table})" if people_table else ""

    if rule.counts_courses:
        parts.append(f"""
        SELECT e.learner_id AS person_id, 'course' AS source, e.id AS source_key,
               {_day("e.completed_at")} AS qualified_on, COALESCE(p.prefecture, '') AS prefecture,
               ct.hr_type_id AS hr_type_id, 0 AS consortium_id
        FROM learners_enrolment e
        JOIN rollup_course_type ct ON ct.course_id = e.course_id
        {profile_join} learners_learnerprofile p ON p.user_id = e.learner_id {consent}
        WHERE e.completed_at IS NOT NULL {only("e.learner_id")}""")
        # Completions providers reported (xAPI, uploads) count like portal completions, under the
        # same course rule, while they are not voided, withdrawn or disputed.
        parts.append(f"""
        SELECT x.learner_id, 'external', x.id, {_day("x.completed_at")}, COALESCE(p.prefecture, ''),
               ct.hr_type_id, 0
        FROM learners_externalcompletion x
        JOIN rollup_course_type ct ON ct.course_id = x.course_id
        {profile_join} learners_learnerprofile p ON p.user_id = x.learner_id {consent}
        WHERE x.status = 'counted' {only("x.learner_id")}""")
    exam_ids = list(rule.qualifying_exams.values_list("id", flat=True)) if rule.counts_exams else []
    if exam_ids:
        placeholders = ", ".join(["%s"] * len(exam_ids))
        parts.append(f"""
        SELECT x.learner_id, 'exam', x.id, x.passed_on, COALESCE(p.prefecture, ''),
               COALESCE(t.id, 0), 0
        FROM learners_exampass x
        JOIN learners_exam ex ON ex.id = x.exam_id
        LEFT JOIN skills_humanresourcetype t
               ON t.slug = ex.hr_type_slug
              AND t.version_id = (SELECT id FROM skills_standardversion WHERE part = 'promotion' AND is_current)
        {profile_join} learners_learnerprofile p ON p.user_id = x.learner_id {consent}
        WHERE x.exam_id IN ({placeholders}) AND x.voided_at IS NULL
          AND (ex.valid_from IS NULL OR x.passed_on >= ex.valid_from)
          AND (ex.valid_until IS NULL OR x.passed_on <= ex.valid_until) {only("x.learner_id")}""")
        params.extend(exam_ids)
    if rule.counts_programmes:
        parts.append(f"""
        SELECT pa.learner_id, 'programme', pa.id, {_day("ev.ends_at")},
               COALESCE(NULLIF(p.prefecture, ''), NULLIF(pa.prefecture, ''), ev.prefecture),
               COALESCE(pt.hr_type_id, 0), pr.consortium_id
        FROM consortia_participation pa
        JOIN consortia_event ev ON ev.id = pa.event_id
        JOIN consortia_programme pr ON pr.id = ev.programme_id
        LEFT JOIN rollup_programme_type pt ON pt.programme_id = pr.id
        {profile_join} learners_learnerprofile p ON p.user_id = pa.learner_id {consent}
        WHERE pa.status = 'attended' AND pa.learner_id IS NOT NULL AND pr.is_qualifying
        {only("pa.learner_id")}""")
    if not parts:
        return "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 1 = 0", []
    return " UNION ALL ".join(parts), params


def prepare_types(cursor, rule: CountingRule) -> None:
    """Small temporary tables: the type each course counts under (its highest-level role at or above
    the rule's level) and each programme's (its first role). Analysed, so that the planner joins
    millions of enrolments to them by hash instead of guessing two rows and looping."""
    _temp_table(cursor, "rollup_course_type", "course_id bigint PRIMARY KEY, hr_type_id bigint")
    cursor.execute(
        """INSERT INTO rollup_course_type (course_id, hr_type_id)
        SELECT course_id, hr_type_id FROM (
            SELECT cr.course_id, r.hr_type_id,
                   ROW_NUMBER() OVER (PARTITION BY cr.course_id ORDER BY lv.rank DESC, r."order", r.id) AS rn
            FROM courses_courserole cr
            JOIN skills_role r ON r.id = cr.role_id
            JOIN skills_level lv ON lv.id = cr.level_id
            WHERE lv.rank >= %s
        ) ranked WHERE rn = 1""",
        [rule.min_course_level],
    )
    _temp_table(cursor, "rollup_programme_type", "programme_id bigint PRIMARY KEY, hr_type_id bigint")
    cursor.execute(
        """INSERT INTO rollup_programme_type (programme_id, hr_type_id)
        SELECT programme_id, hr_type_id FROM (
            SELECT pr2.programme_id, r.hr_type_id,
                   ROW_NUMBER() OVER (PARTITION BY pr2.programme_id ORDER BY r."order", r.id) AS rn
            FROM consortia_programme_roles pr2 JOIN skills_role r ON r.id = pr2.role_id
        ) ranked WHERE rn = 1"""
    )
    if _vendor() == "postgresql":
        cursor.execute("ANALYZE rollup_course_type")
        cursor.execute("ANALYZE rollup_programme_type")


def _drop_temp_tables(cursor, *names: str) -> None:
    """SQLite keeps temporary tables for the connection; PostgreSQL drops them at commit."""
    if _vendor() != "postgresql":
        for name in names:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def counted_select(*, people_table: str | None, qualification_table: str = "reports_qualification") -> str:
    """Each person's first qualification (earliest day, then course, exam, programme), with their industry."""
    where = f"WHERE q.person_id IN (SELECT person_id FROM {people_table})" if people_table else ""
    return f"""
    SELECT {COUNTED_COLUMNS}
    FROM (
        SELECT q.person_id, q.qualified_on, q.source, q.source_key, q.prefecture, q.hr_type_id,
               q.consortium_id, COALESCE(p.industry, '') AS industry,
               ROW_NUMBER() OVER (
                   PARTITION BY q.person_id ORDER BY q.qualified_on, {SOURCE_PRIORITY}, q.source_key
               ) AS rn
        FROM {qualification_table} q
        LEFT JOIN learners_learnerprofile p ON p.user_id = q.person_id
        {where}
    ) first WHERE rn = 1"""


def _insert_counted(*, people_table: str | None) -> str:
    return (
        f"INSERT INTO reports_countedperson ({COUNTED_COLUMNS}) {counted_select(people_table=people_table)}"
    )


def _aggregate(*, sign: int, people_table: str | None, suffix: str = "") -> list[str]:
    """Add (sign=1) or subtract (sign=-1) the counted rows of the people to the daily and monthly tables,
    with the sum of their record keys (the cell key method, reports/disclosure.py).

    Without `people_table` (a full rebuild into empty tables) it is a plain INSERT; otherwise an
    upsert that adds to the existing cells. `suffix` names the tables a rebuild fills before it swaps
    them in (reports_dailyprogress<suffix>).
    """
    daily, monthly = f"reports_dailyprogress{suffix}", f"reports_monthlyprogress{suffix}"
    where = f"WHERE c.person_id IN (SELECT person_id FROM {people_table})" if people_table else ""
    dims = "prefecture, hr_type_id, consortium_id, source"
    c_dims = "c.prefecture, c.hr_type_id, c.consortium_id, c.source"
    counted = f"reports_countedperson c JOIN reports_recordkey k ON k.person_id = c.person_id {where}"

    def upsert(key: str, table: str) -> str:
        if people_table is None:
            return ""
        return (
            f"ON CONFLICT ({key}, {dims}) DO UPDATE SET people = {table}.people + excluded.people, "
            f"key_sum = {table}.key_sum + excluded.key_sum"
        )

    return [
        f"""INSERT INTO {daily} (day, {dims}, people, key_sum)
        SELECT c.qualified_on, {c_dims}, {sign} * COUNT(*), {sign} * SUM(k.record_key) FROM {counted}
        GROUP BY c.qualified_on, {c_dims} {upsert("day", daily)}""",
        f"""INSERT INTO {monthly} (month, {dims}, people, key_sum)
        SELECT {_month("day")}, {dims}, SUM(people), SUM(key_sum) FROM {daily}
        GROUP BY {_month("day")}, {dims}"""
        if people_table is None
        else f"""INSERT INTO {monthly} (month, {dims}, people, key_sum)
        SELECT {_month("c.qualified_on")}, {c_dims}, {sign} * COUNT(*), {sign} * SUM(k.record_key)
        FROM {counted}
        GROUP BY {_month("c.qualified_on")}, {c_dims} {upsert("month", monthly)}""",
    ]


def draw_record_keys(*, people_table: str | None, counted_table: str = "reports_countedperson") -> str:
    """Give every counted person who has none a record key, drawn uniformly from the key space.

    Keys are never redrawn (a rebuild keeps reports_recordkey), so a cell of the same people keeps
    its key and its published figure. PostgreSQL's random() is seeded per session from a strong
    source; SQLite's from the operating system.
    """
    where = f"AND c.person_id IN (SELECT person_id FROM {people_table})" if people_table else ""
    if _vendor() == "postgresql":
        draw = f"floor(random() * {KEY_SPACE})::integer"
    else:
        draw = f"abs(random()) % {KEY_SPACE}"
    return f"""INSERT INTO reports_recordkey (person_id, record_key)
    SELECT c.person_id, {draw} FROM {counted_table} c
    WHERE NOT EXISTS (SELECT 1 FROM reports_recordkey k WHERE k.person_id = c.person_id) {where}"""


def _acquire_lock(cursor) -> None:
    if _vendor() == "postgresql":
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise RollupBusyError("Another progress rollup is running; try again when it has finished.")


def _changed_people_sql(watermark: datetime.datetime) -> tuple[str, list]:
    """Everyone whose qualifying records (or what they depend on) changed since the watermark."""
    sql = """
    SELECT learner_id FROM learners_enrolment WHERE updated_at > %s
    UNION SELECT e.learner_id FROM learners_enrolment e
          JOIN courses_course c ON c.id = e.course_id WHERE c.updated_at > %s
    UNION SELECT learner_id FROM learners_exampass WHERE updated_at > %s
    UNION SELECT x.learner_id FROM learners_exampass x
          JOIN learners_exam ex ON ex.id = x.exam_id WHERE ex.updated_at > %s
    UNION SELECT learner_id FROM learners_externalcompletion WHERE updated_at > %s
    UNION SELECT x.learner_id FROM learners_externalcompletion x
          JOIN courses_course c ON c.id = x.course_id WHERE c.updated_at > %s
    UNION SELECT learner_id FROM consortia_participation WHERE learner_id IS NOT NULL AND updated_at > %s
    UNION SELECT pa.learner_id FROM consortia_participation pa
          JOIN consortia_event ev ON ev.id = pa.event_id
          JOIN consortia_programme pr ON pr.id = ev.programme_id
          WHERE pa.learner_id IS NOT NULL AND (ev.updated_at > %s OR pr.updated_at > %s)
    UNION SELECT user_id FROM learners_learnerprofile WHERE updated_at > %s
    UNION SELECT q.person_id FROM reports_qualification q
          WHERE q.source = 'exam'
            AND NOT EXISTS (SELECT 1 FROM learners_exampass x WHERE x.id = q.source_key)
    UNION SELECT q.person_id FROM reports_qualification q
          WHERE q.source = 'programme'
            AND NOT EXISTS (SELECT 1 FROM consortia_participation pa WHERE pa.id = q.source_key)
    """
    # The last two: records deleted since the last run (a learner deleting a pass they recorded, an
    # admin deleting a participation) leave no updated_at behind; their stored qualification does.
    # And a changed record's previous owner (an admin moving a participation from one learner to
    # another, or to none): their stored qualification must go, or the new owner's cannot be stored.
    sql += "".join(
        f"""
    UNION SELECT q.person_id FROM reports_qualification q JOIN {table} r ON r.id = q.source_key
          WHERE q.source = '{source}' AND r.updated_at > %s
            AND (r.learner_id IS NULL OR r.learner_id <> q.person_id)"""
        for source, table in PREVIOUS_OWNER_SOURCES
    )
    return sql, [watermark] * (10 + len(PREVIOUS_OWNER_SOURCES))


# Each qualification source and the table of its records (source_key is the record's id).
PREVIOUS_OWNER_SOURCES = (
    ("course", "learners_enrolment"),
    ("external", "learners_externalcompletion"),
    ("exam", "learners_exampass"),
    ("programme", "consortia_participation"),
)


def rollup_run(*, full: bool = False) -> RollupResult:
    """Bring the counted people and the daily and monthly tables up to date.

    Idempotent (a second run changes nothing), all-or-nothing (one transaction), and exclusive
    (RollupBusyError when another run holds the lock). Safe to call from a task or a command.
    """
    started = time.monotonic()
    started_at = timezone.now()
    rule = active_rule()
    with transaction.atomic(), connection.cursor() as cursor:
        _acquire_lock(cursor)
        state, _ = RollupState.objects.select_for_update().get_or_create(pk=1)
        prepare_types(cursor, rule)
        if full or state.watermark is None or state.rule_version != rule.version or _lost_after_crash(cursor):
            mode = "full"
            changed = _rebuild(cursor, rule)
            state.last_full_at = started_at
        else:
            mode = "incremental"
            changed = _incremental(cursor, rule, state.watermark)
        delete, insert = head_counts_rebuild_statements(day_sql=_day("ev.ends_at"))
        cursor.execute(delete)
        cursor.execute(insert, [started_at])
        _drop_temp_tables(cursor, "rollup_course_type", "rollup_programme_type")
        state.watermark = started_at - WATERMARK_LAG
        state.rule_version = rule.version
        state.generation += 1
        state.last_run_at = started_at
        state.last_run_seconds = time.monotonic() - started
        state.last_people_changed = changed
        state.save()
        transaction.on_commit(forget_rollup_generation)  # this process's figures move at once
        cursor.execute("SELECT COUNT(*) FROM reports_countedperson")
        total = cursor.fetchone()[0]
    return RollupResult(mode, changed, total, time.monotonic() - started, state.generation)


def _lost_after_crash(cursor) -> bool:
    """On PostgreSQL the qualification and counted-person tables are UNLOGGED (migration 0002):
    derived data, rebuilt in seconds, written without WAL. A crash empties them while the logged
    daily table keeps its rows; then the next run must rebuild instead of adding to nothing."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM reports_dailyprogress) AND NOT EXISTS (SELECT 1 FROM reports_countedperson)"
    )
    return bool(cursor.fetchone()[0])


def _rebuild(cursor, rule: CountingRule) -> int:
    """Every table from the raw records. The steps are the same on both databases; PostgreSQL's
    extras load the person-level tables without their keys (each index built once, sorted, is
    several times faster than maintained row by row for millions of rows) and fill new daily and
    monthly tables beside the ones readers use, swapped in at the end (_swap_in)."""
    postgres = _vendor() == "postgresql"
    if postgres:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # TRUNCATE refuses while deferred foreign-key checks are pending in this transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The person-level tables are the rollup's own (no reader): TRUNCATE is fastest.
        cursor.execute("TRUNCATE reports_qualification, reports_countedperson")
        cursor.execute(f"ALTER TABLE reports_qualification DROP CONSTRAINT {QUALIFICATION_UNIQUE}")
        cursor.execute(f"ALTER TABLE reports_qualification DROP CONSTRAINT {QUALIFICATION_PKEY}")
        cursor.execute(f"DROP INDEX {QUALIFICATION_INDEX}")
        cursor.execute(f"ALTER TABLE reports_countedperson DROP CONSTRAINT {COUNTED_PKEY}")
    else:
        for table in ("qualification", "countedperson", "dailyprogress", "monthlyprogress"):
            cursor.execute(f"DELETE FROM reports_{table}")
    select, params = qualification_select(rule, people_table=None)
    cursor.execute(f"INSERT INTO reports_qualification ({QUALIFICATION_COLUMNS}) {select}", params)
    if postgres:
        cursor.execute(
            f"ALTER TABLE reports_qualification ADD CONSTRAINT {QUALIFICATION_PKEY} PRIMARY KEY (id)"
        )
        cursor.execute(
            f"ALTER TABLE reports_qualification ADD CONSTRAINT {QUALIFICATION_UNIQUE} UNIQUE (source, source_key)"
        )
        cursor.execute(
            f"CREATE INDEX {QUALIFICATION_INDEX} ON reports_qualification (person_id, qualified_on)"
        )
    cursor.execute(_insert_counted(people_table=None))
    if postgres:
        cursor.execute(
            f"ALTER TABLE reports_countedperson ADD CONSTRAINT {COUNTED_PKEY} PRIMARY KEY (person_id)"
        )
        # Fresh statistics for the table just filled (the planner knew it empty).
        cursor.execute("ANALYZE reports_countedperson")
    cursor.execute(draw_record_keys(people_table=None))
    suffix = NEXT if postgres else ""
    if postgres:
        for table, _cell, _columns in PROGRESS_TABLES:
            cursor.execute(
                f"CREATE TABLE {table}{NEXT} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
            )
    for sql in _aggregate(sign=1, people_table=None, suffix=suffix):
        cursor.execute(sql)
    if not postgres:
        cursor.execute("DELETE FROM reports_measureprogress")
    for sql in measure_steps_statements(
        sign=1, people_table=None, target=f"reports_measureprogress{suffix}", upsert=False
    ):
        cursor.execute(sql)
    if postgres:
        _swap_in(cursor)
    cursor.execute("SELECT COUNT(*) FROM reports_countedperson")
    return cursor.fetchone()[0]


def _swap_in(cursor) -> None:
    """Index the new daily, monthly and measure tables, then put them in place of the old ones, under the
    names Django's migrations know (table, primary key, unique cell, identity sequence).

    Filling an empty table and indexing it once takes a third of the time of refilling the old one:
    after a DELETE, every insert into its unique index had to look past the deleted row of the same
    cell. Dropping the old table takes its lock at the very end, so readers wait at most for the
    reads already running and for the commit, not for the build (tests/reports/test_concurrency.py).
    """
    for table, cell, columns in PROGRESS_TABLES:
        cursor.execute(f"ALTER TABLE {table}{NEXT} ADD CONSTRAINT {table}{NEXT}_pkey PRIMARY KEY (id)")
        cursor.execute(f"ALTER TABLE {table}{NEXT} ADD CONSTRAINT {cell}{NEXT} UNIQUE ({columns})")
        cursor.execute(f"ANALYZE {table}{NEXT}")  # statistics move with the table
    # A reader that holds the old table for long (a transaction left open) must not hold the rebuild
    # forever, nor the readers queued behind its DROP: after SWAP_LOCK_TIMEOUT the statement fails,
    # the whole run rolls back (the last figures stay) and the task retries it later.
    cursor.execute(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
    for table, cell, _columns in PROGRESS_TABLES:
        cursor.execute(f"DROP TABLE {table}")
        cursor.execute(f"ALTER TABLE {table}{NEXT} RENAME TO {table}")
        cursor.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {table}{NEXT}_pkey TO {table}_pkey")
        cursor.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {cell}{NEXT} TO {cell}")
        cursor.execute(f"ALTER SEQUENCE {table}{NEXT}_id_seq RENAME TO {table}_id_seq")


def _temp_table(cursor, name: str, columns: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    on_commit = " ON COMMIT DROP" if _vendor() == "postgresql" else ""
    cursor.execute(f"CREATE TEMP TABLE {name} ({columns}){on_commit}")


def _incremental(cursor, rule: CountingRule, watermark: datetime.datetime) -> int:
    """Recompute the people whose records changed, and touch the aggregates only for those whose
    counted row actually moved (a second course completed after the first changes nothing)."""
    postgres = _vendor() == "postgresql"
    _temp_table(cursor, "rollup_people", "person_id bigint PRIMARY KEY")
    changed_sql, params = _changed_people_sql(watermark)
    cursor.execute(f"INSERT INTO rollup_people (person_id) {changed_sql}", params)
    cursor.execute("SELECT COUNT(*) FROM rollup_people")
    people = cursor.fetchone()[0]
    if people:
        if postgres:
            cursor.execute("ANALYZE rollup_people")
        # The qualifying records those people have now.
        _temp_table(
            cursor,
            "rollup_q",
            "person_id bigint, source varchar(10), source_key bigint, qualified_on date, prefecture varchar(2), "
            "hr_type_id bigint, consortium_id bigint",
        )
        select, params = qualification_select(rule, people_table="rollup_people")
        cursor.execute(f"INSERT INTO rollup_q ({QUALIFICATION_COLUMNS}) {select}", params)
        if postgres:
            cursor.execute("ANALYZE rollup_q")  # PostgreSQL hashes it for the anti-joins below
        else:
            cursor.execute("CREATE INDEX rollup_q_key ON rollup_q (source, source_key)")
        # The changed people's measure steps as stored, taken out before their records change
        # (every changed person: a new measure can change their steps without moving their row).
        for sql in measure_steps_statements(sign=-1, people_table="rollup_people", upsert=True):
            cursor.execute(sql)
        # Stored qualifications: drop the ones gone or changed, add the new or changed ones.
        cursor.execute(
            """DELETE FROM reports_qualification
            WHERE person_id IN (SELECT person_id FROM rollup_people)
              AND NOT EXISTS (
                  SELECT 1 FROM rollup_q n
                  WHERE n.source = reports_qualification.source AND n.source_key = reports_qualification.source_key
                    AND n.person_id = reports_qualification.person_id
                    AND n.qualified_on = reports_qualification.qualified_on
                    AND n.prefecture = reports_qualification.prefecture
                    AND n.hr_type_id = reports_qualification.hr_type_id
                    AND n.consortium_id = reports_qualification.consortium_id)"""
        )
        cursor.execute(
            f"""INSERT INTO reports_qualification ({QUALIFICATION_COLUMNS})
            SELECT {QUALIFICATION_COLUMNS} FROM rollup_q n
            WHERE NOT EXISTS (
                SELECT 1 FROM reports_qualification q WHERE q.source = n.source AND q.source_key = n.source_key)"""
        )
        # Each of those people's first qualification now.
        _temp_table(
            cursor,
            "rollup_first",
            "person_id bigint PRIMARY KEY, qualified_on date, source varchar(10), source_key bigint, "
            "prefecture varchar(2), hr_type_id bigint, consortium_id bigint, industry varchar(20)",
        )
        cursor.execute(
            f"""INSERT INTO rollup_first ({COUNTED_COLUMNS})
            SELECT {COUNTED_COLUMNS} FROM (
                SELECT q.person_id, q.qualified_on, q.source, q.source_key, q.prefecture, q.hr_type_id,
                       q.consortium_id, COALESCE(p.industry, '') AS industry,
                       ROW_NUMBER() OVER (
                           PARTITION BY q.person_id ORDER BY q.qualified_on, {SOURCE_PRIORITY}, q.source_key
                       ) AS rn
                FROM rollup_q q LEFT JOIN learners_learnerprofile p ON p.user_id = q.person_id
            ) first WHERE rn = 1"""
        )
        # The people whose counted row moves: new, gone, or different in any attribute.
        _temp_table(cursor, "rollup_moved", "person_id bigint PRIMARY KEY")
        cursor.execute(
            """INSERT INTO rollup_moved (person_id)
            SELECT r.person_id FROM rollup_people r
            LEFT JOIN reports_countedperson c ON c.person_id = r.person_id
            LEFT JOIN rollup_first f ON f.person_id = r.person_id
            WHERE (c.person_id IS NULL) <> (f.person_id IS NULL)
               OR (c.person_id IS NOT NULL AND (
                   c.qualified_on <> f.qualified_on OR c.source <> f.source OR c.source_key <> f.source_key
                   OR c.prefecture <> f.prefecture OR c.hr_type_id <> f.hr_type_id
                   OR c.consortium_id <> f.consortium_id OR c.industry <> f.industry))"""
        )
        for sql in _aggregate(sign=-1, people_table="rollup_moved"):
            cursor.execute(sql)
        cursor.execute(
            "DELETE FROM reports_countedperson WHERE person_id IN (SELECT person_id FROM rollup_moved)"
        )
        cursor.execute(
            f"""INSERT INTO reports_countedperson ({COUNTED_COLUMNS})
            SELECT {COUNTED_COLUMNS} FROM rollup_first WHERE person_id IN (SELECT person_id FROM rollup_moved)"""
        )
        cursor.execute(draw_record_keys(people_table="rollup_moved"))
        for sql in _aggregate(sign=1, people_table="rollup_moved"):
            cursor.execute(sql)
        # Their steps now, from what they have now: their qualifications are rollup_q's and their
        # counted rows rollup_first's (the small tables, not lookups into the national ones).
        for sql in measure_steps_statements(
            sign=1,
            people_table=None,
            qualification_table="rollup_q",
            counted_table="rollup_first",
            upsert=True,
        ):
            cursor.execute(sql)
        cursor.execute("DELETE FROM reports_measureprogress WHERE people = 0 AND key_sum = 0")
        cursor.execute("DELETE FROM reports_dailyprogress WHERE people = 0")
        cursor.execute("DELETE FROM reports_monthlyprogress WHERE people = 0")
    _drop_temp_tables(cursor, "rollup_people", "rollup_q", "rollup_first", "rollup_moved")
    return people
