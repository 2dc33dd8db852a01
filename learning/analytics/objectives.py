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
from learning.extensions import db
from learning.sharing.models import Conversion, Share


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
    clicks = rollup.click_rows(
        rolled_until, min(r.starts_on for r in rows.values()), today + timedelta(days=1)
    )
    counted_clicks = (
        sa.select(Objective.id, sa.func.sum(clicks.c.clicks))
        .join(ContentItem, ContentItem.objective_id == Objective.id)
        .join(clicks, clicks.c.item_id == ContentItem.id)
        .where(
            Objective.metric == "clicks",
            clicks.c.kind == "person",
            _within(clicks.c.day, Objective, today),
        )
        .group_by(Objective.id)
    )
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
