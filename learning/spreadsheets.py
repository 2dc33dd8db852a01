"""What every CSV export shares: a cell a spreadsheet would take for a formula gets an
apostrophe first (OWASP's CSV injection advice), and a byte-order mark lets spreadsheets
read the file as UTF-8."""

import csv
import io
from collections.abc import Callable, Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_text(
    rows: Iterable[Iterable[object]], cell: Callable[[object], object] = neutralise
) -> str:
    """The rows as CSV: the byte-order mark first, CRLF line ends, each cell through `cell`
    (by default `neutralise`)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_download(text: str, filename: str) -> Response:
    """CSV text as a file to download."""
    return Response(
        text.encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
