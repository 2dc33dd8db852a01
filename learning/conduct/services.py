"""The conduct guide: its versions and their texts, and who acknowledged what."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from learning import signals
from learning.auth.models import User
from learning.conduct.loader import GuideSpec, guide_hash
from learning.conduct.models import Acknowledgment, GuideTranslation, GuideVersion
from learning.content import Problem, SyncReport
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import Conflict, NotFound
from learning.extensions import db
from learning.locales import SOURCE_LOCALE


def published_changes(guides: list[GuideSpec], changed_settings: set[str]) -> list[Problem]:
    """A published text, English or translated, is never edited: people acknowledged it.
    A problem for each file that would change one, and for a change of a company setting
    that the current version's text uses, unless a new version comes with it.

    `guides` are filled with the new settings; `changed_settings` names the placeholders
    whose value changed."""
    # A version stored but scheduled for later has been acknowledged by nobody: its file
    # may still change, and so may the settings it uses (sync_guides rewrites it).
    now = utcnow()
    published = {
        (version, SOURCE_LOCALE): (content_hash, template_hash)
        for version, content_hash, template_hash in db.session.execute(
            sa.select(
                GuideVersion.version, GuideVersion.content_hash, GuideVersion.template_hash
            ).where(GuideVersion.published_at <= now)
        )
    }
    published |= {
        (version, locale): (content_hash, template_hash)
        for version, locale, content_hash, template_hash in db.session.execute(
            sa.select(
                GuideVersion.version,
                GuideTranslation.locale,
                GuideTranslation.content_hash,
                GuideTranslation.template_hash,
            )
            .join(GuideTranslation)
            .where(GuideVersion.published_at <= now)
        )
    }
    latest = max((version for version, _locale in published), default=0)
    current = current_version()
    # Only a version published now replaces the current one: until a later date, people
    # still read (and acknowledge) the current one, with the old value.
    new_version_comes = any(spec.version > latest and spec.published_at <= now for spec in guides)
    problems = []
    for spec in guides:
        texts = {SOURCE_LOCALE: spec} | dict(spec.translations)
        for locale, text in texts.items():
            stored = published.get((spec.version, locale))
            if stored is None:
                continue
            content_hash, template_hash = stored
            what = "" if locale == SOURCE_LOCALE else f"the '{locale}' text of "
            if template_hash != text.template_hash:
                problems.append(
                    Problem(
                        text.source,
                        1,
                        f"{what}guide version {spec.version} is already published with a "
                        f"different text; publish the change as version {latest + 1}",
                    )
                )
                continue
            is_current = current is not None and current.version == spec.version
            if not is_current or new_version_comes:
                continue
            if content_hash == guide_hash(spec.version, text.sections):
                continue
            changed = sorted(changed_settings & set(text.uses))
            used = ", ".join(f"{{{{ {name} }}}}" for name in changed)
            problems.append(
                Problem(
                    text.source,
                    1,
                    f"{what}guide version {spec.version}, which people acknowledged, uses "
                    f"{used}, whose value changed in the company's settings; "
                    f"publish the new value with guide version {latest + 1}",
                )
            )
    return problems


def sync_guides(guides: list[GuideSpec], report: SyncReport) -> None:
    """Add the versions and translations not published yet, and bring up to date those
    stored but scheduled for later (nobody has acknowledged them); published ones stay as
    they are (see published_changes). Adds and flushes; the caller commits."""
    versions = {
        guide.version: guide
        for guide in db.session.execute(
            sa.select(GuideVersion).options(selectinload(GuideVersion.translations))
        ).scalars()
    }
    now = utcnow()
    for spec in guides:
        guide = versions.get(spec.version)
        text = {
            "published_at": spec.published_at,
            "changes": spec.changes,
            "sections": spec.sections,
            "content_hash": guide_hash(spec.version, spec.sections),
            "template_hash": spec.template_hash,
        }
        scheduled = guide is not None and guide.published_at > now
        if guide is None:
            guide = GuideVersion(version=spec.version, **text)
            db.session.add(guide)
            report.add("guide versions added")
        elif scheduled and any(getattr(guide, name) != value for name, value in text.items()):
            for name, value in text.items():
                setattr(guide, name, value)
            report.add("scheduled guide versions updated")
        for locale, translated in spec.translations.items():
            values = {
                "changes": translated.changes,
                "sections": translated.sections,
                "content_hash": guide_hash(spec.version, translated.sections),
                "template_hash": translated.template_hash,
            }
            existing = guide.translations.get(locale)
            if existing is None:
                guide.translations[locale] = GuideTranslation(locale=locale, **values)
                report.add("guide translations added")
            elif scheduled and any(getattr(existing, n) != v for n, v in values.items()):
                for name, value in values.items():
                    setattr(existing, name, value)
                report.add("scheduled guide translations updated")
    db.session.flush()


@dataclass(frozen=True)
class GuideText:
    """A guide version as a person reads it in one language."""

    locale: str
    changes: str
    sections: list[dict]
    content_hash: str


def guide_text(guide: GuideVersion, locale: str) -> GuideText:
    """The version in `locale`, or in English when it has no translation in that language."""
    translation = guide.translations.get(locale)
    if translation is None:
        return GuideText(SOURCE_LOCALE, guide.changes, guide.sections, guide.content_hash)
    return GuideText(locale, translation.changes, translation.sections, translation.content_hash)


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


def acknowledge(user: User, version: int, locale: str = SOURCE_LOCALE) -> bool:
    """Acknowledge the current version's exact text in `locale` (English when it has no
    translation in it). True when newly recorded."""
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
    text = guide_text(guide, locale)
    inserted = insert_ignoring_duplicates(
        db.session,
        Acknowledgment,
        user_id=user.id,
        guide_version_id=guide.id,
        locale=text.locale,
        content_hash=text.content_hash,
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
