"""Reading a file of responses: its bytes, its text encoding, its delimiter and its numbered rows.

Rows are numbered as a spreadsheet shows them below the header (blank rows count, a comment spread
over several lines is one row); messages also give the line of the file, for a text editor.
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
    line: int  # line of the file where the row starts
    cells: list[str]


def short(text: str, limit: int = 40) -> str:
    """A header or cell as a short single line, fit for a one-line message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failed(record: Record, column: str, problem: str, column_id: str | None = None) -> ImportFailed:
    """The error naming a row and column of the file (and its line, for a text editor)."""
    return ImportFailed(
        f"row {record.number}, column {column}: {problem} (line {record.line} of the file)",
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


def decode(data: bytes) -> str:
    """The file's text. Bytes that are not UTF-8 are kept as escapes so the row holding them can be named."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ImportFailed(f"the file is damaged UTF-16 text (byte {e.start}); save it as 'CSV UTF-8'") from e
    return data.decode("utf-8-sig", errors="surrogateescape")


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
