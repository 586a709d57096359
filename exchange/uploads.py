"""Bulk reporting by file (issue #12): the completions a provider uploads as CSV or XLSX.

The file is read as a stream, validated row by row outside any transaction, and its good rows are
written to a temporary CSV beside it; only a file without a single bad row is stored, in one short
transaction: on PostgreSQL by COPY into a staging table and set-based INSERT ... SELECT ... ON
CONFLICT DO NOTHING, keyed by (provider, record id), so the same file twice stores nothing new.
Memory stays flat: neither the file nor its rows are held whole (duplicate record ids are found in
SQL on PostgreSQL; in Python on SQLite, which serves first runs and small files).
"""

import codecs
import csv
import datetime
import hashlib
import io
import itertools
import re
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Course, Provider
from learners.models import ExternalCompletion
from learners.selectors import learners_match
from learners.services import (
    ReportedCompletion,
    external_completions_record,
    external_completions_void,
    learner_account_link,
)

from .models import ProviderCredential, UploadBatch, UploadError, UploadWaitingRow

COMPLETION_COLUMNS = ("record_id", "email", "learner_id", "course", "completed_on", "score", "result")
REQUIRED_COLUMNS = ("record_id", "course", "completed_on")
RESULTS = ("", "completed", "passed")
EARLIEST = datetime.date(2000, 1, 1)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
MAX_ERRORS_KEPT = 1000  # the error report keeps this many; the count is exact
NOON_JST = datetime.time(12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
CHUNK = 1 << 20


class UploadRefused(Exception):  # noqa: N818  (an answer)
    """The file as a whole cannot be read (size, encoding, format, header)."""

    def __init__(self, message: str, *, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass
class Checked:
    """What reading a file found: the good rows (in a temporary CSV), the errors, the facts."""

    good: Path
    rows_total: int = 0
    rows_good: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    error_count: int = 0
    encoding: str = ""
    file_format: str = "csv"
    checksum: str = ""

    def error(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, column, reason))


# --- Reading ------------------------------------------------------------------------------------


def _checksum_and_kind(file: IO[bytes]) -> tuple[str, str]:
    """One pass over the bytes: SHA-256, and whether it is an XLSX (a ZIP) or text."""
    digest = hashlib.sha256()
    file.seek(0)
    head = file.read(4)
    digest.update(head)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest(), "xlsx" if head == b"PK\x03\x04" else "csv"


def _detect_encoding(file: IO[bytes]) -> tuple[str, str]:
    """(codec, name): UTF-8 with a BOM, UTF-8 or Shift_JIS (cp932), checked over the whole file
    with incremental decoders (a stream: the file is never held whole)."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadRefused(_("The file is in UTF-16; save it as CSV in UTF-8 or Shift_JIS."))
    if head.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8 (BOM)")]
    else:
        candidates = [("utf-8", "UTF-8"), ("cp932", "Shift_JIS (cp932)")]
    for codec, name in candidates:
        decoder = codecs.getincrementaldecoder(codec)()
        file.seek(0)
        try:
            while chunk := file.read(CHUNK):
                if b"\x00" in chunk:
                    raise UnicodeDecodeError(codec, chunk, 0, 1, "NUL byte")
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        file.seek(0)
        return codec, name
    raise UploadRefused(_("The file is neither UTF-8 nor Shift_JIS (cp932); save it as CSV in one of them."))


def _csv_rows(file: IO[bytes], codec: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(file, encoding=codec, newline="")
    try:
        yield from csv.reader(text)
    except csv.Error as error:
        raise UploadRefused(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    finally:
        text.detach()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(file: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
        book.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
        raise UploadRefused(_("The XLSX file cannot be read (is it complete?).")) from error


def _header(names: list[str]) -> dict[str, int]:
    """Column positions by name; a missing or misspelt column refuses the file, naming it."""
    clean = [name.strip().lower() for name in names]
    while clean and clean[-1] == "":
        clean.pop()
    unknown = [name for name in clean if name not in COMPLETION_COLUMNS]
    if unknown:
        raise UploadRefused(
            _("Row 1: the column %(name)s is not one of %(columns)s.")
            % {"name": unknown[0] or '""', "columns": ", ".join(COMPLETION_COLUMNS)},
            column=unknown[0],
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in clean]
    if missing:
        raise UploadRefused(
            _("Row 1: the column %(name)s is missing.") % {"name": missing[0]}, column=missing[0]
        )
    if "email" not in clean and "learner_id" not in clean:
        raise UploadRefused(_("Row 1: give an email or a learner_id column."), column="email")
    if len(set(clean)) != len(clean):
        raise UploadRefused(_("Row 1: a column appears twice."))
    return {name: index for index, name in enumerate(clean)}


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
    scaled score."""
    checksum, kind = _checksum_and_kind(file)
    # Closed in the finally below; kept (delete=False) for the store step, which removes it.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", newline="", encoding="utf-8", suffix=".csv", dir=folder, delete=False
    )
    checked = Checked(good=Path(handle.name), checksum=checksum, file_format=kind)
    if kind == "xlsx":
        rows = _xlsx_rows(file)
        checked.encoding = ""
    else:
        codec, checked.encoding = _detect_encoding(file)
        rows = _csv_rows(file, codec)
    writer = csv.writer(handle)
    courses = _course_index(provider)
    today = timezone.localdate()
    seen: set[str] | None = set() if connection.vendor != "postgresql" else None
    try:
        header = next(rows, None)
        if header is None:
            raise UploadRefused(_("The file is empty."))
        columns = _header(header)
        width = max(columns.values()) + 1
        get = {name: columns.get(name) for name in COMPLETION_COLUMNS}
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            checked.rows_total += 1
            if len(row) < width:
                row = row + [""] * (width - len(row))
            values = {name: (row[i].strip() if i is not None else "") for name, i in get.items()}
            bad = _check_row(values, courses=courses, provider=provider, today=today)
            if bad is None and seen is not None:
                if values["record_id"] in seen:
                    bad = (
                        "record_id",
                        _("The record id %(id)s appears twice in this file.") % {"id": values["record_id"]},
                    )
                seen.add(values["record_id"])
            if bad is not None:
                checked.error(number, *bad)
                continue
            checked.rows_good += 1
            day = datetime.date.fromisoformat(values["completed_on"])
            score = values["score"]
            writer.writerow([
                number, values["record_id"], values["email"].lower(), values["learner_id"],
                courses[values["course"]][0], datetime.datetime.combine(day, NOON_JST).isoformat(),
                "" if score == "" else str(round(Decimal(score) / 100, 4)),
            ])  # fmt: skip
    finally:
        handle.close()
    return checked


