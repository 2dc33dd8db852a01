"""A roster import waiting for HR's confirmation, kept between the preview and the apply."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import Id, utcnow
from learning.extensions import db


class PendingRosterImport(db.Model):
    """The uploaded file, as text, keyed by a random key and tied to the HR person who
    uploaded it. Confirming reads it again against the database of that moment, so what is
    applied is never older than the check; it expires after ROSTER_IMPORT_TTL_MINUTES."""

    __tablename__ = "pending_roster_imports"

    id: Mapped[Id] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255))
    content: Mapped[str] = mapped_column(sa.Text)
    whole_roster: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
