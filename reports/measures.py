"""The rollup's measure tables (issue #12): who is reached by which policy measure, and head-counts.

`reports.rollup` calls these inside its one transaction:

- `measure_steps_statements` adds (sign=1) or subtracts (sign=-1) people's steps to
  `reports_measureprogress`: for each person, the days they were first reached by each measure, and
  on each such day the measures they had after it and before it (reports.models.MeasureProgress).
  An incremental run subtracts the changed people's steps as stored before it touches their
  qualifications, and adds them again afterwards; a full rebuild adds everyone's into an empty table.
- `head_counts_rebuild_statements` refill `reports_headcountprogress` from consortia.HeadCount (a small table:
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


def _mask(op: str, day: str) -> str:
    """SQL for the bits of the measures a person had reached on (op "<=") or before (op "<") `day`."""
    return " + ".join(f"(CASE WHEN f.d{bit} {op} {day} THEN {bit} ELSE 0 END)" for bit in MEASURE_SOURCES)


def measure_steps_select(
    *,
    sign: int,
    people_table: str | None,
    qualification_table: str = "reports_qualification",
    counted_table: str = "reports_countedperson",
) -> str:
    """The measure steps (+1 or -1 times `sign`) of the counted people (only those in
    `people_table` when given), one row per cell: MEASURE_COLUMNS, people, key_sum.

    One pass over the qualifications: each person's first day per measure with their counted
    dimensions and record key (`firsts`, joined once), then one row per distinct first day carrying
    the measures had on it and before it (a measure whose first day repeats an earlier measure's is
    left out: that day is there already), doubled into the +1 and -1 steps. (An earlier version went
    through two temporary tables and joined every day back to the person twice: with the refill of
    the table it was half of a national full rebuild, issue #9.)
    """
    where = f"WHERE q.person_id IN (SELECT person_id FROM {people_table})" if people_table else ""
    bits = [int(bit) for bit in MEASURE_SOURCES]

    def day_of(bit: int) -> str:
        earlier = "".join(f" AND (f.d{a} IS NULL OR f.d{a} <> f.d{bit})" for a in bits[: bits.index(bit)])
        return f"""SELECT f.d{bit} AS day, {_mask("<=", f"f.d{bit}")} AS had, {_mask("<", f"f.d{bit}")} AS before,
               f.prefecture, f.hr_type_id, f.consortium_id, f.record_key
        FROM firsts f WHERE f.d{bit} IS NOT NULL{earlier}"""

    return f"""WITH firsts AS (
            SELECT a.*, c.prefecture, c.hr_type_id, c.consortium_id, k.record_key
            FROM (SELECT q.person_id, {_firsts_columns()} FROM {qualification_table} q {where}
                  GROUP BY q.person_id) a
            JOIN {counted_table} c ON c.person_id = a.person_id
            JOIN reports_recordkey k ON k.person_id = a.person_id
        ), days AS ({" UNION ALL ".join(day_of(bit) for bit in bits)}
        ), steps AS (
            SELECT s.day, CASE WHEN v.delta = 1 THEN s.had ELSE s.before END AS measures,
                   s.prefecture, s.hr_type_id, s.consortium_id, v.delta, s.record_key
            FROM days s CROSS JOIN (SELECT 1 AS delta UNION ALL SELECT -1) v
            WHERE v.delta = 1 OR s.before > 0
        )
        SELECT day, measures, prefecture, hr_type_id, consortium_id,
               {sign} * SUM(delta) AS people, {sign} * SUM(delta * record_key) AS key_sum
        FROM steps WHERE true
        GROUP BY day, measures, prefecture, hr_type_id, consortium_id"""


def measure_steps_statements(
    *,
    sign: int,
    people_table: str | None,
    qualification_table: str = "reports_qualification",
    counted_table: str = "reports_countedperson",
    target: str = "reports_measureprogress",
    upsert: bool,
) -> list[str]:
    """The statements that add (sign 1) or subtract (sign -1) the measure steps of the counted
    people (only those in `people_table` when given) to `target` (measure_steps_select).

    With `upsert` (an incremental run) the insert adds to existing cells; without, `target` must be
    empty (a rebuild fills a new table,
    reports.rollup._swap_in). (The WHERE of the select lets SQLite tell the upsert's ON CONFLICT
    from a join's ON.)
    """
    conflict = (
        f"ON CONFLICT ({MEASURE_COLUMNS}) DO UPDATE SET people = {target}.people + excluded.people, "
        f"key_sum = {target}.key_sum + excluded.key_sum"
        if upsert
        else ""
    )
    select = measure_steps_select(
        sign=sign,
        people_table=people_table,
        qualification_table=qualification_table,
        counted_table=counted_table,
    )
    return [f"INSERT INTO {target} ({MEASURE_COLUMNS}, people, key_sum) {select} {conflict}"]


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
