"""Conduct guide versions and the acknowledgments people give them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db


class GuideVersion(db.Model):
    __tablename__ = "guide_versions"
    __table_args__ = (sa.CheckConstraint("version > 0", name="version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    published_at: Mapped[datetime]
    changes: Mapped[str] = mapped_column(sa.Text, default="")
    # [{topic, title, body}] in Markdown, exactly as published.
    sections: Mapped[list] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Acknowledgment(db.Model):
    """Who acknowledged which version's exact text, and when. Never updated or deleted:
    the database refuses it (see the triggers below and in the migration)."""

    __tablename__ = "acknowledgments"
    __table_args__ = (sa.UniqueConstraint("user_id", "guide_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    guide_version_id: Mapped[int] = mapped_column(sa.ForeignKey("guide_versions.id"))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    guide_version: Mapped[GuideVersion] = relationship()


SQLITE_IMMUTABLE = [
    sa.DDL(
        f"CREATE TRIGGER acknowledgments_no_{action.lower()} BEFORE {action} ON acknowledgments "
        "BEGIN SELECT RAISE(ABORT, 'acknowledgments are never altered'); END"
    )
    for action in ("UPDATE", "DELETE")
]
POSTGRESQL_IMMUTABLE = [
    sa.DDL(
        "CREATE OR REPLACE FUNCTION acknowledgments_immutable() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'acknowledgments are never altered'; END $$ LANGUAGE plpgsql"
    ),
    sa.DDL(
        "CREATE TRIGGER acknowledgments_immutable BEFORE UPDATE OR DELETE ON acknowledgments "
        "FOR EACH ROW EXECUTE FUNCTION acknowledgments_immutable()"
    ),
]
for _ddl in SQLITE_IMMUTABLE:
    sa.event.listen(Acknowledgment.__table__, "after_create", _ddl.execute_if(dialect="sqlite"))
for _ddl in POSTGRESQL_IMMUTABLE:
    sa.event.listen(Acknowledgment.__table__, "after_create", _ddl.execute_if(dialect="postgresql"))
