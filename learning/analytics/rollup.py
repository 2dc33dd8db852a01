"""Keeping the click rollups up to date, and reading clicks from them and the raw table.

A report first calls `bring_up_to_date`: every day that is over (by `SETTLING` at least,
so no click of it is still being written) is rolled up, by one INSERT ... SELECT ... GROUP
BY per table. A day is always rolled up whole, and its rows replace what was there: so
the distinct visitors of a day stay exact, and two reports rolling up at the same moment
write the same figures rather than adding them twice. On PostgreSQL the state row is
locked (`FOR UPDATE`) while rolling, so they wait for each other; SQLite serialises
writers by itself.

`click_rows` is then what every figure reads: the rollups for the days before
`rolled_until`, the raw clicks (few: a day and minutes) after it.
"""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from learning.analytics.models import ClickRollup, RollupState, VisitorDay
from learning.extensions import db
from learning.sharing.models import Click, Share

# How long after midnight (UTC) a day is taken as over: the redirect's last writes of it
# have long committed by then.
SETTLING = timedelta(minutes=10)
STATE_ID = 1


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
    days = _days_to_roll_up(state, cutoff, newest)
    if days is not None:
        _roll_up(days)
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
    """The condition on `clicks` selecting the whole days to roll up, or None."""
    days = []
    if state.rolled_until is None:
        days.append(Click.clicked_at < midnight(cutoff))
    else:
        if state.rolled_until < cutoff:
            days.append(
                sa.and_(
                    Click.clicked_at >= midnight(state.rolled_until),
                    Click.clicked_at < midnight(cutoff),
                )
            )
        late_days = sa.select(utc_day(Click.clicked_at)).where(*_late_clicks(state, newest))
        days.append(utc_day(Click.clicked_at).in_(late_days.distinct()))
    return sa.or_(*days) if days else None


def _roll_up(days) -> None:
    day = utc_day(Click.clicked_at).label("day")
    per_share = (
        sa.select(
            Click.share_id,
            day,
            Click.kind,
            Share.item_id,
            Share.network,
            Share.user_id,
            sa.func.count().label("clicks"),
        )
        .join(Share, Share.id == Click.share_id)
        .where(days)
        .group_by(Click.share_id, day, Click.kind, Share.item_id, Share.network, Share.user_id)
    )
    columns = ["share_id", "day", "kind", "item_id", "network", "user_id", "clicks"]
    insert = _upsert(ClickRollup).from_select(columns, per_share)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["share_id", "day", "kind"], set_={"clicks": insert.excluded.clicks}
        )
    )
    visitors = (
        sa.select(day, sa.func.count(sa.distinct(Click.visitor)))
        .where(days, Click.kind == "person")
        .group_by(day)
    )
    insert = _upsert(VisitorDay).from_select(["day", "visitors"], visitors)
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["day"], set_={"visitors": insert.excluded.visitors}
        )
    )


def click_rows(rolled_until: date | None, start: date | None, end: date):
    """Clicks in [start, end) (UTC days; no start: since the first) as rows of (day,
    item_id, network, user_id, kind, clicks): the rollups, then the raw clicks."""
    rolled = sa.select(
        ClickRollup.day,
        ClickRollup.item_id,
        ClickRollup.network,
        ClickRollup.user_id,
        ClickRollup.kind,
        ClickRollup.clicks,
    )
    raw = sa.select(
        utc_day(Click.clicked_at).label("day"),
        Share.item_id,
        Share.network,
        Share.user_id,
        Click.kind,
        sa.literal(1).label("clicks"),
    ).join(Share, Share.id == Click.share_id)
    raw_from = max(start, rolled_until) if start and rolled_until else (start or rolled_until)
    if rolled_until is None:
        rolled = rolled.where(sa.false())
    else:
        rolled = rolled.where(ClickRollup.day < min(end, rolled_until))
        if start:
            rolled = rolled.where(ClickRollup.day >= start)
    raw = raw.where(Click.clicked_at < midnight(end))
    if raw_from:
        raw = raw.where(Click.clicked_at >= midnight(raw_from))
    return sa.union_all(rolled, raw).subquery("click_rows")


def visitor_total(rolled_until: date | None, start: date | None, end: date):
    """Distinct visitors of counted clicks, per day, summed over [start, end)."""
    rolled = sa.select(sa.func.coalesce(sa.func.sum(VisitorDay.visitors), 0))
    if rolled_until is None:
        rolled = rolled.where(sa.false())
    else:
        rolled = rolled.where(VisitorDay.day < min(end, rolled_until))
        if start:
            rolled = rolled.where(VisitorDay.day >= start)
    raw_from = max(start, rolled_until) if start and rolled_until else (start or rolled_until)
    day = utc_day(Click.clicked_at).label("day")
    per_day = (
        sa.select(day, sa.func.count(sa.distinct(Click.visitor)).label("visitors"))
        .where(Click.kind == "person", Click.clicked_at < midnight(end))
        .group_by(day)
    )
    if raw_from:
        per_day = per_day.where(Click.clicked_at >= midnight(raw_from))
    raw = sa.select(sa.func.coalesce(sa.func.sum(per_day.subquery().c.visitors), 0))
    return sa.select(rolled.scalar_subquery() + raw.scalar_subquery())
