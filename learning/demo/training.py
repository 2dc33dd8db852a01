"""The demo's training history: when each person took the diagnostic, followed their path
and acknowledged the conduct guide, who retook the questionnaire, and the sharing that
followed, so that the coverage and training-impact reports have a past to show.

The services stamp the present, and a demo needs a history: the progress they recorded
is dated here afterwards, and acknowledgments (never altered once written) are written
with their past dates. The platform opened to employees TRAINING_DAYS ago; the guide's
second version (courses/guide/v2.yml) came out since, and a few people who acknowledged
only the first must acknowledge again. Everything is drawn from a seeded random
generator, so two demo databases are alike.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from learning.advocacy.models import ContentItem
from learning.auth.models import User
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.database import utcnow
from learning.demo.advocacy import add_share, moment_on
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from learning.locales import SOURCE_LOCALE
from learning.progress import services as progress
from learning.progress.models import CourseCompletion, LessonCompletion, QuizAttempt

TRAINING_DAYS = 180
# Who retook the questionnaire, and with what result: (level first, level since).
RETAKES = (
    ("beginner", "late_adopter"),
    ("beginner", "late_adopter"),
    ("reluctant", "late_adopter"),
    ("late_adopter", "native"),
    ("objector", "reluctant"),
    ("native", "native"),
    ("late_adopter", "late_adopter"),
)
NETWORKS = ("linkedin", "linkedin", "linkedin", "x", "facebook", "whatsapp", "email")
HOUR = timedelta(hours=1)


@dataclass
class Person:
    user: User
    began_at: datetime
    finished_at: datetime | None = None  # the path's completion
    # (version, moment) of each acknowledgment, oldest first.
    acknowledged: list[tuple[int, datetime]] = field(default_factory=list)


@dataclass
class Timeline:
    """What the demo's people did and when; and when a guide version became current."""

    people: dict[int, Person]
    published: list[tuple[datetime, int]]  # (moment, version), oldest first

    def current_version(self, moment: datetime) -> int | None:
        index = bisect_right(self.published, (moment, float("inf")))
        return self.published[index - 1][1] if index else None

    def earliest_share(self, user: User, moment: datetime) -> datetime | None:
        """The first moment from `moment` on when `user` has acknowledged the version then
        current, as sharing requires; None if there is none before now."""
        person = self.people.get(user.id)
        if person is None:
            return None
        now = utcnow()
        for version, acknowledged_at in person.acknowledged:
            candidate = max(moment, acknowledged_at + HOUR)
            if candidate < now and self.current_version(candidate) == version:
                return candidate
        return None


def _date_progress(person: Person, rng: random.Random, finished: bool) -> None:
    """Spread the person's recorded progress between the start of their training and
    its end: a few weeks for those who finished, a few days for those who stopped."""
    user, now = person.user, utcnow()
    span = timedelta(days=rng.randrange(6, 40) if finished else rng.randrange(1, 10))
    ended_at = min(person.began_at + span, now - timedelta(days=1 if finished else 0) - HOUR)
    ended_at = max(ended_at, person.began_at + HOUR)
    rows = []
    for model, column in (
        (LessonCompletion, LessonCompletion.completed_at),
        (QuizAttempt, QuizAttempt.created_at),
        (CourseCompletion, CourseCompletion.completed_at),
    ):
        rows += [
            (row, column.key)
            for row in db.session.scalars(sa.select(model).where(model.user_id == user.id))
        ]
    rows.sort(key=lambda pair: getattr(*pair))
    for number, (row, key) in enumerate(rows, start=1):
        setattr(row, key, person.began_at + (ended_at - person.began_at) * number / len(rows))
    for assignment in db.session.scalars(
        sa.select(LevelAssignment).where(LevelAssignment.user_id == user.id)
    ):
        assignment.created_at = person.began_at - HOUR
    if finished:
        person.finished_at = ended_at


def _acknowledge(
    person: Person, moment: datetime, guides: list[GuideVersion], again: bool, rng
) -> None:
    """Acknowledge the version current at `moment`, and each later one unless `again` is
    false (the person has not got round to it)."""
    now = utcnow()
    for guide, successor in zip(guides, [*guides[1:], None], strict=True):
        if successor is not None and successor.published_at <= moment:
            continue  # already replaced at that moment
        if guide.published_at > moment:
            if person.acknowledged and not again:
                break
            moment = guide.published_at + timedelta(hours=rng.randrange(1, 24 * 12))
        if moment >= now:
            break
        db.session.add(
            Acknowledgment(
                user_id=person.user.id,
                guide_version_id=guide.id,
                locale=SOURCE_LOCALE,
                content_hash=guide.content_hash,
                acknowledged_at=moment,
            )
        )
        person.acknowledged.append((guide.version, moment))


