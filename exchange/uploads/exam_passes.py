"""IPA exam passes by file (issue #12): a provider (or the exam body) reports the passes of its
learners: record_id, email or learner_id, exam (a code of the platform's IPA exam catalogue),
passed_on, certificate_number. Read, checked and reported like completions; stored whole or not at
all, keyed by (provider, record id), and one pass per learner and exam.

Stored through the ORM on every database: exam files are small (a few thousand rows, one line per
person who passed), so the good rows are read back in slices of 5,000 as on SQLite's completion
path; no COPY and staging table are needed.
"""

import csv
import datetime
import itertools
from pathlib import Path
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Provider
from learners.models import Exam, ExamPass, ExternalCompletion
from learners.services import ReportedExamPass, exam_passes_record

from ..models import ProviderCredential, UploadBatch, UploadWaitingRow
from .files import (
    SLICE,
    Checked,
    check_rows,
    day_fault,
    fresh_slices,
    person_fault,
    upload_checked,
)

EXAM_PASS_COLUMNS = ("record_id", "email", "learner_id", "exam", "passed_on", "certificate_number")
EXAM_PASS_REQUIRED = ("record_id", "exam", "passed_on")


def check_exam_passes(*, provider: Provider, file: IO[bytes], folder: Path) -> Checked:
    """Validate an exam-pass file row by row (nothing is written to the database); the good rows go
    to a temporary CSV in `folder`: row, record id, e-mail, learner id, exam id, passed on,
    certificate number. A record id this provider gave a completion is an error (one provider's
    record ids name one record each, which voids rely on)."""
    exams = {exam.code.upper(): exam for exam in Exam.objects.all()}
    today = timezone.localdate()
    checked = check_rows(
        file=file, folder=folder, columns=EXAM_PASS_COLUMNS, required=EXAM_PASS_REQUIRED,
        fault=lambda values: _check_row(values, exams=exams, today=today),
        good=lambda number, values: [
            number, values["record_id"], values["email"].lower(), values["learner_id"],
            exams[values["exam"].upper()].pk, values["passed_on"], values["certificate_number"],
        ],
        seen=set(),
    )  # fmt: skip
    try:
        _check_record_ids_are_not_completions(provider=provider, checked=checked)
    except BaseException:
        checked.good.unlink(missing_ok=True)
        raise
    return checked


def _check_row(
    values: dict[str, str], *, exams: dict[str, Exam], today: datetime.date
) -> tuple[str, str] | None:
    """(column, reason) of the row's first fault, or None."""
    fault = person_fault(values)
    if fault is not None:
        return fault
    code = values["exam"]
    if not code:
        return "exam", _("The exam code is required.")
    exam = exams.get(code.upper())
    if exam is None:
        return "exam", _("No IPA exam has the code %(value)s.") % {"value": code[:20]}
    text = values["passed_on"]
    fault = day_fault("passed_on", text, today=today)
    if fault is not None:
        return fault
    if not exam.held_on(datetime.date.fromisoformat(text)):
        return "passed_on", _("The exam %(exam)s was not held on %(value)s.") % {
            "exam": exam.code,
            "value": text,
        }
    if len(values["certificate_number"]) > 40:
        return "certificate_number", _("The certificate number is longer than 40 characters.")
    return None


def _check_record_ids_are_not_completions(*, provider: Provider, checked: Checked) -> None:
    """A good row whose record id this provider used for a completion (stored or waiting) is an error."""
    with checked.good.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        while part := list(itertools.islice(reader, SLICE)):
            ids = [row[1] for row in part]
            taken = set(
                ExternalCompletion.objects.filter(provider=provider, record_id__in=ids).values_list(
                    "record_id", flat=True
                )
            ) | set(
                UploadWaitingRow.objects.filter(
                    provider=provider, kind=UploadWaitingRow.Kind.COMPLETIONS, record_id__in=ids
                ).values_list("record_id", flat=True)
            )
            for row in part:
                if row[1] in taken:
                    checked.error(
                        int(row[0]),
                        "record_id",
                        _("The record id %(id)s names a course completion this provider sent.")
                        % {"id": row[1]},
                    )


def upload_exam_passes(
    *, provider: Provider, file: IO[bytes], file_name: str, size: int, uploaded_by: User | None = None,
    credential: ProviderCredential | None = None,
) -> UploadBatch:  # fmt: skip
    """Check an exam-pass file, then store it whole or not at all; the batch says what happened.

    Idempotent by (provider, record id): rows stored before are counted, not stored again; so is a
    row for a learner who already holds a pass of that exam (the earlier pass stays). Rows for people
    not yet registered wait (UploadWaitingRow). Raises UploadRefused only for a file that cannot be
    read at all (size, encoding, header); bad rows are recorded as the batch's errors.
    """
    return upload_checked(
        kind=UploadBatch.Kind.EXAM_PASSES,
        check=check_exam_passes,
        store=_store,
        provider=provider,
        file=file,
        file_name=file_name,
        size=size,
        uploaded_by=uploaded_by,
        credential=credential,
    )


def _store(batch: UploadBatch, checked: Checked, size: int = SLICE) -> None:
    """Store the good rows through the ORM, `size` rows at a time (inside the caller's transaction)."""
    provider = batch.provider
    for existing, fresh, matches in fresh_slices(
        checked=checked, provider=provider, stored=ExamPass, size=size
    ):
        batch.rows_existing += existing
        reported, waiting = [], []
        for _number, record_id, email, learner_ref, exam_id, passed_on, certificate_number in fresh:
            learner_id = matches.by_email.get(email) or matches.by_account.get(learner_ref)
            day = datetime.date.fromisoformat(passed_on)
            if learner_id is None:
                waiting.append(
                    UploadWaitingRow(
                        batch=batch,
                        provider=provider,
                        kind=UploadWaitingRow.Kind.EXAM_PASSES,
                        record_id=record_id,
                        email=email,
                        learner_ref=learner_ref,
                        exam_id=int(exam_id),
                        passed_on=day,
                        certificate_number=certificate_number,
                    )
                )
            else:
                reported.append(
                    ReportedExamPass(
                        learner_id=learner_id,
                        exam_id=int(exam_id),
                        record_id=record_id,
                        passed_on=day,
                        certificate_number=certificate_number,
                    )
                )
        stored = exam_passes_record(provider=provider, passes=reported)
        batch.rows_stored += stored
        batch.rows_existing += len(reported) - stored  # the learner holds a pass of that exam already
        UploadWaitingRow.objects.bulk_create(waiting, ignore_conflicts=True)
        batch.rows_waiting += len(waiting)
    batch.save()
