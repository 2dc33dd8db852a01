"""The history of every level assignment: diagnostic, retake, the person's choice after a
borderline result, HR override."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import User
from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.levels import LEVELS

# A questionnaire result is a `diagnostic` (the person's first) or a `retake`. After a
# borderline one the person may keep its level (`confirmed`) or take the neighbouring
# one (`chosen`).
QUESTIONNAIRE = ("diagnostic", "retake")
SOURCES = (*QUESTIONNAIRE, "confirmed", "chosen", "override", "import")


class LevelAssignment(db.Model):
    __tablename__ = "level_assignments"
    __table_args__ = (
        sa.CheckConstraint(one_of("level", LEVELS), name="level_known"),
        sa.CheckConstraint(one_of("source", SOURCES), name="source_known"),
        sa.CheckConstraint(one_of("neighbour_level", LEVELS), name="neighbour_level_known"),
        sa.CheckConstraint(
            "source <> 'override' OR (reason IS NOT NULL AND assigned_by_id IS NOT NULL)",
            name="override_has_reason",
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(sa.String(20))
    source: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    assigned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The diagnostic's answers and scores, so the learner can see why.
    answers: Mapped[dict | None] = mapped_column(sa.JSON)
    scores: Mapped[dict | None] = mapped_column(sa.JSON)
    # A borderline result: the neighbouring level it offered. After the person's choice,
    # the level they did not take.
    neighbour_level: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