def seed(
    people: dict[str, User], acknowledging: set[str], first_people: set[str], answers: dict
) -> Timeline:
    """Date the training of everyone with a level; acknowledge the guide for the first
    people in `acknowledging` and, among the roster, for those who finished their path or
    went some way along it; and add the retakes."""
    rng = random.Random(1905)  # noqa: S311 - demo data, alike on every run
    now = utcnow()
    opened = now - timedelta(days=TRAINING_DAYS)
    guides = list(
        db.session.scalars(
            sa.select(GuideVersion)
            .where(GuideVersion.published_at <= now)
            .order_by(GuideVersion.version)
        )
    )
    timeline = Timeline({}, [(guide.published_at, guide.version) for guide in guides])
    for email, user in people.items():
        hired = moment_on(user.hire_date, rng) if user.hire_date else opened
        began_at = min(max(hired, opened) + timedelta(days=1), now - 2 * HOUR)
        # Accounts come from the roster a week before the first day, or at the opening.
        user.created_at = min(max(hired, opened) - timedelta(days=7), began_at - HOUR)
        person = timeline.people[user.id] = Person(user, began_at)
        if user.level is None:
            continue
        overview = progress.path_overview(user)
        done = sum(course.units_done for course in overview.courses)
        _date_progress(person, rng, overview.completed)
        if email in first_people:
            if email in acknowledging:
                # The first people, who share in the demo, kept up with every version.
                _acknowledge(person, began_at + timedelta(days=1), guides, True, rng)
        elif person.finished_at or done >= 3:
            moment = person.finished_at or began_at + timedelta(days=2)
            # One in three of those who acknowledged before the current version has not
            # acknowledged it yet.
            again = rng.randrange(3) > 0
            _acknowledge(person, min(moment, now - HOUR), guides, again, rng)
    db.session.flush()
    _retakes(people, first_people, timeline, answers, rng)
    return timeline


def _retakes(people, first_people: set[str], timeline: Timeline, answers, rng) -> None:
    now = utcnow()
    taken = set()
    for first, since in RETAKES:
        person = next(
            (
                timeline.people[user.id]
                for email, user in people.items()
                if email not in first_people
                and user.id not in taken
                and user.level == first
                and user.hire_date
                and user.hire_date < now.date() - timedelta(days=60)
                # A new level brings a new path: those who changed had not finished theirs.
                and (first == since) == (timeline.people[user.id].finished_at is not None)
            ),
            None,
        )
        if person is None:
            continue
        taken.add(person.user.id)
        retake = familiarity.take_diagnostic(person.user, answers[since])
        after = person.finished_at or person.began_at
        retake.created_at = min(after + timedelta(days=rng.randrange(14, 60)), now - HOUR)
    db.session.flush()


def _available(item: ContentItem, moment: datetime) -> bool:
    return (
        item.available_from <= moment
        and (item.available_until is None or moment < item.available_until)
        and (item.retired_at is None or moment < item.retired_at)
    )


def seed_sharing(
    people: dict[str, User], items: list[ContentItem], timeline: Timeline, first_people
) -> None:
    """The roster's sharing: most of those who finished their path shared within weeks of
    finishing it; a few of those who did not, later. Objectors never share."""
    rng = random.Random(1789)  # noqa: S311 - demo data, alike on every run
    now = utcnow()
    for email, user in people.items():
        person = timeline.people[user.id]
        if email in first_people or user.level in (None, "objector") or not person.acknowledged:
            continue
        if person.finished_at:
            if rng.random() > 0.75:
                continue
            soon = rng.random() < 0.7
            start = person.finished_at + timedelta(
                days=rng.randrange(1, 28) if soon else rng.randrange(31, 85)
            )
            count = 1 + rng.randrange(4)
        else:
            if rng.random() > 0.35:
                continue
            start = person.acknowledged[0][1] + timedelta(days=rng.randrange(20, 120))
            count = 1 + rng.randrange(2)
        moment = start
        for _ in range(count):
            moment = timeline.earliest_share(user, moment)
            if moment is None:
                break
            offered = [item for item in items if _available(item, moment)]
            if offered:
                add_share(user, rng.choice(offered), rng.choice(NETWORKS), moment, rng)
            moment += timedelta(days=rng.randrange(7, 45), minutes=rng.randrange(600))
            if moment >= now:
                break
    db.session.flush()
