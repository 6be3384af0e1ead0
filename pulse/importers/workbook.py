"""Excel workbooks (.xlsx), as Microsoft Forms' "Open in Excel" downloads them, read with openpyxl.

The first sheet is read. Date cells become ISO days at once (the time of day is dropped here, so it
never travels further); whole numbers lose Excel's ``.0``; everything else is read as its text.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from pulse.errors import ImportFailed
from pulse.importers.read import Record, short

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are a workbook rather than text (an .xlsx is a zip archive)."""
    return data.startswith((ZIP_MAGIC, OLE_MAGIC))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return ""  # a time without a day says nothing about the round, and is not kept
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_records(data: bytes) -> list[Record]:
    """The non-blank rows of the workbook's first sheet, numbered as :func:`.read.records` numbers them."""
    if data.startswith(OLE_MAGIC):
        raise ImportFailed("this is an old Excel .xls workbook; save it as .xlsx or as 'CSV UTF-8'")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # a damaged or hostile archive fails in many ways inside openpyxl and zipfile
        problem = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        advice = "save it again from Excel or as CSV"
        raise ImportFailed(f"not a readable .xlsx workbook ({short(problem, 80)}); {advice}") from None
    try:
        sheet = book.worksheets[0]
        out: list[Record] = []
        number = None
        for sheet_row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            blank = not cells
            if number is not None or not blank:
                number = 0 if number is None else number + 1
                if not blank:
                    out.append(Record(number, sheet_row, cells, sheet=True))
        return out
    finally:
        book.close()
