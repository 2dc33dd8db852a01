"""One line of a roster, and the checks it needs neither the other lines nor the
database for: its e-mail, its texts, its hire date, its level, formula-like cells."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from learning.auth import services as accounts
from learning.auth.models import User
from learning.errors import Invalid, echo
from learning.hr import roster_csv
from learning.levels import LEVELS

CREATE, UPDATE, UNCHANGED, DEACTIVATE, REJECTED = (
    "create",
    "update",
    "unchanged",
    "deactivate",
    "rejected",
)
VERDICTS = (REJECTED, CREATE, UPDATE, DEACTIVATE, UNCHANGED)  # the preview's order


@dataclass
class RosterLine:
    number: int
    email: str
    name: str = ""
    department: str | None = None
    site: str | None = None
    manager_email: str | None = None
    hire_date: date | None = None
    level: str | None = None
    active: bool | None = None
    verdict: str = CREATE
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    user: User | None = None

    def reject(self, reason: str) -> None:
        self.verdict = REJECTED
        self.reasons.append(reason)


def level_of(text: str) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    wanted = text.strip().lower().replace(" ", "_").replace("-", "_")
    if wanted in LEVELS:
        return wanted, None
    return None, _(
        "Unknown level %(level)s: levels are %(levels)s.",
        level=echo(text),
        levels=", ".join(LEVELS),
    )


def _text(line: RosterLine, value: str, label, required: bool = False) -> str | None:
    """The cell's text, or None when empty; `label` is called only for a message."""
    if not value:
        if required:
            line.reject(_("%(field)s is required.", field=label()))
        return None
    if len(value) > accounts.NAME_MAX_LENGTH:
        line.reject(
            _(
                "%(field)s may have at most %(count)d characters.",
                field=label(),
                count=accounts.NAME_MAX_LENGTH,
            )
        )
        return None
    return value


class EmailCache(dict):
    """Each address normalised once per import: managers come back on many lines."""

    def __missing__(self, text: str) -> str | Invalid:
        try:
            self[text] = accounts.normalise_email(text)
        except Invalid as error:
            self[text] = error
        return self[text]

    def normalise(self, text: str) -> str:
        result = self[text]
        if isinstance(result, Invalid):
            raise result
        return result


def check_cells(number: int, cells: dict[str, str], today: date, emails: EmailCache) -> RosterLine:
    """A line's own checks, which need neither the other lines nor the database."""
    line = RosterLine(number=number, email=cells.get("email", "").lower())
    if column := roster_csv.formula_cell(cells):
        line.reject(
            _(
                "The %(column)s cell starts like a spreadsheet formula (=, +, -, @): "
                "refused, so it cannot run in anyone's spreadsheet.",
                column=column,
            )
        )
    try:
        line.email = emails.normalise(cells.get("email", ""))
    except Invalid as error:
        line.reject(error.message)
    line.name = _text(line, cells.get("name", ""), lambda: _("Name"), required=True) or ""
    line.department = _text(line, cells.get("department", ""), lambda: _("Department"))
    line.site = _text(line, cells.get("site", ""), lambda: _("Site"))
    manager = cells.get("manager_email", "")
    if manager:
        try:
            line.manager_email = emails.normalise(manager)
        except Invalid as error:
            line.reject(_("Manager: %(problem)s", problem=error.message))
    line.hire_date, date_problem = roster_csv.parse_hire_date(cells.get("hire_date", ""), today)
    line.level, level_problem = level_of(cells.get("level", ""))
    line.active, active_problem = roster_csv.parse_active(cells.get("active", ""))
    for problem in (date_problem, level_problem, active_problem):
        if problem:
            line.reject(problem)
    return line
