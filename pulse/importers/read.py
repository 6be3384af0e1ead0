"""Reading a file of responses: its bytes, its text encoding, its delimiter and its numbered rows.

Rows are numbered as a spreadsheet shows them below the header (blank rows count, a comment spread
over several lines is one row); messages also give the line of the file, for a text editor. Text is
UTF-8 (with or without the BOM Excel's "CSV UTF-8" writes), UTF-16 (Excel's "Unicode text"), or, when
it is not UTF-8 at all, Windows-1252 (Excel's plain "CSV" on Western Windows); the encoding read is
reported. Workbooks (.xlsx) are read by :mod:`.workbook`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pulse.errors import ImportFailed

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL = 10_000
DELIMITERS = (",", ";", "\t")  # Excel writes ";" where the decimal mark is a comma, and tabs as "Unicode text"
NOT_TEXT = re.compile("[\x00\udc80-\udcff]")  # NUL, or a byte that was not UTF-8 (kept as an escape)


@dataclass(frozen=True)
class Record:
    """One non-blank row of the file."""

    number: int  # 0 for the header, then 1, 2, ... counting blank rows too
    line: int  # line of the file where the row starts (the sheet's row number in a workbook)
    cells: list[str]
    sheet: bool = False  # from a workbook: messages name the sheet's row, not a line


def place(record: Record) -> str:
    """Where a row is, for someone opening the file: a line of a text file or a row of a sheet."""
    return f"row {record.line} of the sheet" if record.sheet else f"line {record.line} of the file"


def short(text: str, limit: int = 40) -> str:
    """A header or cell as a short single line, fit for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failed(record: Record, column: str, problem: str, column_id: str | None = None) -> ImportFailed:
    """The error naming a row and column of the file (and its line, for a text editor)."""
    return ImportFailed(
        f"row {record.number}, column {column}: {problem} ({place(record)})",
        record.number,
        column_id or column,
    )


def read_source(source: str | Path | bytes) -> bytes:
    """The bytes of a file given as a path or as bytes, refusing files past MAX_FILE_BYTES."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            path = Path(source)
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFailed(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
            data = path.read_bytes()
        except OSError as e:
            raise ImportFailed(f"cannot read {source}: {e.strerror or e}") from e
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    return data


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read in.

    Bytes that are not text in any encoding tried are kept as escapes, so the row holding them can be
    named (a file mixing UTF-8 and another encoding is refused there, not read half wrong)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as e:
            raise ImportFailed(f"the file is damaged UTF-16 text (byte {e.start}); save it as 'CSV UTF-8'") from e
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="surrogateescape"), "UTF-8 (with BOM)"
    sixteen = _utf16_without_bom(data)
    if sixteen:
        try:
            return data.decode(sixteen), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    if any(ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF for c in escaped):
        return escaped, "UTF-8"  # real UTF-8 beside bytes that are not: mixed, refused row by row
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return escaped, "UTF-8"


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or -be when every other byte of the start is NUL (ASCII text written as UTF-16)."""
    head = data[:400]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.4 * len(head) / 2 and even == 0:
        return "utf-16-le"
    if even > 0.4 * len(head) / 2 and odd == 0:
        return "utf-16-be"
    return None


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "end of data" in text:
        return 'a quote (") opened in this row is never closed'
    if "field limit" in text:
        return f'a cell is longer than {MAX_CELL} characters, or a quote (") is never closed'
    if "expected after" in text:
        return 'text follows a closing quote ("): quote the whole cell and double quotes inside it'
    return f"not valid CSV: {error}"


def records(text: str, delimiter: str) -> Iterator[Record]:
    """Every row of the file, blank ones included, numbered from the first non-blank row (the header)."""
    # Strict: a quote left open would otherwise swallow every later row into one cell, silently.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number, start = None, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row = 0 if number is None else number + 1
            where = f"row {row}" if row else "header"
            raise ImportFailed(f"{where}: {_csv_problem(e)} (line {start} of the file)", row, "quotes") from None
        blank = not any(cell.strip() for cell in cells)
        if number is not None or not blank:
            number = 0 if number is None else number + 1
            if not blank:
                yield Record(number, start, cells)
        start = reader.line_num + 1


def check_text(record: Record, labels: Callable[[int], str]) -> None:
    """Name the first cell of a row holding bytes that are not UTF-8 text, or a NUL character."""
    for col, cell in enumerate(record.cells):
        bad = NOT_TEXT.search(cell)
        if bad:
            problem = (
                "contains a NUL character: the file is not CSV text"
                if bad.group() == "\x00"
                else f"the file is not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02x}); save it as 'CSV UTF-8'"
            )
            if record.number == 0:
                raise ImportFailed(f"header, column {col + 1}: {problem}", 0, f"column {col + 1}")
            raise failed(record, labels(col), problem)
