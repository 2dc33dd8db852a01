"""Conduct guide versions and the acknowledgments people give them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import User
from learning.database import AppendOnly, Id, utcnow
from learning.extensions import db


class GuideVersion(db.Model):
    __tablename__ = "guide_versions"
    __table_args__ = (sa.CheckConstraint("version > 0", name="version_positive"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    published_at: Mapped[datetime]
    changes: Mapped[str] = mapped_column(sa.Text, default="")
    # [{topic, title, body}] in Markdown, exactly as published.
    sections: Mapped[list] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Acknowledgment(db.Model):
    """Who acknowledged which version's exact text, and when. Never updated or deleted:
    the database refuses it (see ACKNOWLEDGMENTS_ARE_FINAL below)."""

    __tablename__ = "acknowledgments"
    __table_args__ = (sa.UniqueConstraint("user_id", "guide_version_id"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    guide_version_id: Mapped[int] = mapped_column(sa.ForeignKey("guide_versions.id"))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    guide_version: Mapped[GuideVersion] = relationship()


# Never updated, deleted, replaced or truncated; the migrations install the same triggers.
ACKNOWLEDGMENTS_ARE_FINAL = AppendOnly("acknowledgments", key=("user_id", "guide_version_id"))
ACKNOWLEDGMENTS_ARE_FINAL.attach(Acknowledgment.__table__)
