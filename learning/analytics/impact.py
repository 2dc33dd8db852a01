"""Does the training pay off? Sharing by those who completed their path, against the others.

Among active people: those who completed their path (every active course of their
level's path completed; the moment is their last course completion) and the others. For
each, the share who shared within 30 and within 90 days of a starting point: the path's
completion for the first, the hire date (else the account's creation) for the others; and
the counted clicks and attributed sign-ups of those shares per sharer (within 90 days).
By level and by department, three queries whatever the number of people, and the
transitions between the first questionnaire's level and the latest retake's.

The small-group rule: a group where those who completed, or the others, are fewer than
`SMALL_GROUP_MINIMUM` (but not none) is merged into "Other", except for admins; if
"Other" is still that small, its rates are withheld. The transitions are counts for the
whole organisation, with no team to single anyone out, and are shown as they are.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.auth.models import User
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.hr.overdue import active_people
from learning.levels import LEVELS, level_label
from learning.progress.models import CourseCompletion
from learning.progress.services import completed_path_ids
from learning.sharing.models import Click, Conversion, Share

SHORT_WINDOW, LONG_WINDOW = 30, 90
OTHER = "__other__"
NO_VALUE = "__none__"
# The questionnaire's results and the choice after a borderline one; not HR's overrides.
QUESTIONNAIRE_SOURCES = ("diagnostic", "retake", "confirmed", "chosen")


@dataclass
class Cohort:
    people: int = 0
    shared_short: int = 0
    shared_long: int = 0
    clicks: int = 0
    signups: int = 0
    withheld: bool = False

    def add(self, other: "Cohort") -> None:
        self.people += other.people
        self.shared_short += other.shared_short
        self.shared_long += other.shared_long
        self.clicks += other.clicks
        self.signups += other.signups

    def _rate(self, part: int, whole: int) -> float | None:
        if self.withheld or not whole:
            return None
        return part / whole

    @property
    def percent_short(self) -> int | None:
        rate = self._rate(self.shared_short, self.people)
        return None if rate is None else round(100 * rate)

    @property
    def percent_long(self) -> int | None:
        rate = self._rate(self.shared_long, self.people)
        return None if rate is None else round(100 * rate)

    @property
    def clicks_per_sharer(self) -> float | None:
        return self._rate(self.clicks, self.shared_long)

    @property
    def signups_per_sharer(self) -> float | None:
        return self._rate(self.signups, self.shared_long)


@dataclass
class ImpactRow:
    key: str
    label: str
    completed: Cohort = field(default_factory=Cohort)
    others: Cohort = field(default_factory=Cohort)

    def cohorts(self):
        return (self.completed, self.others)


@dataclass
class Transition:
    first: str
    latest: str
    people: int


@dataclass
class ImpactReport:
    total: ImpactRow
    by_level: list[ImpactRow]
    by_department: list[ImpactRow]
    transitions: list[Transition]
    minimum: int


def _days_after(later, earlier):
    """Days from `earlier` to `later`, fractional, on either engine."""
    if db.session.get_bind().dialect.name == "sqlite":
        return sa.func.julianday(later) - sa.func.julianday(earlier)
    return sa.func.extract("epoch", later - earlier) / 86400.0


def _people():
    """Each active person: level, department, whether and when they completed their path,
    and the moment their windows start."""
    # Who completed their path, as coverage counts it, and when: their last course.
    completions = (
        completed_path_ids(active_people())
        .add_columns(sa.func.max(CourseCompletion.completed_at).label("completed_at"))
        .subquery("completions")
    )
    hired = User.hire_date
    if db.session.get_bind().dialect.name != "sqlite":
        # SQLite keeps dates and times as text, which julianday reads as they are; a CAST
        # there would make a number of the date.
        hired = sa.cast(User.hire_date, sa.DateTime(timezone=True))
    start = sa.func.coalesce(completions.c.completed_at, hired, User.created_at)
    return (
        sa.select(
            User.id.label("user_id"),
            sa.func.coalesce(User.level, NO_VALUE).label("level"),
            sa.func.coalesce(User.department, NO_VALUE).label("department"),
            completions.c.completed_at.is_not(None).label("completed"),
            start.label("start"),
        )
        .outerjoin(completions, completions.c.user_id == User.id)
        .where(User.id.in_(active_people()))
        .subquery("people")
    )


def _per_person():
    people = _people()
    days = _days_after(Share.created_at, people.c.start)
    shares = (
        sa.select(Share.id.label("share_id"), Share.user_id.label("user_id"), days.label("days"))
        .join(people, people.c.user_id == Share.user_id)
        .where(days >= 0, days <= LONG_WINDOW)
        .subquery("window_shares")
    )
    clicks = (
        sa.select(Click.share_id, sa.func.count().label("n"))
        .where(Click.kind == "person")
        .group_by(Click.share_id)
        .subquery("share_clicks_counted")
    )
    signups = (
        sa.select(Conversion.share_id, sa.func.count().label("n"))
        .where(Conversion.attributed.is_(True))
        .group_by(Conversion.share_id)
        .subquery("share_signups")
    )
    return (
        sa.select(
            people.c.user_id,
            people.c.level,
            people.c.department,
            people.c.completed,
            sa.func.max(sa.case((shares.c.days <= SHORT_WINDOW, 1), else_=0)).label("short"),
            sa.func.max(sa.case((shares.c.share_id.is_not(None), 1), else_=0)).label("long"),
            sa.func.coalesce(sa.func.sum(clicks.c.n), 0).label("clicks"),
            sa.func.coalesce(sa.func.sum(signups.c.n), 0).label("signups"),
        )
        .select_from(people)
        .outerjoin(shares, shares.c.user_id == people.c.user_id)
        .outerjoin(clicks, clicks.c.share_id == shares.c.share_id)
        .outerjoin(signups, signups.c.share_id == shares.c.share_id)
        .group_by(people.c.user_id, people.c.level, people.c.department, people.c.completed)
        .subquery("per_person")
    )


def _grouped(dimension: str) -> dict[str, ImpactRow]:
    per_person = _per_person()
    key = per_person.c[dimension]
    rows = db.session.execute(
        sa.select(
            key,
            per_person.c.completed,
            sa.func.count(),
            sa.func.sum(per_person.c.short),
            sa.func.sum(per_person.c.long),
            sa.func.sum(per_person.c.clicks),
            sa.func.sum(per_person.c.signups),
        ).group_by(key, per_person.c.completed)
    ).all()
    groups: dict[str, ImpactRow] = {}
    for value, completed, people, short, long, clicks, signups in rows:
        row = groups.setdefault(value, ImpactRow(value, value))
        cohort = Cohort(people, int(short or 0), int(long or 0), int(clicks), int(signups))
        (row.completed if completed else row.others).add(cohort)
    return groups


def _is_small(row: ImpactRow, minimum: int) -> bool:
    return any(0 < cohort.people < minimum for cohort in row.cohorts())


def _apply_small_group_rule(rows: list[ImpactRow], minimum: int) -> list[ImpactRow]:
    kept = [row for row in rows if not _is_small(row, minimum)]
    small = [row for row in rows if _is_small(row, minimum)]
    if not small:
        return rows
    other = ImpactRow(OTHER, _("Other"))
    for row in small:
        other.completed.add(row.completed)
        other.others.add(row.others)
    if _is_small(other, minimum):
        for cohort in other.cohorts():
            cohort.withheld = True
    return [*kept, other]


def _transitions() -> list[Transition]:
    ends = (
        sa.select(
            LevelAssignment.user_id,
            sa.func.min(LevelAssignment.id).label("first_id"),
            sa.func.max(LevelAssignment.id).label("latest_id"),
        )
        .join(User, sa.and_(User.id == LevelAssignment.user_id, User.is_active.is_(True)))
        .where(LevelAssignment.source.in_(QUESTIONNAIRE_SOURCES))
        .group_by(LevelAssignment.user_id)
        .having(sa.func.sum(sa.case((LevelAssignment.source == "retake", 1), else_=0)) > 0)
        .subquery("ends")
    )
    first = sa.orm.aliased(LevelAssignment)
    latest = sa.orm.aliased(LevelAssignment)
    rows = db.session.execute(
        sa.select(first.level, latest.level, sa.func.count())
        .select_from(ends)
        .join(first, first.id == ends.c.first_id)
        .join(latest, latest.id == ends.c.latest_id)
        .group_by(first.level, latest.level)
    ).all()
    order = {level: position for position, level in enumerate(LEVELS)}
    return sorted(
        (Transition(a, b, n) for a, b, n in rows),
        key=lambda t: (order.get(t.first, 99), order.get(t.latest, 99)),
    )


def _label_levels(rows: dict[str, ImpactRow]) -> list[ImpactRow]:
    order = {level: position for position, level in enumerate(LEVELS)}
    for row in rows.values():
        row.label = _("No level yet") if row.key == NO_VALUE else level_label(row.key)
    return sorted(rows.values(), key=lambda row: order.get(row.key, len(LEVELS)))


def _label_departments(rows: dict[str, ImpactRow]) -> list[ImpactRow]:
    for row in rows.values():
        row.label = _("No department") if row.key == NO_VALUE else row.key
    return sorted(rows.values(), key=lambda row: (row.key == NO_VALUE, row.label.lower()))


def impact_report(minimum: int, whole_groups: bool = False) -> ImpactReport:
    """Three queries. `whole_groups`: every group as it is (admins)."""
    levels = _label_levels(_grouped("level"))
    departments = _label_departments(_grouped("department"))
    total = ImpactRow("all", _("Everyone"))
    for row in levels:
        total.completed.add(row.completed)
        total.others.add(row.others)
    if not whole_groups:
        levels = _apply_small_group_rule(levels, minimum)
        departments = _apply_small_group_rule(departments, minimum)
    return ImpactReport(total, levels, departments, _transitions(), minimum)
