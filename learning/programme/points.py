"""Points: what the leaderboards rank people by. They reward impact, not volume.

The weights, in one place:

- a counted click brought by a person's shares (kind `person` only: bots, link
  previews, HEAD requests and the sharer's own clicks earn nothing) is worth
  CLICK_POINTS;
- an attributed sign-up (reported within the attribution window) is worth
  SIGNUP_POINTS;
- a share is worth SHARE_POINTS, and only the first SHARES_PER_DAY shares of a person
  on a UTC day earn anything, so posting in bulk does not pay.

Each is counted on its own date, as in the advocacy analytics: a share when made, a
click when clicked, a sign-up when reported. Computed in SQL, one statement per board:
the counted clicks come from the analytics rollups (`learning.analytics.rollup`) and the
raw clicks of the day in progress, so the cost follows the shares, not the clicks.
"""

from datetime import date

import sqlalchemy as sa

from learning.advocacy.models import ContentItem
from learning.analytics import rollup
from learning.sharing.models import Conversion, Share

SHARE_POINTS = 1
CLICK_POINTS = 2
SIGNUP_POINTS = 20
SHARES_PER_DAY = 3
# The weights as the leaderboard page and API state them.
WEIGHTS = {
    "share": SHARE_POINTS,
    "click": CLICK_POINTS,
    "signup": SIGNUP_POINTS,
    "shares_per_day": SHARES_PER_DAY,
}


def _between(column, start: date | None, end: date):
    # Bounded at both ends even for all time, so the index on the date serves.
    return sa.and_(column >= rollup.midnight(start or date.min), column < rollup.midnight(end))


def points_per_person(
    start: date | None, end: date, rolled_until: date | None, objective_id: int | None = None
):
    """Rows of (user_id, shares, rewarded_shares, clicks, signups, points) for everyone
    with some activity in [start, end) (UTC days; no start: since the first), counting
    only what concerns the objective's items when `objective_id` is given. A subquery:
    the caller joins people to it and ranks them."""
    zero = sa.literal(0)
    day = rollup.utc_day(Share.created_at)
    per_day = sa.select(Share.user_id, day.label("day"), sa.func.count().label("shares")).where(
        _between(Share.created_at, start, end)
    )
    if objective_id is not None:
        per_day = per_day.join(ContentItem, ContentItem.id == Share.item_id).where(
            ContentItem.objective_id == objective_id
        )
    per_day = per_day.group_by(Share.user_id, day).subquery("shares_per_day")
    rewarded = sa.case((per_day.c.shares > SHARES_PER_DAY, SHARES_PER_DAY), else_=per_day.c.shares)
    shares = sa.select(
        per_day.c.user_id,
        sa.func.sum(per_day.c.shares).label("shares"),
        sa.func.sum(rewarded).label("rewarded_shares"),
        zero.label("clicks"),
        zero.label("signups"),
    ).group_by(per_day.c.user_id)

    if objective_id is None:
        click_rows = rollup.click_rows(rolled_until, start, end, "user_id")
        clicks = sa.select(click_rows.c.user_id, zero, zero, click_rows.c.clicks, zero)
    else:
        click_rows = rollup.click_rows(rolled_until, start, end, "user_id", "item_id")
        clicks = (
            sa.select(click_rows.c.user_id, zero, zero, click_rows.c.clicks, zero)
            .join(ContentItem, ContentItem.id == click_rows.c.item_id)
            .where(ContentItem.objective_id == objective_id)
        )

    signups = (
        sa.select(Share.user_id, zero, zero, zero, sa.func.count())
        .select_from(Conversion)
        .join(Share, Share.id == Conversion.share_id)
        .where(Conversion.attributed.is_(True), _between(Conversion.reported_at, start, end))
    )
    if objective_id is not None:
        signups = signups.join(ContentItem, ContentItem.id == Share.item_id).where(
            ContentItem.objective_id == objective_id
        )
    signups = signups.group_by(Share.user_id)

    activity = sa.union_all(shares, clicks, signups).subquery("activity")
    totals = [
        sa.func.sum(activity.c[name]).label(name)
        for name in ("shares", "rewarded_shares", "clicks", "signups")
    ]
    points = (
        sa.func.sum(activity.c.rewarded_shares) * SHARE_POINTS
        + sa.func.sum(activity.c.clicks) * CLICK_POINTS
        + sa.func.sum(activity.c.signups) * SIGNUP_POINTS
    )
    return (
        sa.select(activity.c.user_id, *totals, points.label("points"))
        .group_by(activity.c.user_id)
        .subquery("points")
    )
