"""Reading a table someone hands in (a survey export or a filled-in tally sheet), trusting nothing in it.

CSV in UTF-8 (with or without BOM) or GBK/GB18030 as Excel and WPS save it
here, or the first sheet of an .xlsx.  Sizes are checked before anything is
parsed: the file itself, the uncompressed size of every member of an .xlsx
(a small zip can expand to gigabytes), then rows and columns while they are
streamed (openpyxl's read-only mode, csv's reader).  Every refusal is a
`TableError` carrying a catalog key, never a library's own message or bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_TABLE_BYTES = 16 * 1024 * 1024  # a survey of thousands of ballots is a few MB
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # all members of an .xlsx together, uncompressed
MAX_ZIP_MEMBERS = 1_000
MAX_ROWS = 20_000  # ballots of one section, with room to spare
MAX_COLUMNS = 2_000  # people × 4 dimensions, plus the survey tool's own columns
MAX_CELL_CHARS = 10_000
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # never in a text table; a sign of a binary file


class TableError(Exception):
    """A table that cannot be read: a catalog key, its arguments and the row/column where it applies."""

    def __init__(self, key: str, row: int | None = None, column: int | None = None, **args: Any):
        super().__init__(key)
        self.key, self.row, self.column, self.args_ = key, row, column, args


def read_table(path: Path) -> list[list[Any]]:
    """The rows of the table, each a list of cell values, within the limits above."""
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise TableError("table.too_large", size=size_text(size), limit=size_text(MAX_TABLE_BYTES))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise TableError("table.old_excel")
    rows = xlsx_rows(path) if suffix in XLSX_SUFFIXES else csv_rows(path.read_bytes())
    return bounded(rows)


def size_text(size: int) -> str:
    """1073758301 -> "1.0 GiB": sizes as a person reads them."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def bounded(rows: Iterator[list[Any]]) -> list[list[Any]]:
    table = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise TableError("table.too_many_rows", row=number, limit=MAX_ROWS)
        while row and row[-1] in (None, ""):
            row = row[:-1]
        if len(row) > MAX_COLUMNS:
            raise TableError("table.too_many_columns", row=number, column=MAX_COLUMNS + 1, limit=MAX_COLUMNS)
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise TableError("table.cell_too_long", row=number, column=column, limit=MAX_CELL_CHARS)
        table.append(row)
    return table


# -- CSV -------------------------------------------------------------------------------------------------


def looks_utf16(head: bytes) -> bool:
    """A UTF-16/32 BOM, or NUL bytes in every other place (Chinese Notepad's "Unicode" without a BOM)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return len(head) >= 2 and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4


def csv_text(data: bytes) -> str:
    """The text of a CSV: UTF-8 (BOM or not) or GB18030; UTF-16/32 and binary files are refused."""
    head = data[:4096]
    if looks_utf16(head):
        raise TableError("table.utf16")
    if b"\x00" in head:
        raise TableError("table.binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL_CHARACTERS.search(text):
            raise TableError("table.binary")
        return text
    raise TableError("table.encoding")


def csv_rows(data: bytes) -> Iterator[list[Any]]:
    reader = csv.reader(io.StringIO(csv_text(data)))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a field over csv's own limit, or a broken quote
            raise TableError("table.bad_csv", row=reader.line_num) from None
        yield row


# -- XLSX ------------------------------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """An .xlsx is a zip: refuse anything else, and members that would expand beyond the limits."""
    if not zipfile.is_zipfile(path):
        raise TableError("table.not_xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError("table.not_xlsx") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise TableError("table.zip_bomb", size=f"{len(members)} 个文件", limit=f"{MAX_ZIP_MEMBERS} 个文件")
    unzipped = sum(member.file_size for member in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise TableError("table.zip_bomb", size=size_text(unzipped), limit=size_text(MAX_UNZIPPED_BYTES))


def xlsx_rows(path: Path) -> Iterator[list[Any]]:
    check_zip(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken workbook; none of its text is shown
        raise TableError("table.bad_xlsx") from None
    try:
        if not book.worksheets:
            raise TableError("table.bad_xlsx")
        rows = book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except TableError:
                raise
            except Exception:
                raise TableError("table.bad_xlsx") from None
            yield list(row)
    finally:
        book.close()
