"""Conduct guide versions and the acknowledgments people give them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from learning.auth.models import User
from learning.database import AppendOnly, Id, one_of, utcnow
from learning.extensions import db
from learning.locales import LOCALES, SOURCE_LOCALE, TRANSLATED_LOCALES


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
    # The hash of the file's text before the company's settings were filled in: an edit of
    # the file changes it, a change of a setting does not.
    template_hash: Mapped[str] = mapped_column(sa.String(64))
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
    template_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Acknowledgment(db.Model):
    """Who acknowledged which version's exact text, in which language, and when. Never
    updated or deleted: the database refuses it (see ACKNOWLEDGMENTS_ARE_FINAL below)."""

    __tablename__ = "acknowledgments"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "guide_version_id"),
        sa.CheckConstraint(one_of("locale", LOCALES), name="locale_known"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
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


# Never updated, deleted, replaced or truncated; the migrations install the same triggers.
ACKNOWLEDGMENTS_ARE_FINAL = AppendOnly("acknowledgments", key=("user_id", "guide_version_id"))
ACKNOWLEDGMENTS_ARE_FINAL.attach(Acknowledgment.__table__)
