"""Reading an uploaded file and the all-or-nothing flow every kind of row shares: the size limit
before reading, encoding detection (UTF-8, UTF-8 with a BOM, Shift_JIS/cp932) over the whole file
as a stream, XLSX through openpyxl's read-only mode, the header check that names a missing or
misspelt column, the checks of the person and date columns, and recording the batch and its errors.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Provider

from ..models import ProviderCredential, UploadBatch, UploadError

EARLIEST = datetime.date(2000, 1, 1)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
MAX_ERRORS_KEPT = 1000  # the error report keeps this many; the count is exact
NOON_JST = datetime.time(12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
CHUNK = 1 << 20
SLICE = 5000  # rows per query when storing through the ORM


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


def refuse_oversize(size: int) -> None:
    """Refuse a file over EXCHANGE_UPLOAD_MAX_BYTES before a byte of it is read."""
    if size > settings.EXCHANGE_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; uploads are limited to %(limit)s MB.")
            % {"size": -(-size // 2**20), "limit": settings.EXCHANGE_UPLOAD_MAX_BYTES // 2**20}
        )


def checksum_and_kind(file: IO[bytes]) -> tuple[str, str]:
    """One pass over the bytes: SHA-256, and whether it is an XLSX (a ZIP) or text."""
    digest = hashlib.sha256()
    file.seek(0)
    head = file.read(4)
    digest.update(head)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest(), "xlsx" if head == b"PK\x03\x04" else "csv"


def detect_encoding(file: IO[bytes]) -> tuple[str, str]:
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


def csv_rows(file: IO[bytes], codec: str) -> Iterator[list[str]]:
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


def xlsx_rows(file: IO[bytes]) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
        book.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
        raise UploadRefused(_("The XLSX file cannot be read (is it complete?).")) from error


def open_rows(file: IO[bytes], checked: Checked) -> Iterator[list[str]]:
    """The file's rows as lists of strings, CSV or XLSX; the encoding is detected and noted."""
    if checked.file_format == "xlsx":
        checked.encoding = ""
        return xlsx_rows(file)
    codec, checked.encoding = detect_encoding(file)
    return csv_rows(file, codec)


def header(names: list[str], *, columns: tuple[str, ...], required: tuple[str, ...]) -> dict[str, int]:
    """Column positions by name; a missing or misspelt column refuses the file, naming it. Every
    kind of row that names a person needs an email or a learner_id column."""
    clean = [name.strip().lower() for name in names]
    while clean and clean[-1] == "":
        clean.pop()
    unknown = [name for name in clean if name not in columns]
    if unknown:
        raise UploadRefused(
            _("Row 1: the column %(name)s is not one of %(columns)s.")
            % {"name": unknown[0] or '""', "columns": ", ".join(columns)},
            column=unknown[0],
        )
    missing = [name for name in required if name not in clean]
    if missing:
        raise UploadRefused(
            _("Row 1: the column %(name)s is missing.") % {"name": missing[0]}, column=missing[0]
        )
    if "email" not in clean and "learner_id" not in clean:
        raise UploadRefused(_("Row 1: give an email or a learner_id column."), column="email")
    if len(set(clean)) != len(clean):
        raise UploadRefused(_("Row 1: a column appears twice."))
    return {name: index for index, name in enumerate(clean)}


