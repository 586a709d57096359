"""Course completions by file (issue #12): checked row by row, the good rows written to a temporary
CSV; a file without a single bad row is stored in one short transaction: on PostgreSQL by COPY into
a staging table and set-based INSERT ... SELECT ... ON CONFLICT DO NOTHING, keyed by (provider,
record id), so the same file twice stores nothing new. Memory stays flat: neither the file nor its
rows are held whole (duplicate record ids are found in SQL on PostgreSQL; in Python on SQLite,
which serves first runs and small files)."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Course, Provider
from learners.models import ExternalCompletion
from learners.services import ReportedCompletion, external_completions_record

from ..models import ProviderCredential, UploadBatch, UploadWaitingRow
from .files import (
    CHUNK,
    MAX_ERRORS_KEPT,
    NOON_JST,
    SLICE,
    Checked,
    check_rows,
    day_fault,
    fresh_slices,
    person_fault,
    upload_checked,
)

COMPLETION_COLUMNS = ("record_id", "email", "learner_id", "course", "completed_on", "score", "result")
REQUIRED_COLUMNS = ("record_id", "course", "completed_on")
RESULTS = ("", "completed", "passed")


def _course_index(provider: Provider) -> dict[str, tuple[int, int]]:
    """Every course by slug and by activity IRI: (course id, provider id)."""
    index: dict[str, tuple[int, int]] = {}
    for course in Course.objects.only("pk", "slug", "uuid", "provider_id"):
        index[course.slug] = (course.pk, course.provider_id)
        index[course.activity_iri] = (course.pk, course.provider_id)
    return index


def check_completions(*, provider: Provider, file: IO[bytes], folder: Path) -> Checked:
    """Validate a completions file row by row (nothing is written to the database); the good rows
    go to a temporary CSV in `folder`: row, record id, e-mail, learner id, course id, completed at,
    scaled score. A file refused whole leaves no temporary file behind."""
    courses = _course_index(provider)
    # A file has a few hundred distinct dates and scores among a million rows: each is checked and
    # converted once (a third of the check's time went to parsing the same dates again).
    memo = _Memo(today=timezone.localdate())

    def good(number: int, values: dict[str, str]) -> list[object]:
        return [
            number, values["record_id"], values["email"].lower(), values["learner_id"],
            courses[values["course"]][0], memo.day_text(values["completed_on"]), memo.score_text(values["score"]),
        ]  # fmt: skip

    return check_rows(
        file=file, folder=folder, columns=COMPLETION_COLUMNS, required=REQUIRED_COLUMNS,
        fault=lambda values: _check_row(values, courses=courses, provider=provider, memo=memo),
        good=good,
        # Duplicates are found in SQL on PostgreSQL (memory flat); in Python on SQLite.
        seen=set() if connection.vendor != "postgresql" else None,
    )  # fmt: skip


MEMO_LIMIT = 10_000  # distinct values kept; a file of a million different dates stays flat in memory


class _Memo:
    """Each distinct date and score of a file, checked and converted once: (fault, CSV text)."""

    def __init__(self, *, today: datetime.date) -> None:
        self.today = today
        self.days: dict[str, tuple[tuple[str, str] | None, str]] = {}
        self.scores: dict[str, tuple[tuple[str, str] | None, str]] = {}

    def day(self, text: str) -> tuple[str, str] | None:
        found = self.days.get(text)
        if found is None:
            fault = day_fault("completed_on", text, today=self.today)
            moment = (
                ""
                if fault
                else datetime.datetime.combine(datetime.date.fromisoformat(text), NOON_JST).isoformat()
            )
            found = (fault, moment)
            if len(self.days) < MEMO_LIMIT:
                self.days[text] = found
        return found[0]

    def score(self, text: str) -> tuple[str, str] | None:
        found = self.scores.get(text)
        if found is None:
            found = _score(text)
            if len(self.scores) < MEMO_LIMIT:
                self.scores[text] = found
        return found[0]

    def day_text(self, text: str) -> str:
        return self.days[text][1] if text in self.days else self._convert_day(text)

    def score_text(self, text: str) -> str:
        return self.scores[text][1] if text in self.scores else _score(text)[1]

    @staticmethod
    def _convert_day(text: str) -> str:
        return datetime.datetime.combine(datetime.date.fromisoformat(text), NOON_JST).isoformat()


def _score(text: str) -> tuple[tuple[str, str] | None, str]:
    if not text:
        return None, ""
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        return ("score", _("The score must be a number from 0 to 100.")), ""
    return None, str(round(number / 100, 4))


def _check_row(
    values: dict[str, str], *, courses: dict[str, tuple[int, int]], provider: Provider, memo: _Memo
) -> tuple[str, str] | None:
    """(column, reason) of the row's first fault, or None."""
    fault = person_fault(values)
    if fault is not None:
        return fault
    course = courses.get(values["course"])
    if course is None:
        return "course", _("No course has the slug or activity IRI %(value)s.") % {
            "value": values["course"][:80]
        }
    if course[1] != provider.pk:
        return "course", _("The course %(value)s belongs to another provider.") % {
            "value": values["course"][:80]
        }
    fault = memo.day(values["completed_on"]) or memo.score(values["score"])
    if fault is not None:
        return fault
    if values["result"].lower() not in RESULTS:
        return "result", _("The result must be completed or passed (or empty).")
    return None


