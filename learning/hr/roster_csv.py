"""Reading a roster file: its encoding, its separator, its header, its cells.

What spreadsheets export: UTF-8 with or without a byte-order mark, or Latin-1 (older
Windows exports); commas, or semicolons (French spreadsheets, where the comma is the
decimal mark). Header names are matched without regard to case, spaces or hyphens.
A problem with the file itself (a missing column, too many lines, too large) is one
`Invalid` for the whole file; a problem with a line is that line's verdict (roster.py).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from learning.errors import Invalid, echo
from learning.spreadsheets import FORMULA_STARTS

REQUIRED_COLUMNS = ("email", "name", "department", "site", "manager_email", "hire_date")
OPTIONAL_COLUMNS = ("level", "active")
# Other names spreadsheets give the same columns.
COLUMN_ALIASES = {
    "e_mail": "email",
    "manager": "manager_email",
    "manager_e_mail": "manager_email",
    "hired_on": "hire_date",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# A hire date a few weeks ahead is pre-boarding; more than this is a typing error.
HIRE_DATE_MAX_AHEAD = timedelta(days=365)
YES = ("yes", "y", "true", "1", "oui")
NO = ("no", "n", "false", "0", "non")


@dataclass
class RawLine:
    """One line of the file, its cells by column name, trimmed."""

    number: int  # the line number a spreadsheet shows (the header is line 1)
    cells: dict[str, str] = field(default_factory=dict)


def max_bytes() -> int:
    return current_app.config["ROSTER_MAX_BYTES"]


def max_lines() -> int:
    return current_app.config["ROSTER_MAX_LINES"]


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped), else Latin-1."""
    if len(data) > max_bytes():
        raise Invalid(
            _(
                "The file is larger than %(size)d MB: split it, or send it through the API.",
                size=max_bytes() // (1024 * 1024),
            ),
            code="file_too_large",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.replace("\x00", "")


def _column_name(header: str) -> str:
    name = re.sub(r"[\s\-]+", "_", header.strip().lower().lstrip("\ufeff"))
    return COLUMN_ALIASES.get(name, name)


def _separator(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_lines(text: str) -> list[RawLine]:
    """The file's lines with their cells; raises Invalid for a file that cannot be read
    as a roster at all."""
    if not text.strip():
        raise Invalid(_("The file is empty."), code="empty_file")
    first_line = text.lstrip().splitlines()[0]
    reader = csv.reader(io.StringIO(text.lstrip()), delimiter=_separator(first_line))
    try:
        header = [_column_name(cell) for cell in next(reader)]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise Invalid(
                _(
                    "The file misses the column(s) %(missing)s. The first line must name "
                    "the columns: %(columns)s (and optionally %(optional)s).",
                    missing=", ".join(missing),
                    columns=", ".join(REQUIRED_COLUMNS),
                    optional=", ".join(OPTIONAL_COLUMNS),
                ),
                code="missing_column",
            )
        lines = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines, as spreadsheets leave at the end
            if len(lines) >= max_lines():
                raise Invalid(
                    _(
                        "The file has more than %(count)d lines: split it into smaller files. "
                        "Nothing was imported.",
                        count=max_lines(),
                    ),
                    code="too_many_lines",
                )
            cells = {
                name: (row[index].strip() if index < len(row) else "")
                for index, name in enumerate(header)
                if name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
            }
            lines.append(RawLine(reader.line_num, cells))
    except csv.Error as error:
        raise Invalid(
            _("The file is not a readable CSV file: %(reason)s", reason=str(error)),
            code="unreadable_file",
        ) from None
    if not lines:
        raise Invalid(_("The file has no employee lines."), code="empty_file")
    return lines


def formula_cell(cells: dict[str, str]) -> str | None:
    """The first column whose cell a spreadsheet would run as a formula, if any. Such a
    line is refused rather than stored inert: a name or a department starting with "="
    is never a real one, and HR sees it in the preview."""
    for column, value in cells.items():
        if value.startswith(FORMULA_STARTS):
            return column
    return None


def parse_hire_date(text: str, today: date) -> tuple[date | None, str | None]:
    """The date and no problem, or no date and what is wrong with it."""
    if not text:
        return None, None
    for pattern in DATE_FORMATS:
        try:
            value = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if value > today + HIRE_DATE_MAX_AHEAD:
            return None, _(
                "The hire date %(date)s is more than a year ahead.", date=value.isoformat()
            )
        return value, None
    return None, _(
        "The hire date %(date)s is not a date: write it as 2026-03-31 or 31/03/2026.",
        date=echo(text),
    )


def parse_active(text: str) -> tuple[bool | None, str | None]:
    lowered = text.strip().lower()
    if not lowered:
        return None, None
    if lowered in YES:
        return True, None
    if lowered in NO:
        return False, None
    return None, _("The column active takes yes or no, not %(value)s.", value=echo(text))
