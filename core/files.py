"""The project's one writer of CSV and XLSX files, and the checks every uploaded file passes.

Reading: `decode_text` reads CSV bytes as UTF-8 with a BOM, UTF-8, or Shift_JIS (Windows' cp932,
what Excel in Japan saves as "CSV"), in that order, and says which it used; anything else is refused.

Writing (STYLE §13, OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is prefixed with a single quote, so no spreadsheet runs it as a formula, and
strings are written as strings (never parsed into formulas or numbers). Numbers stay numbers.
Files appear only complete: written to a temporary name beside the target, then renamed.
"""

import codecs
import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODINGS = (
    # (codec, name shown to people): tried in this order. UTF-8 first: a cp932 file is almost never
    # valid UTF-8, while many UTF-8 files would decode as cp932 into nonsense.
    ("utf-8", "UTF-8"),
    ("cp932", "Shift_JIS (cp932)"),
)


class UnknownEncodingError(ValueError):
    """The bytes are neither UTF-8 nor Shift_JIS (cp932)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, the encoding's name): UTF-8 with a BOM, UTF-8, or Shift_JIS (cp932); raises
    UnknownEncodingError otherwise (UTF-16, EUC-JP with bytes cp932 lacks, binary data)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as error:
            raise UnknownEncodingError(str(error)) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # also UTF-32's
        raise UnknownEncodingError("UTF-16 or UTF-32")
    if b"\x00" in data:  # UTF-16 or binary: neither encoding has NUL bytes in text
        raise UnknownEncodingError("NUL bytes")
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise UnknownEncodingError("neither UTF-8 nor Shift_JIS (cp932)")


Sheet = tuple[str, Sequence[Sequence[Any]]]  # (title, rows)


def neutralise(value: Any) -> Any:
    """A cell as it is safe to write: text that a spreadsheet would run is quoted, the rest kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_rows(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    return [[neutralise(value) for value in row] for row in rows]


def write_xlsx(path: Path, sheets: Iterable[Sheet]) -> None:
    """An XLSX workbook, one worksheet per sheet, strings written as strings (streamed to disk)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                cells.append(cell)
            sheet.append(cells)
    workbook.save(path)


def write_csv(path: Path, sheets: Iterable[Sheet]) -> None:
    """A UTF-8 CSV with a BOM (so Excel opens it correctly): each sheet as "# title", rows, a blank line."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for title, rows in sheets:
            writer.writerow([neutralise(f"# {title}")])
            writer.writerows(neutralise_rows(rows))
            writer.writerow([])


def temporary_beside(folder: Path, suffix: str) -> Path:
    """A new empty temporary file in `folder` (rename it into place when complete)."""
    handle, name = tempfile.mkstemp(dir=folder, suffix=suffix)
    os.close(handle)
    return Path(name)


def _neutralise_dataset(dataset: Any) -> Any:
    """A copy of a tablib Dataset with every cell neutralised (the admin's import-export exports)."""
    import tablib

    safe = tablib.Dataset(headers=[neutralise(h) for h in (dataset.headers or [])], title=dataset.title)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def _safe_format(base: type) -> type:
    """A django-import-export format whose exports go through `neutralise` (its own setting only
    strips a leading "=", which leaves "+", "-", "@", tab and CR formulas live)."""

    class SafeFormat(base):
        def export_data(self, dataset: Any, **kwargs: Any) -> Any:
            return super().export_data(_neutralise_dataset(dataset), **kwargs)

    SafeFormat.__name__ = SafeFormat.__qualname__ = f"Safe{base.__name__}"
    return SafeFormat


def export_formats() -> tuple[type, type]:
    """The CSV and XLSX formats every admin export uses."""
    from import_export.formats.base_formats import CSV, XLSX

    return _safe_format(CSV), _safe_format(XLSX)