def _check_row(
    values: dict[str, str], *, courses: dict[str, tuple[int, int]], provider: Provider, today: datetime.date
) -> tuple[str, str] | None:
    """(column, reason) of the row's first fault, or None."""
    for name, value in values.items():
        if "\x00" in value:
            return name, _("contains a NUL character.")
    record_id = values["record_id"]
    if not record_id:
        return "record_id", _("The record id is required.")
    if len(record_id) > 100:
        return "record_id", _("The record id is longer than 100 characters.")
    email, learner_id = values["email"], values["learner_id"]
    if not email and not learner_id:
        return "email", _("Give the learner's e-mail address or the learner id.")
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        return "email", _("%(value)s is not an e-mail address.") % {"value": email[:60]}
    if len(learner_id) > 100:
        return "learner_id", _("The learner id is longer than 100 characters.")
    course = courses.get(values["course"])
    if course is None:
        return "course", _("No course has the slug or activity IRI %(value)s.") % {
            "value": values["course"][:80]
        }
    if course[1] != provider.pk:
        return "course", _("The course %(value)s belongs to another provider.") % {
            "value": values["course"][:80]
        }
    text = values["completed_on"]
    try:
        day = datetime.date.fromisoformat(text) if DATE_RE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        return "completed_on", _("%(value)s is not a date (YYYY-MM-DD).") % {"value": text[:20]}
    if day > today:
        return "completed_on", _("The date %(value)s is in the future.") % {"value": text}
    if day < EARLIEST:
        return "completed_on", _("The date %(value)s is before 2000.") % {"value": text}
    score = values["score"]
    if score:
        try:
            number = Decimal(score)
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= 100:
            return "score", _("The score must be a number from 0 to 100.")
    if values["result"].lower() not in RESULTS:
        return "result", _("The result must be completed or passed (or empty).")
    return None