def upload_completions(
    *, provider: Provider, file: IO[bytes], file_name: str, size: int, uploaded_by: User | None = None,
    credential: ProviderCredential | None = None,
) -> UploadBatch:  # fmt: skip
    """Check a completions file, then store it whole or not at all; the batch says what happened.

    Idempotent by (provider, record id): rows stored before are counted, not stored again. Rows for
    people not yet registered wait (UploadWaitingRow). Raises UploadRefused only for a file that
    cannot be read at all (size, encoding, header); bad rows are recorded as the batch's errors.
    """
    return upload_checked(
        kind=UploadBatch.Kind.COMPLETIONS, check=check_completions, store=_store, provider=provider,
        file=file, file_name=file_name, size=size, uploaded_by=uploaded_by, credential=credential,
    )  # fmt: skip


def _store(batch: UploadBatch, checked: Checked) -> None:
    if connection.vendor == "postgresql":
        _store_postgresql(batch, checked)
    else:
        _store_python(batch, checked)


STAGING = """
CREATE TEMPORARY TABLE upload_staging (
    row_no integer, record_id text, email text, learner_ref text, course_id bigint,
    completed_at timestamptz, score_scaled numeric(5, 4)
) ON COMMIT DROP
"""


ANALYZE_AFTER_ROWS = 10_000


