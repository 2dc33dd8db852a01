"""The privacy audit: every personal-data download and every anonymisation."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import Id, one_of, utcnow
from learning.extensions import db

ACTIONS = ("download", "anonymisation")
REASON_MAX_LENGTH = 1000


class PrivacyAudit(db.Model):
    """Who did what to whose data, when and why. The subject is an id only: after an
    anonymisation the row names "Former employee #id", never the erased name."""

    __tablename__ = "privacy_audit"
    __table_args__ = (
        sa.CheckConstraint(one_of("action", ACTIONS), name="action_known"),
        sa.CheckConstraint(
            "action <> 'anonymisation' OR length(trim(reason)) > 0", name="anonymisation_explained"
        ),
        sa.Index("ix_privacy_audit_created_at", "created_at"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    subject_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