# --- Storing ------------------------------------------------------------------------------------


def upload_completions(
    *, provider: Provider, file: IO[bytes], file_name: str, size: int, uploaded_by: User | None = None,
    credential: ProviderCredential | None = None,
) -> UploadBatch:  # fmt: skip
    """Check a completions file, then store it whole or not at all; the batch says what happened.

    Idempotent by (provider, record id): rows stored before are counted, not stored again. Rows for
    people not yet registered wait (UploadWaitingRow). Raises UploadRefused only for a file that
    cannot be read at all (size, encoding, header); bad rows are recorded as the batch's errors.
    """
    if size > settings.EXCHANGE_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; uploads are limited to %(limit)s MB.")
            % {"size": -(-size // 2**20), "limit": settings.EXCHANGE_UPLOAD_MAX_BYTES // 2**20}
        )
    started = time.perf_counter()
    folder = Path(tempfile.gettempdir())
    checked = check_completions(provider=provider, file=file, folder=folder)
    batch = UploadBatch(
        provider=provider, kind=UploadBatch.Kind.COMPLETIONS, uploaded_by=uploaded_by, credential=credential,
        file_name=file_name[:255], size_bytes=size, checksum=checked.checksum, file_format=checked.file_format,
        encoding=checked.encoding, rows_total=checked.rows_total, rows_invalid=checked.error_count,
    )  # fmt: skip
    try:
        if checked.error_count == 0 and checked.rows_good:
            with transaction.atomic():
                batch.outcome = UploadBatch.Outcome.STORED
                batch.save()
                if connection.vendor == "postgresql":
                    _store_postgresql(batch, checked)
                else:
                    _store_python(batch, checked)
                if checked.error_count:  # duplicates found in SQL: nothing of the file is kept
                    transaction.set_rollback(True)
            if checked.error_count:
                batch.pk = None
                batch.rows_stored = batch.rows_existing = batch.rows_waiting = 0
                batch.rows_invalid = checked.error_count
        if checked.error_count or not checked.rows_good:
            batch.outcome = (
                UploadBatch.Outcome.REFUSED if checked.error_count else UploadBatch.Outcome.NOTHING_NEW
            )
        elif batch.rows_stored == 0 and batch.rows_waiting == 0:
            batch.outcome = UploadBatch.Outcome.NOTHING_NEW
        batch.seconds = round(time.perf_counter() - started, 3)
        with transaction.atomic():
            batch.save()
            UploadError.objects.bulk_create(
                UploadError(batch=batch, row=row, column=column, reason=reason[:300])
                for row, column, reason in checked.errors
            )
    finally:
        checked.good.unlink(missing_ok=True)
    return batch


STAGING = """
CREATE TEMPORARY TABLE upload_staging (
    row_no integer, record_id text, email text, learner_ref text, course_id bigint,
    completed_at timestamptz, score_scaled numeric(5, 4)
) ON COMMIT DROP
"""


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
        cursor.execute(
            """INSERT INTO exchange_uploadwaitingrow
                   (batch_id, provider_id, record_id, email, learner_ref, course_id, completed_at, score_scaled)
               SELECT %s, %s, m.record_id, COALESCE(m.email, ''), COALESCE(m.learner_ref, ''), m.course_id,
                      m.completed_at, m.score_scaled
               FROM upload_matched m
               WHERE m.learner_id IS NULL
                 AND NOT EXISTS (SELECT 1 FROM learners_externalcompletion x
                                 WHERE x.provider_id = %s AND x.record_id = m.record_id)
               ON CONFLICT (provider_id, record_id) DO NOTHING""",
            [batch.pk, provider_id, provider_id],
        )
        batch.rows_waiting = cursor.rowcount
    batch.save()


def _store_python(batch: UploadBatch, checked: Checked, size: int = 5000) -> None:
    """The same as on PostgreSQL through the ORM, in slices (SQLite: first runs, small files)."""
    provider = batch.provider
    with checked.good.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        while part := list(itertools.islice(reader, size)):
            ids = [row[1] for row in part]
            existing = set(
                ExternalCompletion.objects.filter(provider=provider, record_id__in=ids).values_list(
                    "record_id", flat=True
                )
            ) | set(
                UploadWaitingRow.objects.filter(provider=provider, record_id__in=ids).values_list(
                    "record_id", flat=True
                )
            )
            batch.rows_existing += len(existing)
            fresh = [row for row in part if row[1] not in existing]
            matches = learners_match(
                provider=provider,
                emails={row[2] for row in fresh if row[2]},
                digests=set(),
                account_names={row[3] for row in fresh if row[3]},
            )
            reported, waiting = [], []
            for _number, record_id, email, learner_ref, course_id, completed_at, score in fresh:
                learner_id = matches.by_email.get(email) or matches.by_account.get(learner_ref)
                when = datetime.datetime.fromisoformat(completed_at)
                scaled = Decimal(score) if score else None
                if learner_id is None:
                    waiting.append(UploadWaitingRow(batch=batch, provider=provider, record_id=record_id, email=email,
                                                    learner_ref=learner_ref, course_id=int(course_id), completed_at=when,
                                                    score_scaled=scaled))  # fmt: skip
                else:
                    reported.append(ReportedCompletion(learner_id=learner_id, course_id=int(course_id),
                                                       record_id=record_id, completed_at=when, score_scaled=scaled))  # fmt: skip
            batch.rows_stored += external_completions_record(
                provider=provider, channel=ExternalCompletion.Channel.UPLOAD, completions=reported
            )
            UploadWaitingRow.objects.bulk_create(waiting, ignore_conflicts=True)
            batch.rows_waiting += len(waiting)
    batch.save()


def _reported(row: UploadWaitingRow, learner_id: int) -> ReportedCompletion:
    return ReportedCompletion(
        learner_id=learner_id,
        course_id=row.course_id,
        record_id=row.record_id,
        completed_at=row.completed_at,
        score_scaled=row.score_scaled,
    )


def waiting_uploads_match_email(*, learner: User, email: str) -> int:
    """A learner verified `email`: their uploaded completions waiting for that address are recorded.
    Idempotent; returns how many."""
    with transaction.atomic():
        rows = list(
            UploadWaitingRow.objects.select_for_update()
            .filter(email=email.lower())
            .select_related("provider")
        )
        by_provider: dict[int, list[UploadWaitingRow]] = {}
        for row in rows:
            by_provider.setdefault(row.provider_id, []).append(row)
        for provider_rows in by_provider.values():
            external_completions_record(
                provider=provider_rows[0].provider,
                channel=ExternalCompletion.Channel.UPLOAD,
                completions=[_reported(row, learner.pk) for row in provider_rows],
            )
        UploadWaitingRow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def waiting_rows_assign(*, actor: User, rows: list[UploadWaitingRow], learner: User) -> int:
    """Provider staff (or a superuser) say who the person of waiting uploaded rows is; rows of a
    provider the actor does not serve are refused. For a provider's learner id the link is kept, so
    later uploads match it. Returns how many were recorded."""

    if learner.is_staff or learner.is_superuser or not learner.is_active:
        raise ValidationError({"learner": _("Choose an active learner account.")})
    with transaction.atomic():
        for row in rows:
            if not (actor.is_superuser or row.provider.staff.filter(pk=actor.pk).exists()):
                raise PermissionDenied
            if row.learner_ref:
                learner_account_link(provider=row.provider, account_name=row.learner_ref, learner=learner)
            external_completions_record(
                provider=row.provider,
                channel=ExternalCompletion.Channel.UPLOAD,
                completions=[_reported(row, learner.pk)],
            )
        UploadWaitingRow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


# --- Voids: withdrawing records sent before ---------------------------------------------------------

VOID_COLUMNS = ("record_id", "reason")


def upload_voids(
    *, provider: Provider, file: IO[bytes], file_name: str, size: int, uploaded_by: User | None = None,
    credential: ProviderCredential | None = None,
) -> UploadBatch:  # fmt: skip
    """Void records the provider sent before (by its record id, with a reason): checked whole first
    (every record must exist for this provider, none twice in the file), then applied in one
    transaction or not at all. Voided completions stop counting at the next rollup; a waiting row is
    removed. Voiding a record voided before changes nothing and is counted as such."""
    if size > settings.EXCHANGE_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; uploads are limited to %(limit)s MB.")
            % {"size": -(-size // 2**20), "limit": settings.EXCHANGE_UPLOAD_MAX_BYTES // 2**20}
        )
    started = time.perf_counter()
    checksum, kind = _checksum_and_kind(file)
    batch = UploadBatch(
        provider=provider, kind=UploadBatch.Kind.VOIDS, uploaded_by=uploaded_by, credential=credential,
        file_name=file_name[:255], size_bytes=size, checksum=checksum, file_format=kind,
    )  # fmt: skip
    if kind == "xlsx":
        rows = _xlsx_rows(file)
    else:
        codec, batch.encoding = _detect_encoding(file)
        rows = _csv_rows(file, codec)
    checked = Checked(good=Path(), checksum=checksum, file_format=kind, encoding=batch.encoding)
    header = next(rows, None)
    if header is None:
        raise UploadRefused(_("The file is empty."))
    names = [name.strip().lower() for name in header]
    for required in VOID_COLUMNS:
        if required not in names:
            raise UploadRefused(
                _("Row 1: the column %(name)s is missing.") % {"name": required}, column=required
            )
    position = {name: names.index(name) for name in VOID_COLUMNS}
    voids: dict[str, tuple[int, str]] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        checked.rows_total += 1
        row = row + [""] * (len(names) - len(row))
        record_id, reason = row[position["record_id"]].strip(), row[position["reason"]].strip()
        if not record_id or len(record_id) > 100 or "\x00" in record_id:
            checked.error(number, "record_id", _("The record id is required (at most 100 characters)."))
        elif not reason or len(reason) > 300 or "\x00" in reason:
            checked.error(number, "reason", _("Say why the record is voided (at most 300 characters)."))
        elif record_id in voids:
            checked.error(
                number, "record_id", _("The record id %(id)s appears twice in this file.") % {"id": record_id}
            )
        else:
            voids[record_id] = (number, reason)
    ids = list(voids)
    known: set[str] = set()
    for start in range(0, len(ids), 5000):
        part = ids[start : start + 5000]
        known |= set(
            ExternalCompletion.objects.filter(provider=provider, record_id__in=part).values_list(
                "record_id", flat=True
            )
        )
        known |= set(
            UploadWaitingRow.objects.filter(provider=provider, record_id__in=part).values_list(
                "record_id", flat=True
            )
        )
    for record_id, (number, _reason) in voids.items():
        if record_id not in known:
            checked.error(
                number, "record_id", _("No record %(id)s was sent by this provider.") % {"id": record_id}
            )
    batch.rows_total, batch.rows_invalid = checked.rows_total, checked.error_count
    if checked.error_count:
        batch.outcome = UploadBatch.Outcome.REFUSED
    else:
        with transaction.atomic():
            by_reason: dict[str, list[str]] = {}
            for record_id, (_number, reason) in voids.items():
                by_reason.setdefault(reason, []).append(record_id)
            for reason, record_ids in by_reason.items():
                for start in range(0, len(record_ids), 5000):
                    part = record_ids[start : start + 5000]
                    batch.rows_stored += external_completions_void(
                        provider=provider, record_ids=part, reason=reason
                    )
                    batch.rows_stored += UploadWaitingRow.objects.filter(
                        provider=provider, record_id__in=part
                    ).delete()[0]
        batch.rows_existing = len(voids) - batch.rows_stored
        batch.outcome = UploadBatch.Outcome.STORED if batch.rows_stored else UploadBatch.Outcome.NOTHING_NEW
    batch.seconds = round(time.perf_counter() - started, 3)
    with transaction.atomic():
        batch.save()
        UploadError.objects.bulk_create(
            UploadError(batch=batch, row=row, column=column, reason=reason[:300])
            for row, column, reason in checked.errors
        )
    return batch


UPLOADERS = {UploadBatch.Kind.COMPLETIONS: upload_completions, UploadBatch.Kind.VOIDS: upload_voids}
