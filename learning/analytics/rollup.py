"""Keeping the click rollups up to date, and reading clicks from them and the raw table.

A report first calls `bring_up_to_date`: every day that is over (by `SETTLING` at least,
so no click of it is still being written) is rolled up, by one INSERT ... SELECT ...
GROUP BY ... ON CONFLICT DO UPDATE per table (`models` describes the three). A day is
always rolled up whole, and its rows replace what was there: so the distinct visitors of
a day stay exact, and two reports rolling up at the same moment write the same figures
rather than adding them twice. On PostgreSQL the state row is
locked (`FOR UPDATE`) while rolling, so they wait for each other; SQLite serialises
writers by itself.

`click_rows` and `click_days` are then what every figure reads: the rollups for the days
before `rolled_until`, the raw clicks (few: a day and minutes) after it.
"""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from learning.analytics.models import ClickDay, ClickRollup, RollupState, ShareClicks
from learning.extensions import db
from learning.sharing.models import Click, Share

# How long after midnight (UTC) a day is taken as over: the redirect's last writes of it
# have long committed by then.
SETTLING = timedelta(minutes=10)
STATE_ID = 1
COUNTED = "person"  # the only kind of request that is a click


class utc_day(FunctionElement):  # noqa: N801 - used like an SQL function
    """The UTC calendar date of a timestamp, in SQL."""

    type = sa.Date()
    inherit_cache = True


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(utc_day)
def _utc_day_sqlite(element, compiler, **kw):
    # SQLite keeps UTC timestamps as text; date() reads their first ten characters.
    return f"date({compiler.process(element.clauses, **kw)})"


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _upsert(model):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _state(*, lock: bool) -> RollupState | None:
    query = sa.select(RollupState).where(RollupState.id == STATE_ID)
    if lock:
        query = query.with_for_update()
    return db.session.execute(query.execution_options(populate_existing=True)).scalar_one_or_none()


def bring_up_to_date(now: datetime) -> date | None:
    """Roll up every finished day not rolled up yet; return the first day not rolled up
    (None while nothing is). A few statements, whatever the amount of data."""
    cutoff = (now - SETTLING).date()
    newest_click = sa.select(sa.func.coalesce(sa.func.max(Click.id), 0)).scalar_subquery()
    state = _state(lock=False)
    if state is not None and not _has_work(state, cutoff, newest_click):
        return state.rolled_until
    if state is None:
        db.session.execute(_upsert(RollupState).values(id=STATE_ID).on_conflict_do_nothing())
    state = _state(lock=True)  # re-read under the lock: another report may have rolled
    newest = db.session.execute(sa.select(newest_click)).scalar_one()
    _roll_up(_days_to_roll_up(state, cutoff, newest))
    state.rolled_until = max(cutoff, state.rolled_until or cutoff)
    state.last_click_id = newest
    db.session.flush()
    return state.rolled_until


def _has_work(state: RollupState, cutoff: date, newest_click) -> bool:
    if state.rolled_until is None or state.rolled_until < cutoff:
        return True
    return db.session.execute(
        sa.select(sa.exists().where(*_late_clicks(state, newest_click)))
    ).scalar_one()


def _late_clicks(state: RollupState, newest) -> list:
    """Clicks written since the last run but dated before `rolled_until`."""
    return [
        Click.id > state.last_click_id,
        Click.id <= newest,
        Click.clicked_at < midnight(state.rolled_until),
    ]


def _days_to_roll_up(state: RollupState, cutoff: date, newest: int):
    """The condition on `clicks` selecting the whole days to roll up: the days newly over,
    and the days of late clicks (as time ranges, so the index on `clicked_at` serves)."""
    if state.rolled_until is None:
        return Click.clicked_at < midnight(cutoff)
    days = [_day_range(state.rolled_until, cutoff)]
    late = sa.select(utc_day(Click.clicked_at)).where(*_late_clicks(state, newest)).distinct()
    days.extend(_day_range(day, day + timedelta(days=1)) for day in db.session.scalars(late))
    return sa.or_(*days)


def _day_range(first: date, end: date):
    return sa.and_(Click.clicked_at >= midnight(first), Click.clicked_at < midnight(end))


