"""Bulk reporting by file (issue #12): the completions and IPA exam passes a provider uploads as
CSV or XLSX, and voids of records sent before.

Every kind is read the same way (`files`: size limit before reading, the encoding detected and
named, XLSX read-only, the header checked naming the column) and stored the same way: validated
row by row outside any transaction, each bad row named by row, column and reason, and only a file
without a single bad row stored, in one short transaction, idempotent by (provider, record id).
Rows for people not registered yet wait (`waiting`). Modules: `completions` (COPY and set-based
SQL on PostgreSQL), `exam_passes` (ORM in slices: exam files are small), `voids`, `waiting`.
Everything public is importable from here.
"""

from ..models import UploadBatch
from .completions import COMPLETION_COLUMNS, REQUIRED_COLUMNS, RESULTS, check_completions, upload_completions
from .exam_passes import EXAM_PASS_COLUMNS, EXAM_PASS_REQUIRED, check_exam_passes, upload_exam_passes
from .files import CHUNK, EARLIEST, MAX_ERRORS_KEPT, NOON_JST, Checked, UploadRefused
from .voids import VOID_COLUMNS, upload_voids
from .waiting import waiting_rows_assign, waiting_uploads_match_email

UPLOADERS = {
    UploadBatch.Kind.COMPLETIONS: upload_completions,
    UploadBatch.Kind.EXAM_PASSES: upload_exam_passes,
    UploadBatch.Kind.VOIDS: upload_voids,
}

__all__ = [
    "CHUNK",
    "COMPLETION_COLUMNS",
    "EARLIEST",
    "EXAM_PASS_COLUMNS",
    "EXAM_PASS_REQUIRED",
    "MAX_ERRORS_KEPT",
    "NOON_JST",
    "REQUIRED_COLUMNS",
    "RESULTS",
    "UPLOADERS",
    "VOID_COLUMNS",
    "Checked",
    "UploadRefused",
    "check_completions",
    "check_exam_passes",
    "upload_completions",
    "upload_exam_passes",
    "upload_voids",
    "waiting_rows_assign",
    "waiting_uploads_match_email",
]
