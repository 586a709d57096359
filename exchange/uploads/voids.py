"""Voids: withdrawing records the provider sent before (completions by upload or xAPI, exam passes
by upload), by the provider's record id, with a reason."""

import time
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Provider
from learners.models import ExamPass, ExternalCompletion
from learners.services import exam_passes_void, external_completions_void

from ..models import ProviderCredential, UploadBatch, UploadWaitingRow
from .files import SLICE, Checked, UploadRefused, batch_record, checksum_and_kind, open_rows, refuse_oversize

VOID_COLUMNS = ("record_id", "reason")


def upload_voids(
    *, provider: Provider, file: IO[bytes], file_name: str, size: int, uploaded_by: User | None = None,
    credential: ProviderCredential | None = None,
) -> UploadBatch:  # fmt: skip
    """Void records the provider sent before (by its record id, with a reason): checked whole first
    (every record must exist for this provider, none twice in the file), then applied in one
    transaction or not at all. Voided completions stop counting at the next rollup; a voided exam
    pass is deleted (the weekly full rollup drops it), so voiding it again names an unknown record;
    a waiting row is removed. Voiding a completion voided before changes nothing and is counted as
    such."""
    refuse_oversize(size)
    started = time.perf_counter()
    checksum, kind = checksum_and_kind(file)
    batch = UploadBatch(
        provider=provider, kind=UploadBatch.Kind.VOIDS, uploaded_by=uploaded_by, credential=credential,
        file_name=file_name[:255], size_bytes=size, checksum=checksum, file_format=kind,
    )  # fmt: skip
    checked = Checked(good=Path(), checksum=checksum, file_format=kind)
    rows = open_rows(file, checked)
    batch.encoding = checked.encoding
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
    for start in range(0, len(ids), SLICE):
        part = ids[start : start + SLICE]
        for model in (ExternalCompletion, ExamPass, UploadWaitingRow):
            known |= set(
                model.objects.filter(provider=provider, record_id__in=part).values_list(
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
                for start in range(0, len(record_ids), SLICE):
                    part = record_ids[start : start + SLICE]
                    batch.rows_stored += external_completions_void(
                        provider=provider, record_ids=part, reason=reason
                    )
                    batch.rows_stored += exam_passes_void(provider=provider, record_ids=part, reason=reason)
                    batch.rows_stored += UploadWaitingRow.objects.filter(
                        provider=provider, record_id__in=part
                    ).delete()[0]
        # A record id a provider used for both a completion and an exam pass voids both.
        batch.rows_existing = max(0, len(voids) - batch.rows_stored)
        batch.outcome = UploadBatch.Outcome.STORED if batch.rows_stored else UploadBatch.Outcome.NOTHING_NEW
    batch_record(batch, checked, started)
    return batch
