"""The rollup's measure tables (issue #12): who is reached by which policy measure, and head-counts.

`reports.rollup` calls these inside its one transaction:

- `measure_steps_aggregate` adds (sign=1) or subtracts (sign=-1) people's steps to
  `reports_measureprogress`: for each person, the days they were first reached by each measure, and
  on each such day the measures they had after it and before it (reports.models.MeasureProgress).
  An incremental run subtracts the changed people's steps as stored before it touches their
  qualifications, and adds them again afterwards; a full rebuild adds everyone's into an empty table.
- `head_counts_rebuild` refills `reports_headcountprogress` from consortia.HeadCount (a small table:
  one row per event and audience), on every run.

Set-based SQL that runs on PostgreSQL and SQLite alike.
"""

from .models import MEASURE_SOURCES

MEASURE_COLUMNS = "day, measures, prefecture, hr_type_id, consortium_id"


def _firsts_columns() -> str:
    return ", ".join(
        f"MIN(CASE WHEN q.source = '{source}' THEN q.qualified_on END) AS d{bit}"
        for bit, source in MEASURE_SOURCES.items()
    )


def _mask(op: str) -> str:
    """SQL for the bits of the measures a person had reached on (op "<=") or before (op "<") d.day."""
    return " + ".join(f"(CASE WHEN f.d{bit} {op} d.day THEN {bit} ELSE 0 END)" for bit in MEASURE_SOURCES)


def measure_steps_statements(
    *,
    sign: int,
    people_table: str | None,
    qualification_table: str = "reports_qualification",
    counted_table: str = "reports_countedperson",
    target: str = "reports_measureprogress",
    temp_prefix: str = "rollup",
) -> list[str]:
    """The statements that add (sign 1) or subtract (sign -1) the measure steps of the counted
    people (only those in `people_table` when given) to `target`, with their record keys.

    With `people_table` the insert is an upsert that adds to existing cells (an incremental run);
    without, `target` must be empty (a rebuild). The first statement fills a temporary table of
    each person's first day per measure, which the caller creates (see `FIRSTS_COLUMNS`).
    """
    firsts, days = f"{temp_prefix}_measure_firsts", f"{temp_prefix}_measure_days"
    where = f"WHERE q.person_id IN (SELECT person_id FROM {people_table})" if people_table else ""
    bits = list(MEASURE_SOURCES)
    upsert = (
        f"ON CONFLICT ({MEASURE_COLUMNS}) DO UPDATE SET people = {target}.people + excluded.people, "
        f"key_sum = {target}.key_sum + excluded.key_sum"
        if people_table
        else ""
    )
    union = " UNION ".join(f"SELECT person_id, d{bit} FROM {firsts} WHERE d{bit} IS NOT NULL" for bit in bits)
    return [
        f"DELETE FROM {firsts}",
        f"DELETE FROM {days}",
        f"""INSERT INTO {firsts} (person_id, {", ".join(f"d{bit}" for bit in bits)})
        SELECT q.person_id, {_firsts_columns()} FROM {qualification_table} q {where} GROUP BY q.person_id""",
        f"INSERT INTO {days} (person_id, day) {union}",
        f"""INSERT INTO {target} ({MEASURE_COLUMNS}, people, key_sum)
        SELECT s.day, s.measures, s.prefecture, s.hr_type_id, s.consortium_id,
               {sign} * SUM(s.delta), {sign} * SUM(s.delta * s.record_key)
        FROM (
            SELECT d.day, {_mask("<=")} AS measures, c.prefecture, c.hr_type_id, c.consortium_id,
                   1 AS delta, k.record_key
            FROM {days} d JOIN {firsts} f ON f.person_id = d.person_id
            JOIN {counted_table} c ON c.person_id = d.person_id
            JOIN reports_recordkey k ON k.person_id = d.person_id
            UNION ALL
            SELECT d.day, {_mask("<")}, c.prefecture, c.hr_type_id, c.consortium_id, -1, k.record_key
            FROM {days} d JOIN {firsts} f ON f.person_id = d.person_id
            JOIN {counted_table} c ON c.person_id = d.person_id
            JOIN reports_recordkey k ON k.person_id = d.person_id
            WHERE {_mask("<")} > 0
        ) s
        GROUP BY s.day, s.measures, s.prefecture, s.hr_type_id, s.consortium_id {upsert}""",
    ]


def firsts_columns_sql() -> str:
    """Column definitions of the temporary table of first days per measure."""
    return "person_id bigint PRIMARY KEY, " + ", ".join(f"d{bit} date" for bit in MEASURE_SOURCES)


DAYS_COLUMNS = "person_id bigint, day date"


def head_counts_rebuild_statements(*, day_sql: str) -> list[str]:
    """Refill the head-count table from consortia.HeadCount (rows of events that have ended by the
    time given as the one parameter of the second statement).

    `day_sql` turns ev.ends_at into the Japanese calendar day (reports.rollup._day)."""
    return [
        "DELETE FROM reports_headcountprogress",
        f"""INSERT INTO reports_headcountprogress
            (day, consortium_id, prefecture, audience, persons, "groups", key_sum)
        SELECT {day_sql}, pr.consortium_id, ev.prefecture, h.audience, SUM(h.persons),
               SUM(COALESCE(h."groups", 0)), SUM(h.record_key)
        FROM consortia_headcount h
        JOIN consortia_event ev ON ev.id = h.event_id
        JOIN consortia_programme pr ON pr.id = ev.programme_id
        WHERE ev.ends_at <= %s
        GROUP BY {day_sql}, pr.consortium_id, ev.prefecture, h.audience""",
    ]
