"""Badge definitions as data: `courses/badges.yml`, read with the shared content loader
(every problem as `path:line: message`) and written into `badges` by `courses sync`.

Adding a badge or changing a threshold is an edit of that file; `flask badges apply`
then gives what is due for past activity. A badge removed from the file is retired, not
deleted: the awards that point to it stay.
"""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from marshmallow import ValidationError, validates_schema

from learning.badges.models import CRITERIA_KINDS, SLUG_LENGTH, Badge
from learning.content import (
    ContentError,
    Items,
    Key,
    Problem,
    Record,
    SourceFile,
    Spec,
    SyncReport,
    Text,
    WholeNumber,
    one_of,
)
from learning.database import utcnow
from learning.extensions import db

FILE_NAME = "badges.yml"
# Kinds whose criterion counts something, and so needs a threshold.
COUNTED_KINDS = ("shares", "networks", "clicks", "signups", "monthly_streak")
MAX_THRESHOLD = 1_000_000


@dataclass(frozen=True)
class BadgeSpec:
    slug: str
    name: str
    description: str
    criteria: str
    kind: str
    threshold: int | None
    parameter: str | None
    image: str


class Threshold(WholeNumber):
    default_error_messages = {
        "range": "'{field}' must be a whole number from {low} to {high}: a badge is earned "
        "by doing something at least once",
    }


class BadgeFile(Spec):
    slug = Key("badge slug")
    name = Text()
    description = Text()
    criteria = Text()
    kind = Text(
        validate=one_of(CRITERIA_KINDS, "unknown criterion kind '{input}' (known kinds: {choices})")
    )
    threshold = Threshold(1, MAX_THRESHOLD, load_default=None)
    parameter = Key("parameter", load_default=None)
    image = Text()

    @validates_schema
    def _threshold_fits_kind(self, data, **kwargs):
        kind, threshold = data.get("kind"), data.get("threshold")
        if kind in COUNTED_KINDS and threshold is None:
            raise ValidationError(
                f"missing field 'threshold': a '{kind}' badge counts up to it", "kind"
            )
        if kind in ("manual", "guide_acknowledged", "path_completed") and threshold is not None:
            raise ValidationError(f"a '{kind}' badge takes no threshold", "threshold")
        if data.get("parameter") and kind != "course_completed":
            raise ValidationError("only a 'course_completed' badge takes a parameter", "parameter")
        slug = data.get("slug")
        if slug and len(slug) > SLUG_LENGTH:
            raise ValidationError(f"a slug has at most {SLUG_LENGTH} characters", "slug")


class BadgesFile(Spec):
    badges = Items(
        Record(BadgeFile),
        unique_by="slug",
        repeated="badge '{value}' is defined twice (first at line {line})",
    )


def load(root: Path, course_slugs: set[str] | None = None) -> list[BadgeSpec] | None:
    """The badges of `root/badges.yml`, checked; None when there is no such file (the
    badges in the database are then left as they are). Raises ContentError."""
    path = root / FILE_NAME
    if not path.is_file():
        return None
    problems: list[Problem] = []
    file = SourceFile(path, problems)
    data = file.load(BadgesFile)
    specs = []
    for index, item in enumerate((data or {}).get("badges") or []):
        if not item or not all(key in item for key in ("slug", "name", "kind", "image")):
            continue  # its problems are reported
        keys = ("badges", index)
        parameter = item.get("parameter")
        if course_slugs is not None and parameter and parameter not in course_slugs:
            file.problem_at((*keys, "parameter"), f"no course has the slug '{parameter}'")
        specs.append(
            BadgeSpec(
                slug=item["slug"],
                name=item["name"],
                description=item.get("description", ""),
                criteria=item.get("criteria", ""),
                kind=item["kind"],
                threshold=item.get("threshold"),
                parameter=parameter,
                image=item["image"],
            )
        )
    if problems:
        raise ContentError(problems)
    return specs


def sync(specs: list[BadgeSpec], report: SyncReport) -> None:
    """Write checked definitions: matched on slug, in the file's order; a badge no longer
    in the file is retired, one back in it is active again. Adds and flushes."""
    existing = {badge.slug: badge for badge in db.session.scalars(sa.select(Badge))}
    for position, spec in enumerate(specs):
        values = {
            "name": spec.name,
            "description": spec.description,
            "criteria": spec.criteria,
            "criteria_kind": spec.kind,
            "threshold": spec.threshold,
            "parameter": spec.parameter,
            "image": spec.image,
            "position": position,
            "retired_at": None,
        }
        badge = existing.get(spec.slug)
        if badge is None:
            db.session.add(Badge(slug=spec.slug, **values))
            report.add("badges added")
            continue
        changed = {key: value for key, value in values.items() if getattr(badge, key) != value}
        if changed:
            for key, value in changed.items():
                setattr(badge, key, value)
            report.add("badges updated")
    now = utcnow()
    for slug, badge in existing.items():
        if slug not in {spec.slug for spec in specs} and badge.retired_at is None:
            badge.retired_at = now
            report.add("badges retired")
    db.session.flush()
