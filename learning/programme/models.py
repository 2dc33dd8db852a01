"""The champions' programme: its events and who attended, and the ratings of candidate
champions. (Points and leaderboards are computed from the sharing tables; the opt-in is
`User.leaderboard_opt_in`.)"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.advocacy.models import Objective
from learning.auth.models import User
from learning.database import Id, one_of, utcnow
from learning.extensions import db

EVENT_KINDS = ("training", "quarterly_review", "workshop")
AUDIENCES = ("everyone", "department", "objective")
RECURRENCES = ("none", "monthly", "quarterly")
TITLE_LENGTH = 200
DEPARTMENT_LENGTH = 120
CRITERIA = ("charismatic", "known", "recognised", "available")
LOWEST, HIGHEST = 1, 3
SUITABLE_TOTAL = 8  # out of 12: a suitable leader


class ProgrammeEvent(db.Model):
    """One occurrence of a programme event. A recurring event is stored as its
    occurrences for the next twelve months, each a row of the same `series_id` (the
    first occurrence's id), so each has its own date and attendance and may be moved
    or cancelled on its own."""

    __tablename__ = "programme_events"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", EVENT_KINDS), name="kind_known"),
        sa.CheckConstraint(one_of("audience", AUDIENCES), name="audience_known"),
        sa.CheckConstraint(one_of("recurrence", RECURRENCES), name="recurrence_known"),
        sa.CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        # The audience names exactly what it needs: a department, an objective, or neither.
        sa.CheckConstraint(
            "(audience = 'everyone' AND department IS NULL AND objective_id IS NULL)"
            " OR (audience = 'department' AND department IS NOT NULL AND objective_id IS NULL)"
            " OR (audience = 'objective' AND objective_id IS NOT NULL AND department IS NULL)",
            name="audience_target",
        ),
        sa.Index("ix_programme_events_starts_at", "starts_at"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("programme_events.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(TITLE_LENGTH))
    starts_at: Mapped[datetime]
    audience: Mapped[str] = mapped_column(sa.String(20))
    department: Mapped[str | None] = mapped_column(sa.String(DEPARTMENT_LENGTH))
    objective_id: Mapped[int | None] = mapped_column(sa.ForeignKey("objectives.id"))
    recurrence: Mapped[str] = mapped_column(sa.String(20), default="none")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    objective: Mapped[Objective | None] = relationship()
    created_by: Mapped[User] = relationship()


class EventAttendance(db.Model):
    """A person who attended an occurrence, as the champion recorded it."""

    __tablename__ = "event_attendances"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True, index=True)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class CandidateRating(db.Model):
    """One rater's rating of a candidate champion, 1 to 3 on each criterion. A rater has
    one rating per candidate: rating again replaces it (the time says when it was last
    rated); each rater's rating is kept beside the others'."""

    __tablename__ = "candidate_ratings"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "rated_by_id"),
        *(
            sa.CheckConstraint(f"{name} BETWEEN {LOWEST} AND {HIGHEST}", name=f"{name}_range")
            for name in CRITERIA
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    rated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    charismatic: Mapped[int] = mapped_column(sa.SmallInteger)
    known: Mapped[int] = mapped_column(sa.SmallInteger)
    recognised: Mapped[int] = mapped_column(sa.SmallInteger)
    available: Mapped[int] = mapped_column(sa.SmallInteger)
    rated_at: Mapped[datetime] = mapped_column(default=utcnow)

    candidate: Mapped[User] = relationship(foreign_keys=[candidate_id])
    rated_by: Mapped[User] = relationship(foreign_keys=[rated_by_id])

    @property
    def total(self) -> int:
        return self.charismatic + self.known + self.recognised + self.available
