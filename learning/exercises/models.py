"""Drafts written for a `draft` exercise, with the findings of their check."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.courses.models import Lesson
from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.networks import NETWORK_NAMES

# The most characters a draft may have: more than any exercise needs, less than a page.
TEXT_MAX_LENGTH = 10_000


class Draft(db.Model):
    """One person's draft post for one exercise lesson, as checked when submitted. Private
    to its author."""

    __tablename__ = "drafts"
    __table_args__ = (sa.CheckConstraint(one_of("network", NETWORK_NAMES), name="network_known"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"))
    network: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    # True when every rule passed: the exercise is then done.
    passed: Mapped[bool]
    # [{"rule": "length", "passed": true, "message": "…", "found": […]}], in rule order.
    findings: Mapped[list] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lesson: Mapped[Lesson] = relationship()