def _roll_up(days) -> None:
    """Write again, whole, every day matching `days`: its shares' rows, its totals, then
    the totals of every share it touches."""
    day = utc_day(Click.clicked_at).label("day")
    counted = Click.kind == COUNTED
    per_share = (
        sa.select(Click.share_id, day, sa.func.count().label("clicks"))
        .where(days, counted)
        .group_by(Click.share_id, day)
    )
    insert = _upsert(ClickRollup).from_select(["share_id", "day", "clicks"], per_share)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["share_id", "day"], set_={"clicks": insert.excluded.clicks}
        )
    )
    per_day = (
        sa.select(
            day,
            sa.func.count(sa.case((counted, 1))),
            sa.func.count(sa.case((~counted, 1))),
            sa.func.count(sa.distinct(sa.case((counted, Click.visitor)))),
        )
        .where(days)
        .group_by(day)
    )
    columns = ["day", "clicks", "filtered", "visitors"]
    insert = _upsert(ClickDay).from_select(columns, per_day)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["day"], set_={name: insert.excluded[name] for name in columns[1:]}
        )
    )
    touched = sa.select(Click.share_id).where(days, counted).distinct()
    per_share_total = (
        sa.select(
            ClickRollup.share_id,
            Share.item_id,
            Share.network,
            Share.user_id,
            sa.func.min(ClickRollup.day),
            sa.func.max(ClickRollup.day),
            sa.func.sum(ClickRollup.clicks),
        )
        .join(Share, Share.id == ClickRollup.share_id)
        .where(ClickRollup.share_id.in_(touched))
        .group_by(ClickRollup.share_id, Share.item_id, Share.network, Share.user_id)
    )
    columns = ["share_id", "item_id", "network", "user_id", "first_day", "last_day", "clicks"]
    insert = _upsert(ShareClicks).from_select(columns, per_share_total)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["share_id"],
            set_={name: insert.excluded[name] for name in ("first_day", "last_day", "clicks")},
        )
    )


def _rolled_end(rolled_until: date | None, end: date) -> date | None:
    """Where the rollups stop within a period ending before `end`: None when they hold
    nothing of it."""
    return None if rolled_until is None else min(end, rolled_until)


def _raw_start(rolled_until: date | None, start: date | None) -> date | None:
    if rolled_until is None:
        return start
    return max(start, rolled_until) if start else rolled_until


def _raw_clicks(rolled_until: date | None, start: date | None, end: date, *columns):
    """Today's raw clicks (those after the rollups) within [start, end)."""
    query = sa.select(*columns).select_from(Click).where(Click.clicked_at < midnight(end))
    if first := _raw_start(rolled_until, start):
        query = query.where(Click.clicked_at >= midnight(first))
    return query


def click_rows(rolled_until: date | None, start: date | None, end: date, *dimensions: str):
    """Counted clicks in [start, end) (UTC days; no start: since the first) per the
    share's `dimensions` (item_id, network, user_id), as rows of (*dimensions, clicks),
    a few per group: from the totals of the shares whose rolled-up clicks all fall
    within the period, from the days within it of those that straddle it, and from the
    raw clicks of the day in progress. Each part is counted per group before the union,
    so the union is small."""
    rolled_end = _rolled_end(rolled_until, end)
    totals = ShareClicks
    groups = [getattr(totals, name) for name in dimensions]
    whole = sa.select(*groups, sa.func.sum(totals.clicks).label("clicks"))
    by_day = sa.select(*groups, sa.func.sum(ClickRollup.clicks)).join(
        ClickRollup, ClickRollup.share_id == totals.share_id
    )
    if rolled_end is None:
        whole, by_day = whole.where(sa.false()), by_day.where(sa.false())
    else:
        # Said on first_day both ways, even for all time, so the range of its covering
        # index serves (SQLite without statistics would pick the one ordered by item).
        inside = sa.and_(
            totals.last_day < rolled_end,
            totals.first_day >= (start or date.min),
            totals.first_day < rolled_end,
        )
        straddling = sa.and_(totals.first_day < rolled_end, totals.last_day >= rolled_end)
        by_day = by_day.where(ClickRollup.day < rolled_end)
        if start:
            straddling = sa.or_(
                straddling, sa.and_(totals.first_day < start, totals.last_day >= start)
            )
            by_day = by_day.where(ClickRollup.day >= start)
        whole, by_day = whole.where(inside), by_day.where(straddling)
    # Today's clicks counted per share first: one join per share, not per click.
    per_share = (
        _raw_clicks(rolled_until, start, end, Click.share_id, sa.func.count().label("clicks"))
        .where(Click.kind == COUNTED)
        .group_by(Click.share_id)
        .subquery("today")
    )
    today = [getattr(Share, name) for name in dimensions]
    raw = sa.select(*today, sa.func.sum(per_share.c.clicks)).join(
        per_share, per_share.c.share_id == Share.id
    )
    parts = [part.group_by(*columns) for part, columns in ((whole, groups), (by_day, groups))]
    return sa.union_all(*parts, raw.group_by(*today)).subquery("click_rows")


def click_days(rolled_until: date | None, start: date | None, end: date):
    """Rows of (day, clicks, filtered, visitors) for [start, end): the rolled-up days,
    then the day in progress from the raw clicks."""
    rolled_end = _rolled_end(rolled_until, end)
    rolled = sa.select(ClickDay.day, ClickDay.clicks, ClickDay.filtered, ClickDay.visitors)
    rolled = rolled.where(ClickDay.day < rolled_end) if rolled_end else rolled.where(sa.false())
    if start:
        rolled = rolled.where(ClickDay.day >= start)
    day = utc_day(Click.clicked_at).label("day")
    counted = Click.kind == COUNTED
    raw = _raw_clicks(
        rolled_until,
        start,
        end,
        day,
        sa.func.count(sa.case((counted, 1))),
        sa.func.count(sa.case((~counted, 1))),
        sa.func.count(sa.distinct(sa.case((counted, Click.visitor)))),
    ).group_by(day)
    return sa.union_all(rolled, raw).subquery("click_days")
