"""Conduct guide versions and the acknowledgments people give them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from learning.auth.models import User
from learning.database import one_of, utcnow
from learning.extensions import db
from learning.locales import LOCALES, SOURCE_LOCALE, TRANSLATED_LOCALES


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

    translations: Mapped[dict[str, "GuideTranslation"]] = relationship(
        collection_class=attribute_keyed_dict("locale")
    )


class GuideTranslation(db.Model):
    """A version's text in another language. Like the English text in the version itself,
    it is never edited once published: people acknowledge it by its hash."""

    __tablename__ = "guide_translations"
    __table_args__ = (
        sa.CheckConstraint(one_of("locale", TRANSLATED_LOCALES), name="locale_known"),
    )

    guide_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("guide_versions.id"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    changes: Mapped[str] = mapped_column(sa.Text, default="")
    sections: Mapped[list] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Acknowledgment(db.Model):
    """Who acknowledged which version's exact text, in which language, and when. Never
    updated or deleted: the database refuses it (see the triggers below and in the migration)."""

    __tablename__ = "acknowledgments"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "guide_version_id"),
        sa.CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    guide_version_id: Mapped[int] = mapped_column(sa.ForeignKey("guide_versions.id"))
    # The language of the text acknowledged; content_hash is the hash of that text.
    locale: Mapped[str] = mapped_column(
        sa.String(8), default=SOURCE_LOCALE, server_default=SOURCE_LOCALE
    )
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
