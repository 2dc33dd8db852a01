"""What the reports keep beside the raw clicks: the clicks of each finished day, rolled up.

The redirect writes one `clicks` row per request and nothing else. A report brings the
rollups up to date itself (see `rollup`), then reads them for finished days and the raw
clicks for the day in progress.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import one_of
from learning.extensions import db
from learning.sharing.models import CLICK_KINDS


class ClickRollup(db.Model):
    """The requests of one kind to one share's link on one finished (UTC) day.

    The share's item, network and person are copied from the share, which never changes,
    so a report groups by them without a join.
    """

    __tablename__ = "click_rollups"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", CLICK_KINDS), name="kind_known"),
        sa.CheckConstraint("clicks > 0", name="clicks_positive"),
        sa.Index("ix_click_rollups_day_kind", "day", "kind"),
    )

    share_id: Mapped[int] = mapped_column(sa.ForeignKey("shares.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("content_items.id"), index=True)
    network: Mapped[str] = mapped_column(sa.String(20))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    clicks: Mapped[int]


class VisitorDay(db.Model):
    """How many distinct visitors (daily hashes of counted clicks) one finished day had."""

    __tablename__ = "visitor_days"
    __table_args__ = (sa.CheckConstraint("visitors >= 0", name="visitors_not_negative"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    visitors: Mapped[int]


class RollupState(db.Model):
    """How far the rollups go: one row.

    Every click dated before `rolled_until` is in the rollups; `last_click_id` is the
    highest click id seen by the last run, so a click written later with a past date
    (an import, the demo) is found and its day rolled up again.
    """

    __tablename__ = "rollup_state"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    rolled_until: Mapped[date | None]
    last_click_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
