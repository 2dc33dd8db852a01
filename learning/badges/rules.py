"""What each kind of criterion counts, and whether a person has reached it.

A person's `Facts` are read in a fixed number of statements whatever their history:
aggregates over their shares through `ix_shares_user_id_created_at`, their course
completions (at most the catalogue's size), and one row of running counters for the
clicks and sign-ups their links brought (kept by `learning.badges.reconcile`, so the
clicks table is never read per person). Each kind is then a function of the facts: the
progress towards a badge, and when it is reached, the evidence of why.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from learning.advocacy.models import ContentItem, Objective
from learning.analytics import objectives as analytics_objectives
from learning.analytics import rollup
from learning.auth.models import User
from learning.badges.models import Badge, BadgeCounter
from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment
from learning.courses.models import Course
from learning.database import utcnow
from learning.extensions import db
from learning.progress import services as progress
from learning.progress.models import CourseCompletion
from learning.sharing.models import Share

# The kinds decided when a learning signal arrives, when a share is made, and by the
# reconciliation that reads clicks and sign-ups.
LEARNING_KINDS = ("guide_acknowledged", "course_completed", "path_completed")
SHARING_KINDS = ("shares", "networks", "monthly_streak")
IMPACT_KINDS = ("clicks", "signups")
# Shares listed as evidence: enough to see which, not a person's whole history.
EVIDENCE_SHARES = 10


@dataclass
class Facts:
    """What a person has done, as far as badges are concerned."""

    user_id: int
    acknowledged_version: int | None = None
    # slug -> (title, completed_at), oldest first
    courses: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    path_completed: bool = False
    path_level: str | None = None
    shares: int = 0
    # network -> the person's first share on it, in the order they came to each network
    networks: dict[str, int] = field(default_factory=dict)
    share_months: list[str] = field(default_factory=list)  # "YYYY-MM", oldest first
    clicks: int = 0
    signups: int = 0
    # objective id -> title, for the objectives reached that the person shared for
    objectives_reached: dict[int, str] = field(default_factory=dict)

    @property
    def longest_streak(self) -> int:
        """The most calendar months in a row with at least one share."""
        best = run = 0
        previous = None
        for month in self.share_months:
            year, number = (int(part) for part in month.split("-"))
            index = year * 12 + number
            run = run + 1 if previous is not None and index == previous + 1 else 1
            best = max(best, run)
            previous = index
        return best


@dataclass(frozen=True)
class Progress:
    current: int
    target: int

    @property
    def reached(self) -> bool:
        return self.current >= self.target

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.current / self.target)) if self.target else 100


def _month(column):
    """'YYYY-MM' of a UTC timestamp, on both engines."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def read_facts(user: User, kinds: set[str], reached: list[int] | None = None) -> Facts:
    """The facts the given kinds need, in a fixed number of statements."""
    facts = Facts(user_id=user.id)
    if "guide_acknowledged" in kinds:
        guide = conduct.current_version()
        if guide is not None:
            acknowledged = db.session.scalar(
                sa.select(sa.literal(True)).where(
                    Acknowledgment.user_id == user.id,
                    Acknowledgment.guide_version_id == guide.id,
                )
            )
            facts.acknowledged_version = guide.version if acknowledged else None
    if "course_completed" in kinds:
        rows = db.session.execute(
            sa.select(Course.slug, Course.title, CourseCompletion.completed_at)
            .join(Course, Course.id == CourseCompletion.course_id)
            .where(CourseCompletion.user_id == user.id)
            .order_by(CourseCompletion.completed_at, Course.id)
        )
        facts.courses = {slug: (title, at) for slug, title, at in rows}
    if "path_completed" in kinds and user.level:
        overview = progress.path_overview(user)
        facts.path_completed = overview.completed
        facts.path_level = user.level
    if kinds & {"shares", "networks"}:
        rows = db.session.execute(
            sa.select(Share.network, sa.func.count(), sa.func.min(Share.id))
            .where(Share.user_id == user.id)
            .group_by(Share.network)
            .order_by(sa.func.min(Share.id))
        ).all()
        facts.shares = sum(count for _network, count, _first in rows)
        facts.networks = {network: first for network, _count, first in rows}
    if "monthly_streak" in kinds:
        month = _month(Share.created_at)
        facts.share_months = list(
            db.session.scalars(
                sa.select(month).where(Share.user_id == user.id).group_by(month).order_by(month)
            )
        )
    if kinds & set(IMPACT_KINDS):
        counter = db.session.get(BadgeCounter, user.id)
        if counter is not None:
            facts.clicks, facts.signups = counter.clicks, counter.signups
    if "objective_reached" in kinds:
        facts.objectives_reached = _objectives_reached_by(user.id, reached)
    return facts


def reached_objective_ids(now: datetime | None = None) -> list[int]:
    """The objectives that reached their target, as the advocacy report counts them (a
    few statements over the rollups, whatever the number of clicks)."""
    now = now or utcnow()
    rolled_until = rollup.bring_up_to_date(now)
    return [
        row.id
        for row in analytics_objectives.progress_of(now.date(), rolled_until)
        if row.status == "reached"
    ]


