"""The programme's health, month by month (UTC calendar months), over the last twelve.

- active sharers: people who shared at least once that month;
- first-time sharers: people whose first share ever was that month;
- lapsed sharers: people who shared the month before and not that month;
- events held: occurrences dated that month whose start has passed (whether or not
  attendance was recorded), with the attendances recorded for them beside.

A programme dies when nobody keeps it alive: the page warns when active sharers fell
two months in a row. Only finished months are compared (the month in progress is not
over, so it would always look like a fall): the warning compares the last three
finished months.

Four statements, whatever the amount of data.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from learning.analytics.rollup import midnight
from learning.database import utcnow
from learning.extensions import db
from learning.programme.models import EventAttendance, ProgrammeEvent
from learning.sharing.models import Share

MONTHS = 12


class utc_month(FunctionElement):  # noqa: N801 - used like an SQL function
    """The UTC calendar month of a timestamp as one number: year * 12 + month - 1."""

    type = sa.Integer()
    inherit_cache = True


@compiles(utc_month, "postgresql")
def _utc_month_postgresql(element, compiler, **kw):
    moment = f"timezone('UTC', {compiler.process(element.clauses, **kw)})"
    return f"CAST(EXTRACT(YEAR FROM {moment}) * 12 + EXTRACT(MONTH FROM {moment}) - 1 AS INTEGER)"


@compiles(utc_month)
def _utc_month_sqlite(element, compiler, **kw):
    # SQLite keeps UTC timestamps as text starting YYYY-MM-DD.
    moment = compiler.process(element.clauses, **kw)
    return (
        f"(CAST(strftime('%Y', {moment}) AS INTEGER) * 12"
        f" + CAST(strftime('%m', {moment}) AS INTEGER) - 1)"
    )


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def first_day(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


@dataclass
class Month:
    starts_on: date
    active: int = 0
    first_time: int = 0
    lapsed: int = 0
    events: int = 0
    attendances: int = 0
    in_progress: bool = False


@dataclass
class Health:
    months: list[Month]
    # Active sharers fell two months in a row (the last three finished months).
    falling: bool


def programme_health(now: datetime | None = None) -> Health:
    now = now or utcnow()
    current = month_number(now.date())
    first = current - MONTHS + 1
    months = {
        number: Month(starts_on=first_day(number), in_progress=number == current)
        for number in range(first, current + 1)
    }
    # From the month before the first: its sharers are those who may lapse in the first.
    since = midnight(first_day(first - 1))
    month = utc_month(Share.created_at)
    sharer_months = (
        sa.select(Share.user_id, month.label("month"))
        .where(Share.created_at >= since)
        .distinct()
        .cte("sharer_months")
    )
    active = sa.select(sharer_months.c.month, sa.func.count()).group_by(sharer_months.c.month)
    for number, count in db.session.execute(active):
        if number in months:
            months[number].active = count

    later = sharer_months.alias("later")
    earlier = sharer_months.alias("earlier")
    lapsed_in = (earlier.c.month + 1).label("lapsed_in")
    lapsed = (
        sa.select(lapsed_in, sa.func.count())
        .select_from(
            earlier.outerjoin(
                later,
                sa.and_(later.c.user_id == earlier.c.user_id, later.c.month == earlier.c.month + 1),
            )
        )
        .where(later.c.user_id.is_(None))
        .group_by(lapsed_in)
    )
    for number, count in db.session.execute(lapsed):
        if number in months:
            months[number].lapsed = count

    firsts = (
        sa.select(Share.user_id, sa.func.min(Share.created_at).label("first_share"))
        .group_by(Share.user_id)
        .subquery("firsts")
    )
    first_month = utc_month(firsts.c.first_share)
    first_time = (
        sa.select(first_month, sa.func.count())
        .where(firsts.c.first_share >= midnight(first_day(first)))
        .group_by(first_month)
    )
    for number, count in db.session.execute(first_time):
        if number in months:
            months[number].first_time = count

    event_month = utc_month(ProgrammeEvent.starts_at)
    events = (
        sa.select(
            event_month,
            sa.func.count(sa.distinct(ProgrammeEvent.id)),
            sa.func.count(EventAttendance.user_id),
        )
        .outerjoin(EventAttendance, EventAttendance.event_id == ProgrammeEvent.id)
        .where(ProgrammeEvent.starts_at >= midnight(first_day(first)))
        .where(ProgrammeEvent.starts_at <= now)
        .group_by(event_month)
    )
    for number, held, attended in db.session.execute(events):
        if number in months:
            months[number].events = held
            months[number].attendances = attended

    ordered = [months[number] for number in sorted(months)]
    finished = [m.active for m in ordered if not m.in_progress][-3:]
    falling = len(finished) == 3 and finished[0] > finished[1] > finished[2]
    return Health(months=ordered, falling=falling)
