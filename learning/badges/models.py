"""Badges (what can be earned, read from `courses/badges.yml`), the awards that give them
to people with their evidence, and the audit of what was done by hand."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import User
from learning.database import Id, one_of, utcnow
from learning.extensions import db

# Where the badge images are, under the static folder: /static/badges/<image>.
STATIC_FOLDER = "badges"

# What a badge's criterion counts. `manual` badges are awarded by a champion's hand only.
CRITERIA_KINDS = (
    "guide_acknowledged",  # the current conduct guide acknowledged
    "course_completed",  # a course (`parameter`: its slug) or any `threshold` courses
    "path_completed",  # the whole learning path of the person's level
    "shares",  # `threshold` shares made
    "networks",  # shares on `threshold` different networks
    "clicks",  # `threshold` counted clicks brought (people only: no bot, preview, self)
    "signups",  # `threshold` attributed sign-ups brought
    "objective_reached",  # shared for an objective that reached its target
    "monthly_streak",  # shared in each of `threshold` consecutive calendar months
    "manual",
)
AUDIT_ACTIONS = ("awarded", "revoked")
SLUG_LENGTH = 60
SALT_LENGTH = 32


class Badge(db.Model):
    """A badge that can be earned: an Open Badges BadgeClass. Its definition lives in the
    content files; `content sync` writes it here, so an award keeps its badge."""

    __tablename__ = "badges"
    __table_args__ = (
        sa.CheckConstraint(one_of("criteria_kind", CRITERIA_KINDS), name="criteria_kind_known"),
        sa.CheckConstraint("threshold IS NULL OR threshold > 0", name="threshold_positive"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(SLUG_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text)
    # What earns it, in words, as the Open Badges `criteria.narrative`.
    criteria: Mapped[str] = mapped_column(sa.Text)
    criteria_kind: Mapped[str] = mapped_column(sa.String(30))
    threshold: Mapped[int | None]
    parameter: Mapped[str | None] = mapped_column(sa.String(SLUG_LENGTH))
    # The image's file name under the badge images folder.
    image: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    # No longer in the content files: kept for the awards that point to it.
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def manual(self) -> bool:
        return self.criteria_kind == "manual"


class Award(db.Model):
    """A badge given to a person, once: the unique key settles two events that complete
    the same rule at the same moment. Revoked awards stay, marked, for the 410 and the
    audit."""

    __tablename__ = "awards"
    __table_args__ = (
        sa.UniqueConstraint("badge_id", "user_id"),
        sa.Index("ix_awards_user_id_awarded_at", "user_id", "awarded_at"),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revocation_reason IS NULL)", name="revocation_explained"
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    badge_id: Mapped[int] = mapped_column(sa.ForeignKey("badges.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    awarded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why it was earned, for the person and the assertion's evidence: which course, which
    # shares, how many clicks; for a manual award, the champion's reason.
    evidence: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    awarded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    # The recipient's e-mail is published only as sha256(email + salt), a salt per award.
    salt: Mapped[str] = mapped_column(sa.String(SALT_LENGTH))
    # Set when the recipient is anonymised (learning.privacy): the hash of the erased
    # e-mail, kept so the badge still verifies for the person who holds it.
    recipient_identity: Mapped[str | None] = mapped_column(sa.String(71))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revocation_reason: Mapped[str | None] = mapped_column(sa.Text)

    badge: Mapped[Badge] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    awarded_by: Mapped[User | None] = relationship(foreign_keys=[awarded_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])


class AwardAudit(db.Model):
    """Every manual award and every revocation, with who did it and why. HR reads it."""

    __tablename__ = "award_audit"
    __table_args__ = (sa.CheckConstraint(one_of("action", AUDIT_ACTIONS), name="action_known"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(sa.ForeignKey("awards.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(10))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    happened_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    award: Mapped[Award] = relationship()
    actor: Mapped[User] = relationship()


class BadgeCounter(db.Model):
    """A person's running totals of what the redirect and the sign-up reports record
    (counted clicks brought, attributed sign-ups brought), kept by the reconciliation so
    that deciding a click or sign-up badge reads one row, whatever the person's history."""

    __tablename__ = "badge_counters"
    __table_args__ = (
        sa.CheckConstraint("clicks >= 0 AND signups >= 0", name="counts_not_negative"),
    )

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    clicks: Mapped[int] = mapped_column(default=0)
    signups: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BadgeWatermark(db.Model):
    """How far the reconciliation has read clicks, sign-ups and shares: one row. It moves
    in the same transaction as the counters and awards it justifies, so a process that
    dies half-way leaves it where it was, and the next run does the work again."""

    __tablename__ = "badge_watermark"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[Id] = mapped_column(primary_key=True, autoincrement=False)
    last_click_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_conversion_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_share_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The objectives that had reached their target at the last run: their sharers are
    # evaluated once, when an objective joins this list, not at every run.
    objectives_reached: Mapped[list] = mapped_column(sa.JSON, default=list)
    ran_at: Mapped[datetime | None]
