"""Objectives, and the hub's content items with their per-network texts and reviews."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from learning.auth.models import User
from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.networks import NETWORK_NAMES

FAMILIES = ("awareness", "campaigns", "talent")
# What an objective's target counts: attributed sign-ups, counted clicks or shares.
METRICS = ("conversions", "clicks", "shares")
CONTENT_TYPES = (
    "press_release",
    "case_study",
    "product_review",
    "employee_story",
    "web_article",
    "job_offer",
    "event",
)
# A champion's item is published at once; an employee's story is submitted, may be sent
# back with a comment (changes_requested), resubmitted, and is published on approval.
ITEM_STATUSES = ("submitted", "changes_requested", "published")
REVIEW_DECISIONS = ("approved", "changes_requested")
URL_LENGTH = 2048
TITLE_LENGTH = 200


class Objective(db.Model):
    __tablename__ = "objectives"
    __table_args__ = (
        sa.CheckConstraint(one_of("family", FAMILIES), name="family_known"),
        sa.CheckConstraint(one_of("metric", METRICS), name="metric_known"),
        sa.CheckConstraint("target > 0", name="target_positive"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_LENGTH))
    family: Mapped[str] = mapped_column(sa.String(20))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    target: Mapped[int]
    metric: Mapped[str] = mapped_column(
        sa.String(20), default="conversions", server_default="conversions"
    )
    # When the objective began counting: its progress counts from then to `due`.
    starts_on: Mapped[date]
    due: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()


class ContentItem(db.Model):
    """Something employees may share: it is shareable while published, not retired, and
    within its availability window."""

    __tablename__ = "content_items"
    __table_args__ = (
        sa.CheckConstraint(one_of("type", CONTENT_TYPES), name="type_known"),
        sa.CheckConstraint(one_of("status", ITEM_STATUSES), name="status_known"),
        # A story may arrive without a link or an objective; nothing is published without.
        sa.CheckConstraint(
            "status != 'published' OR (url IS NOT NULL AND objective_id IS NOT NULL)",
            name="published_is_complete",
        ),
        sa.CheckConstraint(
            "available_until IS NULL OR available_until > available_from",
            name="window_ordered",
        ),
        sa.Index("ix_content_items_status_available_from", "status", "available_from"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_LENGTH))
    type: Mapped[str] = mapped_column(sa.String(20))
    url: Mapped[str | None] = mapped_column(sa.String(URL_LENGTH))
    # What the item is about, in Markdown; for a story, the story itself.
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # The text offered for any network without a text of its own (see `texts`).
    suggested_text: Mapped[str] = mapped_column(sa.Text, default="")
    objective_id: Mapped[int | None] = mapped_column(sa.ForeignKey("objectives.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    available_from: Mapped[datetime] = mapped_column(default=utcnow)
    available_until: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    objective: Mapped[Objective | None] = relationship()
    author: Mapped[User] = relationship()
    texts: Mapped[dict[str, "ItemText"]] = relationship(
        collection_class=attribute_keyed_dict("network"),
        cascade="all, delete-orphan",
    )
    reviews: Mapped[list["ItemReview"]] = relationship(order_by="ItemReview.id")


class ItemText(db.Model):
    """The suggested text for one network, where it differs from the item's own."""

    __tablename__ = "item_texts"
    __table_args__ = (sa.CheckConstraint(one_of("network", NETWORK_NAMES), name="network_known"),)

    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    network: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)


class ItemReview(db.Model):
    """A champion's decision on a submitted story, with the comment the author sees."""

    __tablename__ = "item_reviews"
    __table_args__ = (
        sa.CheckConstraint(one_of("decision", REVIEW_DECISIONS), name="decision_known"),
        sa.CheckConstraint(
            "decision = 'approved' OR length(comment) > 0", name="sent_back_with_comment"
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("content_items.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship()
