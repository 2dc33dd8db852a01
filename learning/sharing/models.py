"""Shares (tracked links), the clicks through them, the sign-ups they bring, and the
daily keys that count unique visitors without keeping any address."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.advocacy.models import ContentItem
from learning.auth.models import User
from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.networks import NETWORK_NAMES

# What a request to a tracked link was. Only `person` is a click: the others are recorded
# (so a report can say how many previews a post got) and never counted.
CLICK_KINDS = ("person", "bot", "preview", "head", "self")
CODE_LENGTH = 16
REFERENCE_LENGTH = 200


class Share(db.Model):
    """One person's tracked link for one item on one network, with the text they posted."""

    __tablename__ = "shares"
    __table_args__ = (
        sa.CheckConstraint(one_of("network", NETWORK_NAMES), name="network_known"),
        sa.Index("ix_shares_user_id_created_at", "user_id", "created_at"),
        sa.Index("ix_shares_item_id_created_at", "item_id", "created_at"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    # Short, random and unguessable (see sharing.services); the redirect looks it up.
    code: Mapped[str] = mapped_column(sa.String(CODE_LENGTH), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("content_items.id"))
    network: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    item: Mapped[ContentItem] = relationship()


class Click(db.Model):
    """A request to a tracked link. Written by the redirect, one row per request, and
    nothing else: no address is kept, only a keyed hash that changes every day."""

    __tablename__ = "clicks"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", CLICK_KINDS), name="kind_known"),
        sa.Index("ix_clicks_share_id_clicked_at", "share_id", "clicked_at"),
        sa.Index("ix_clicks_clicked_at", "clicked_at"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(sa.ForeignKey("shares.id"))
    clicked_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(sa.String(10))
    # HMAC of address and user agent under the day's key; the key is destroyed after
    # its day, so yesterday's visitors cannot be recognised or recomputed.
    visitor: Mapped[str | None] = mapped_column(sa.String(32))


class Conversion(db.Model):
    """A sign-up reported for a tracked link. A reference counts once: the unique key
    decides, so two reports of the same sign-up at the same moment make one row."""

    __tablename__ = "conversions"

    id: Mapped[Id] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(REFERENCE_LENGTH), unique=True)
    share_id: Mapped[int] = mapped_column(sa.ForeignKey("shares.id"), index=True)
    reported_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Within the attribution window after the link's last counted click.
    attributed: Mapped[bool]
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    share: Mapped[Share] = relationship()


class VisitorKey(db.Model):
    """The secret of one day's visitor hashes. Deleted once its day is over."""

    __tablename__ = "visitor_keys"

    day: Mapped[date] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
