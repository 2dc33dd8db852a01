"""What the reports keep beside the raw clicks: the counted clicks of finished days, rolled
up three ways, and how far the rollups go.

The redirect writes one `clicks` row per request and nothing else. A report brings the
rollups up to date itself (see `rollup`), then reads them for finished days and the raw
clicks for the day in progress. A share's clicks come within days of its posting, so most
shares of a period lie wholly inside it: their totals (`share_clicks`) answer for them,
and only the shares straddling an end of the period are read day by day
(`click_rollups`). The totals of each day (`click_days`) give the cards and the weeks.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import Id
from learning.extensions import db
from learning.sharing.models import Share


class ClickRollup(db.Model):
    """The counted clicks (people's) of one share on one finished UTC day."""

    __tablename__ = "click_rollups"
    __table_args__ = (sa.CheckConstraint("clicks > 0", name="clicks_positive"),)

    share_id: Mapped[int] = mapped_column(sa.ForeignKey("shares.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    clicks: Mapped[int]


class ShareClicks(db.Model):
    """One share's counted clicks over every finished day, and the first and last of those
    days. The share's item, network and person are copied from it (a share never
    changes), so a report groups by them without a join."""

    __tablename__ = "share_clicks"
    __table_args__ = (
        sa.CheckConstraint("clicks > 0", name="clicks_positive"),
        sa.CheckConstraint("first_day <= last_day", name="days_ordered"),
        # A period's shares with everything the report reads of them, from the index alone.
        sa.Index(
            "ix_share_clicks_first_day_covering",
            "first_day",
            "last_day",
            "item_id",
            "network",
            "user_id",
            "clicks",
        ),
        sa.Index("ix_share_clicks_last_day_first_day", "last_day", "first_day"),
        # An objective's progress reads its items' shares with their days and clicks.
        sa.Index("ix_share_clicks_item_id_days", "item_id", "first_day", "last_day", "clicks"),
    )

    share_id: Mapped[int] = mapped_column(sa.ForeignKey("shares.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("content_items.id"))
    network: Mapped[str] = mapped_column(sa.String(20))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    first_day: Mapped[date]
    last_day: Mapped[date]
    clicks: Mapped[int]


class ClickDay(db.Model):
    """One finished UTC day: its counted clicks, the requests left out (bots, previews,
    HEAD, the sharer's own), and its distinct visitors (daily hashes of counted clicks)."""

    __tablename__ = "click_days"
    __table_args__ = (
        sa.CheckConstraint("clicks >= 0 AND filtered >= 0 AND visitors >= 0", name="counts"),
    )

    day: Mapped[date] = mapped_column(primary_key=True)
    clicks: Mapped[int]
    filtered: Mapped[int]
    visitors: Mapped[int]


class RollupState(db.Model):
    """How far the rollups go: one row.

    Every click dated before `rolled_until` is in the rollups; `last_click_id` is the
    highest click id seen by the last run, so a click written later with a past date
    (an import, the demo) is found and its day rolled up again.
    """

    __tablename__ = "rollup_state"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[Id] = mapped_column(primary_key=True, autoincrement=False)
    rolled_until: Mapped[date | None]
    last_click_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)


# The period's shares are read by date with everything the report groups them by, from
# the index alone. The index serves this feature only, so it is declared here.
sa.Index(
    "ix_shares_created_at_item_id_network_user_id",
    Share.created_at,
    Share.item_id,
    Share.network,
    Share.user_id,
)