def values_of(
    rows: Iterator[list[str]], columns: dict[str, int], names: tuple[str, ...], checked: Checked
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, stripped cell by column name) of every row that is not blank; counts them."""
    width = max(columns.values()) + 1
    get = {name: columns.get(name) for name in names}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        checked.rows_total += 1
        if len(row) < width:
            row = row + [""] * (width - len(row))
        yield number, {name: (row[i].strip() if i is not None else "") for name, i in get.items()}


# --- Checking the columns kinds of rows share ---------------------------------------------------


def person_fault(values: dict[str, str]) -> tuple[str, str] | None:
    """(column, reason) of the first fault in the NUL-free, record id and person columns, or None."""
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
    return None


def day_fault(column: str, text: str, *, today: datetime.date) -> tuple[str, str] | None:
    """(column, reason) unless `text` is a YYYY-MM-DD day from 2000 to today."""
    try:
        day = datetime.date.fromisoformat(text) if DATE_RE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        return column, _("%(value)s is not a date (YYYY-MM-DD).") % {"value": text[:20]}
    if day > today:
        return column, _("The date %(value)s is in the future.") % {"value": text}
    if day < EARLIEST:
        return column, _("The date %(value)s is before 2000.") % {"value": text}
    return None


# --- Storing ------------------------------------------------------------------------------------


class CheckStep(Protocol):
    def __call__(self, *, provider: Provider, file: IO[bytes], folder: Path) -> Checked: ...


def upload_checked(
    *, kind: str, check: CheckStep, store: Callable[[UploadBatch, Checked], None], provider: Provider,
    file: IO[bytes], file_name: str, size: int, uploaded_by: User | None, credential: ProviderCredential | None,
) -> UploadBatch:  # fmt: skip
    """Check a file with `check`, then store its good rows with `store` only if no row is bad, in
    one transaction; record the batch and its errors either way. `store` may find more errors
    (duplicates found in SQL): then nothing of the file is kept."""
    refuse_oversize(size)
    started = time.perf_counter()
    checked = check(provider=provider, file=file, folder=Path(tempfile.gettempdir()))
    batch = UploadBatch(
        provider=provider, kind=kind, uploaded_by=uploaded_by, credential=credential,
        file_name=file_name[:255], size_bytes=size, checksum=checked.checksum, file_format=checked.file_format,
        encoding=checked.encoding, rows_total=checked.rows_total, rows_invalid=checked.error_count,
    )  # fmt: skip
    try:
        if checked.error_count == 0 and checked.rows_good:
            with transaction.atomic():
                batch.outcome = UploadBatch.Outcome.STORED
                batch.save()
                store(batch, checked)
                if checked.error_count:  # found while storing: nothing of the file is kept
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
        batch_record(batch, checked, started)
    finally:
        checked.good.unlink(missing_ok=True)
    return batch


def batch_record(batch: UploadBatch, checked: Checked, started: float) -> None:
    """Save the batch (with its time) and the errors kept, in one transaction."""
    batch.seconds = round(time.perf_counter() - started, 3)
    with transaction.atomic():
        batch.save()
        UploadError.objects.bulk_create(
            UploadError(batch=batch, row=row, column=column, reason=reason[:300])
            for row, column, reason in checked.errors
        )


def fresh_slices(
    *, checked: Checked, provider: Provider, stored: Any, size: int
) -> Iterator[tuple[int, list[list[str]], Any]]:
    """The good rows of a checked file, `size` at a time, without those stored before (in `stored`,
    the model the kind is kept in, or waiting): (how many were stored before, the fresh rows, the
    learners they match by e-mail or the provider's learner id). For the ORM paths."""
    from learners.selectors import learners_match

    from ..models import UploadWaitingRow

    with checked.good.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        while part := list(itertools.islice(reader, size)):
            ids = [row[1] for row in part]
            existing: set[str] = set()
            for model in (stored, UploadWaitingRow):
                existing |= set(
                    model.objects.filter(provider=provider, record_id__in=ids).values_list(
                        "record_id", flat=True
                    )
                )
            fresh = [row for row in part if row[1] not in existing]
            matches = learners_match(
                provider=provider,
                emails={row[2] for row in fresh if row[2]},
                digests=set(),
                account_names={row[3] for row in fresh if row[3]},
            )
            yield len(existing), fresh, matches


def check_rows(
    *,
    file: IO[bytes],
    folder: Path,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    fault: Callable[[dict[str, str]], tuple[str, str] | None],
    good: Callable[[int, dict[str, str]], list[Any]],
    seen: set[str] | None,
) -> Checked:
    """The check every kind of row shares: read the file as a stream, refuse a file that cannot be
    read or has a bad header, record each bad row's first fault (`fault`: (column, reason) or None;
    a record id twice in the file, when `seen` is given), and write `good(number, values)` for each
    good row to a temporary CSV in `folder`. Nothing touches the database; a file refused whole
    leaves no temporary file behind."""
    checksum, kind = checksum_and_kind(file)
    # Closed in the finally below; kept (delete=False) for the store step, which removes it.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", newline="", encoding="utf-8", suffix=".csv", dir=folder, delete=False
    )
    checked = Checked(good=Path(handle.name), checksum=checksum, file_format=kind)
    writer = csv.writer(handle)
    try:
        rows = open_rows(file, checked)
        first = next(rows, None)
        if first is None:
            raise UploadRefused(_("The file is empty."))
        positions = header(first, columns=columns, required=required)
        for number, values in values_of(rows, positions, columns, checked):
            bad = fault(values)
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
            writer.writerow(good(number, values))
    except BaseException:
        checked.good.unlink(missing_ok=True)
        raise
    finally:
        handle.close()
    return checked