def _objectives_reached_by(user_id: int, reached: list[int] | None) -> dict[int, str]:
    if reached is None:
        reached = reached_objective_ids()
    if not reached:
        return {}
    rows = db.session.execute(
        sa.select(Objective.id, Objective.title)
        .join(ContentItem, ContentItem.objective_id == Objective.id)
        .join(Share, Share.item_id == ContentItem.id)
        .where(Share.user_id == user_id, Objective.id.in_(reached))
        .group_by(Objective.id, Objective.title)
        .order_by(Objective.id)
    )
    return dict(rows.all())


def progress_towards(badge: Badge, facts: Facts) -> Progress | None:
    """How far the person is towards an automatic badge; None for a manual one."""
    decide = PROGRESS.get(badge.criteria_kind)
    return decide(badge, facts) if decide else None


def _course(badge: Badge, facts: Facts) -> Progress:
    if badge.parameter:
        return Progress(int(badge.parameter in facts.courses), 1)
    return Progress(len(facts.courses), badge.threshold or 1)


PROGRESS: dict[str, Callable[[Badge, Facts], Progress]] = {
    "guide_acknowledged": lambda badge, facts: Progress(int(bool(facts.acknowledged_version)), 1),
    "course_completed": _course,
    "path_completed": lambda badge, facts: Progress(int(facts.path_completed), 1),
    "shares": lambda badge, facts: Progress(facts.shares, badge.threshold),
    "networks": lambda badge, facts: Progress(len(facts.networks), badge.threshold),
    "clicks": lambda badge, facts: Progress(facts.clicks, badge.threshold),
    "signups": lambda badge, facts: Progress(facts.signups, badge.threshold),
    "objective_reached": lambda badge, facts: Progress(
        len(facts.objectives_reached), badge.threshold or 1
    ),
    "monthly_streak": lambda badge, facts: Progress(facts.longest_streak, badge.threshold),
}


def evidence_for(badge: Badge, facts: Facts) -> dict:
    """Why the badge was earned, kept with the award: which course, which shares, how
    many clicks, which objective. Shares are listed by id (the evidence's links)."""
    kind = badge.criteria_kind
    if kind == "guide_acknowledged":
        return {"guide_version": facts.acknowledged_version}
    if kind == "course_completed":
        slugs = (
            [badge.parameter] if badge.parameter else list(facts.courses)[: badge.threshold or 1]
        )
        return {"courses": [{"slug": slug, "title": facts.courses[slug][0]} for slug in slugs]}
    if kind == "path_completed":
        return {"path": facts.path_level}
    if kind == "shares":
        return {"shares": first_shares(facts.user_id, badge.threshold)}
    if kind == "networks":
        return {"networks": list(facts.networks), "shares": list(facts.networks.values())}
    if kind == "monthly_streak":
        return {"months": facts.share_months[-(badge.threshold or 1) :]}
    if kind == "clicks":
        return {"clicks": facts.clicks}
    if kind == "signups":
        return {"signups": facts.signups}
    if kind == "objective_reached":
        return {"objectives": [{"id": i, "title": t} for i, t in facts.objectives_reached.items()]}
    return {}


def first_shares(user_id: int, threshold: int | None) -> list[int]:
    """The person's first shares, up to the threshold (and at most EVIDENCE_SHARES)."""
    limit = min(threshold or 1, EVIDENCE_SHARES)
    return list(
        db.session.scalars(
            sa.select(Share.id).where(Share.user_id == user_id).order_by(Share.id).limit(limit)
        )
    )


def candidates(badge: Badge, reached: list[int] | None = None) -> sa.Select:
    """The ids of the people who may have met the badge's rule, in one statement: those a
    backfill evaluates, rather than everyone. Generous (the rule itself decides)."""
    kind, threshold = badge.criteria_kind, badge.threshold or 1
    if kind == "guide_acknowledged":
        return sa.select(Acknowledgment.user_id).distinct()
    if kind in ("course_completed", "path_completed"):
        return (
            sa.select(CourseCompletion.user_id)
            .group_by(CourseCompletion.user_id)
            .having(
                sa.func.count() >= (1 if badge.parameter or kind == "path_completed" else threshold)
            )
        )
    if kind in IMPACT_KINDS:
        column = BadgeCounter.clicks if kind == "clicks" else BadgeCounter.signups
        return sa.select(BadgeCounter.user_id).where(column >= threshold)
    if kind == "objective_reached":
        return (
            sa.select(Share.user_id)
            .join(ContentItem, ContentItem.id == Share.item_id)
            .where(ContentItem.objective_id.in_(reached or []))
            .distinct()
        )
    counted = sa.func.count(sa.distinct(Share.network)) if kind == "networks" else sa.func.count()
    if kind == "monthly_streak":
        counted = sa.func.count(sa.distinct(_month(Share.created_at)))
    return sa.select(Share.user_id).group_by(Share.user_id).having(counted >= threshold)
