"""The period a report covers: from and to dates (UTC days, both included), as a person
or a program sends them, with the presets the page offers."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.errors import DomainError

DEFAULT_DAYS = 90
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Far enough for any report, near enough that a day after `to` is still a date.
EARLIEST, LATEST = date(2000, 1, 1), date(9998, 12, 31)
PRESETS = {
    "30d": _l("30 days"),
    "90d": _l("90 days"),
    "12m": _l("12 months"),
    "all": _l("All time"),
}


class InvalidDate(DomainError):
    status = 422
    code = "invalid_date"


@dataclass(frozen=True)
class Period:
    start: date | None  # None: since the first share
    to: date  # included

    @property
    def end(self) -> date:
        """The first day after the period."""
        return self.to + timedelta(days=1)


def preset(name: str, today: date) -> Period:
    starts = {
        "30d": today - timedelta(days=29),
        "90d": today - timedelta(days=DEFAULT_DAYS - 1),
        "12m": today - timedelta(days=364),
        "all": None,
    }
    return Period(starts[name], today)


def _parse(value: str, name: str) -> date:
    message = _(
        "%(name)s must be a date written YYYY-MM-DD, between %(first)s and %(last)s.",
        name=name,
        first=EARLIEST.isoformat(),
        last=LATEST.isoformat(),
    )
    if not ISO_DATE.match(value):
        raise InvalidDate(message)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidDate(message) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidDate(message)
    return day


def period_from(
    start: str | None, to: str | None, today: date, preset_name: str | None = None
) -> Period:
    """The period asked for: from `from` to `to` (today when left out); without `from`,
    the preset ending at `to` (the last DEFAULT_DAYS days unless another is named).
    InvalidDate for a bad date, or from > to."""
    start, to = (start or "").strip(), (to or "").strip()
    last = _parse(to, "to") if to else today
    if not start:
        return preset(preset_name if preset_name in PRESETS else "90d", last)
    first = _parse(start, "from")
    if first > last:
        raise InvalidDate(_("The period's start (from) must not be after its end (to)."))
    return Period(first, last)


def arguments(period: Period) -> dict:
    """The query arguments that ask for this period again."""
    first = {"from": period.start.isoformat()} if period.start else {"period": "all"}
    return {**first, "to": period.to.isoformat()}
