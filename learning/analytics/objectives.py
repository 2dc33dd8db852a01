"""Each objective's progress against its target, and where it is heading.

An objective counts its metric (attributed sign-ups, counted clicks or shares of its
items) from `starts_on` to today, or to `due` once that is past, whatever period the
report shows. The forecast carries the rate so far on to `due`, in a straight line.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from learning.advocacy.models import ContentItem, Objective
from learning.analytics import rollup
from learning.analytics.models import ClickRollup, ShareClicks
from learning.extensions import db
from learning.sharing.models import Click, Conversion, Share


@dataclass
class ObjectiveProgress:
    id: int
    title: str
    family: str
    metric: str
    target: int
    starts_on: date
    due: date
    achieved: int = 0
    forecast: int | None = None
    status: str = "behind"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target))

    @property
    def forecast_percent(self) -> int:
        return min(100, round(100 * (self.forecast or 0) / self.target))


def forecast(achieved: int, starts_on: date, due: date, today: date) -> int | None:
    """What the objective will have counted by `due` at its rate so far; None before it
    starts. Once `due` is past, what it counted."""
    if today < starts_on:
        return None
    elapsed = (min(today, due) - starts_on).days + 1
    length = (due - starts_on).days + 1
    return round(achieved * length / elapsed)


def status(achieved: int, target: int, predicted: int | None, starts_on, due, today) -> str:
    if achieved >= target:
        return "reached"
    if today > due:
        return "ended"
    if today < starts_on:
        return "not_started"
    return "on_track" if predicted is not None and predicted >= target else "behind"


def _within(day, objective, today: date):
    return sa.and_(day >= objective.starts_on, day <= objective.due, day <= today)


def _clicks_per_objective(today: date, rolled_until: date | None):
    """Counted clicks per objective counting clicks, within its own dates: the totals of
    the shares wholly within them, the days of those straddling them, the raw clicks of
    the day in progress."""
    totals, days = ShareClicks, ClickRollup
    inside = sa.and_(totals.first_day >= Objective.starts_on, totals.last_day <= Objective.due)
    overlapping = sa.and_(totals.last_day >= Objective.starts_on, totals.first_day <= Objective.due)

    def of_items(*columns):
        return (
            sa.select(Objective.id.label("objective_id"), *columns)
            .join(ContentItem, ContentItem.objective_id == Objective.id)
            .where(Objective.metric == "clicks")
        )

    # The items first, then their shares' totals through the index on item_id: a range
    # per item, not a scan of every share.
    counted_items = (
        sa.select(ContentItem.id)
        .join(Objective, Objective.id == ContentItem.objective_id)
        .where(Objective.metric == "clicks")
    )
    whole = (
        of_items(totals.clicks)
        .join(totals, totals.item_id == ContentItem.id)
        .where(totals.item_id.in_(counted_items), inside)
    )
    straddling = (
        of_items(totals.share_id, Objective.starts_on, Objective.due)
        .join(totals, totals.item_id == ContentItem.id)
        .where(totals.item_id.in_(counted_items), overlapping, ~inside)
        .subquery("straddling")
    )
    # The straddling shares first, with their objective's dates, then their days: a few
    # index seeks, not a scan.
    by_day = (
        sa.select(straddling.c.objective_id, days.clicks)
        .join(days, days.share_id == straddling.c.share_id)
        .where(days.day >= straddling.c.starts_on, days.day <= straddling.c.due)
    )
    # The day in progress counted per share and day first: one join per share, not per
    # click and objective.
    day = rollup.utc_day(Click.clicked_at).label("day")
    recent = (
        sa.select(Click.share_id, day, sa.func.count().label("clicks"))
        .where(
            Click.kind == rollup.COUNTED,
            Click.clicked_at < rollup.midnight(today + timedelta(days=1)),
        )
        .group_by(Click.share_id, day)
    )
    if rolled_until is None:
        whole, by_day = whole.where(sa.false()), by_day.where(sa.false())
    else:
        recent = recent.where(Click.clicked_at >= rollup.midnight(rolled_until))
    recent = recent.subquery("recent")
    raw = (
        of_items(recent.c.clicks)
        .join(Share, Share.item_id == ContentItem.id)
        .join(recent, recent.c.share_id == Share.id)
        .where(_within(recent.c.day, Objective, today))
    )
    rows = sa.union_all(whole, by_day, raw).subquery("objective_clicks")
    return sa.select(rows.c.objective_id, sa.func.sum(rows.c.clicks)).group_by(rows.c.objective_id)


def progress_of(today: date, rolled_until: date | None) -> list[ObjectiveProgress]:
    """Every objective, soonest due first: four statements."""
    objectives = db.session.execute(sa.select(Objective).order_by(Objective.due, Objective.id))
    rows = {
        o.id: ObjectiveProgress(
            id=o.id,
            title=o.title,
            family=o.family,
            metric=o.metric,
            target=o.target,
            starts_on=o.starts_on,
            due=o.due,
        )
        for o in objectives.scalars()
    }
    if not rows:
        return []
    shared = rollup.utc_day(Share.created_at)
    shares = (
        sa.select(Objective.id, sa.func.count())
        .join(ContentItem, ContentItem.objective_id == Objective.id)
        .join(Share, Share.item_id == ContentItem.id)
        .where(Objective.metric == "shares", _within(shared, Objective, today))
        .group_by(Objective.id)
    )
    counted_clicks = _clicks_per_objective(today, rolled_until)
    reported = rollup.utc_day(Conversion.reported_at)
    signups = (
        sa.select(Objective.id, sa.func.count())
        .join(ContentItem, ContentItem.objective_id == Objective.id)
        .join(Share, Share.item_id == ContentItem.id)
        .join(Conversion, Conversion.share_id == Share.id)
        .where(
            Objective.metric == "conversions",
            Conversion.attributed.is_(True),
            _within(reported, Objective, today),
        )
        .group_by(Objective.id)
    )
    for query in (shares, counted_clicks, signups):
        for objective_id, count in db.session.execute(query):
            rows[objective_id].achieved = int(count)
    for row in rows.values():
        row.forecast = forecast(row.achieved, row.starts_on, row.due, today)
        row.status = status(row.achieved, row.target, row.forecast, row.starts_on, row.due, today)
    return list(rows.values())