def _store_postgresql(batch: UploadBatch, checked: Checked) -> None:
    provider_id = batch.provider_id
    with connection.cursor() as cursor:
        # ON COMMIT DROP clears them after each upload; inside a caller's transaction (tests), drop here
        cursor.execute("DROP TABLE IF EXISTS upload_staging, upload_matched")
        cursor.execute(STAGING)
        with (
            checked.good.open("rb") as source,
            cursor.copy("COPY upload_staging FROM STDIN (FORMAT csv, NULL '')") as copy,
        ):
            while chunk := source.read(CHUNK):
                copy.write(chunk)
        # Autovacuum never analyses temporary tables: without statistics the planner takes the
        # staging table for a few rows and loops over it.
        cursor.execute("ANALYZE upload_staging")
        cursor.execute(
            "SELECT record_id, min(row_no), count(*) FROM upload_staging GROUP BY record_id HAVING count(*) > 1 "
            "ORDER BY min(row_no) LIMIT %s",
            [MAX_ERRORS_KEPT],
        )
        for record_id, _first, count in cursor.fetchall():
            checked.error_count += 1
            checked.errors.append((0, "record_id", _("The record id %(id)s appears %(count)s times in this file.")
                                   % {"id": record_id, "count": count}))  # fmt: skip
        if checked.error_count:
            return
        cursor.execute(
            """SELECT count(*) FROM upload_staging s WHERE EXISTS (
                   SELECT 1 FROM learners_externalcompletion x WHERE x.provider_id = %s AND x.record_id = s.record_id)
               OR EXISTS (SELECT 1 FROM exchange_uploadwaitingrow w WHERE w.provider_id = %s AND w.record_id = s.record_id)""",
            [provider_id, provider_id],
        )
        batch.rows_existing = cursor.fetchone()[0]
        cursor.execute(
            """CREATE TEMPORARY TABLE upload_matched ON COMMIT DROP AS
               SELECT s.*, COALESCE(em.user_id, li.learner_id) AS learner_id
               FROM upload_staging s
               LEFT JOIN (
                   SELECT DISTINCT ON (ea.email) ea.email, ea.user_id
                   FROM account_emailaddress ea JOIN core_user u ON u.id = ea.user_id
                   WHERE ea.verified AND u.is_active AND NOT u.is_staff AND NOT u.is_superuser
                     AND ea.email IN (SELECT email FROM upload_staging)
                   ORDER BY ea.email, ea.user_id
               ) em ON em.email = s.email
               LEFT JOIN learners_learneridentifier li
                      ON li.kind = 'account' AND li.provider_id = %s AND li.value = s.learner_ref AND s.learner_ref <> ''""",
            [provider_id],
        )
        cursor.execute("ANALYZE upload_matched")
        now = timezone.now()
        cursor.execute(
            """INSERT INTO learners_externalcompletion
                   (uuid, learner_id, provider_id, course_id, record_id, channel, completed_at, score_scaled,
                    status, dispute_reason, resolution_note, void_reason, created_at, updated_at)
               SELECT gen_random_uuid(), m.learner_id, %s, m.course_id, m.record_id, 'upload', m.completed_at,
                      m.score_scaled, 'counted', '', '', '', %s, %s
               FROM upload_matched m
               WHERE m.learner_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM exchange_uploadwaitingrow w
                                 WHERE w.provider_id = %s AND w.record_id = m.record_id)
               ON CONFLICT (provider_id, record_id) DO NOTHING""",
            [provider_id, now, now, provider_id],
        )
        batch.rows_stored = cursor.rowcount
        if batch.rows_stored > ANALYZE_AFTER_ROWS:
            # The anti-join below probes the rows just inserted: with statistics from before them
            # (an empty table, on a first big upload) the planner chose a nested loop over a
            # sequential scan and a 1,000,000-row file ran for over ten minutes.
            cursor.execute("ANALYZE learners_externalcompletion")
        cursor.execute(
            """INSERT INTO exchange_uploadwaitingrow
                   (batch_id, provider_id, kind, record_id, email, learner_ref, course_id, completed_at, score_scaled,
                    certificate_number)
               SELECT %s, %s, 'completions', m.record_id, COALESCE(m.email, ''), COALESCE(m.learner_ref, ''),
                      m.course_id, m.completed_at, m.score_scaled, ''
               FROM upload_matched m
               WHERE m.learner_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM learners_externalcompletion x
                                 WHERE x.provider_id = %s AND x.record_id = m.record_id)
               ON CONFLICT (provider_id, record_id) DO NOTHING""",
            [batch.pk, provider_id, provider_id],
        )
        batch.rows_waiting = cursor.rowcount
    batch.save()


def _store_python(batch: UploadBatch, checked: Checked, size: int = SLICE) -> None:
    """The same as on PostgreSQL through the ORM, in slices (SQLite: first runs, small files)."""
    provider = batch.provider
    for existing, fresh, matches in fresh_slices(
        checked=checked, provider=provider, stored=ExternalCompletion, size=size
    ):
        batch.rows_existing += existing
        reported, waiting = [], []
        for _number, record_id, email, learner_ref, course_id, completed_at, score in fresh:
            learner_id = matches.by_email.get(email) or matches.by_account.get(learner_ref)
            when = datetime.datetime.fromisoformat(completed_at)
            scaled = Decimal(score) if score else None
            if learner_id is None:
                waiting.append(UploadWaitingRow(batch=batch, provider=provider, record_id=record_id,
                                                kind=UploadWaitingRow.Kind.COMPLETIONS, email=email,
                                                learner_ref=learner_ref, course_id=int(course_id),
                                                completed_at=when, score_scaled=scaled))  # fmt: skip
            else:
                reported.append(ReportedCompletion(learner_id=learner_id, course_id=int(course_id),
                                                   record_id=record_id, completed_at=when, score_scaled=scaled))  # fmt: skip
        batch.rows_stored += external_completions_record(
            provider=provider, channel=ExternalCompletion.Channel.UPLOAD, completions=reported
        )
        UploadWaitingRow.objects.bulk_create(waiting, ignore_conflicts=True)
        batch.rows_waiting += len(waiting)
    batch.save()
