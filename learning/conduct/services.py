"""The conduct guide: its current version, and who acknowledged what."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import Conflict, NotFound
from learning.extensions import db


def current_version() -> GuideVersion | None:
    """The highest version already published."""
    return db.session.execute(
        sa.select(GuideVersion)
        .where(GuideVersion.published_at <= utcnow())
        .order_by(GuideVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def require_current_version() -> GuideVersion:
    guide = current_version()
    if guide is None:
        raise NotFound(_("No conduct guide has been published yet."), code="no_guide")
    return guide


@dataclass
class GuideStatus:
    current: GuideVersion | None
    acknowledged_at: object = None
    # The latest older version this person acknowledged, when they must acknowledge again.
    previous: GuideVersion | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def needs_reacknowledgment(self) -> bool:
        return not self.acknowledged and self.previous is not None

    @property
    def changed_sections(self) -> list[str]:
        """Titles of the current sections whose text differs from the acknowledged version."""
        if self.previous is None or self.current is None:
            return []
        before = {section["topic"]: section for section in self.previous.sections}
        return [
            section["title"]
            for section in self.current.sections
            if before.get(section["topic"]) != section
        ]


def status(user: User) -> GuideStatus:
    guide = current_version()
    if guide is None:
        return GuideStatus(current=None)
    latest = db.session.execute(
        sa.select(Acknowledgment.acknowledged_at, GuideVersion)
        .join(GuideVersion, GuideVersion.id == Acknowledgment.guide_version_id)
        .where(Acknowledgment.user_id == user.id)
        .order_by(GuideVersion.version.desc())
        .limit(1)
    ).first()
    if latest is None:
        return GuideStatus(current=guide)
    acknowledged_at, version = latest
    if version.id == guide.id:
        return GuideStatus(current=guide, acknowledged_at=acknowledged_at)
    return GuideStatus(current=guide, previous=version)


def acknowledge(user: User, version: int) -> bool:
    """Acknowledge the current version's exact text. True when newly recorded."""
    guide = require_current_version()
    if version != guide.version:
        raise Conflict(
            _(
                "Version %(given)s is not the current conduct guide; the current version is "
                "%(current)s.",
                given=version,
                current=guide.version,
            ),
            code="not_current_version",
        )
    inserted = insert_ignoring_duplicates(
        db.session,
        Acknowledgment,
        user_id=user.id,
        guide_version_id=guide.id,
        content_hash=guide.content_hash,
        acknowledged_at=utcnow(),
    )
    if inserted:
        signals.announce(signals.guide_acknowledged, user, guide=guide)
    return inserted


def acknowledgments(user: User) -> list[tuple[Acknowledgment, GuideVersion]]:
    return list(
        db.session.execute(
            sa.select(Acknowledgment, GuideVersion)
            .join(GuideVersion, GuideVersion.id == Acknowledgment.guide_version_id)
            .where(Acknowledgment.user_id == user.id)
            .order_by(GuideVersion.version.desc())
        ).all()
    )
