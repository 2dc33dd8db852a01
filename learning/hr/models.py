"""What HR keeps: the record of the reminders sent."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import User
from learning.database import Id, utcnow
from learning.extensions import db


class Reminder(db.Model):
    """One reminder e-mail sent to a person, and what it was about.

    At most one a week per person, whatever it is about: `learning.hr.reminders` inserts
    a row only when the person has none in the last seven days, with the person's row
    locked, so two senders at once cannot both send.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        sa.CheckConstraint("about_training OR about_guide", name="about_something"),
        sa.Index("ix_reminders_user_sent_at", "user_id", "sent_at"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # The path not completed by the onboarding deadline (learning.hr.overdue).
    about_training: Mapped[bool]
    # The current conduct guide not acknowledged (or only an earlier version).
    about_guide: Mapped[bool]
    # None: the daily scheduler's command; otherwise the HR person who pressed the button.
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
