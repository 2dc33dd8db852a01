"""Training coverage: who took the diagnostic, completed their path, acknowledged the
current guide, is overdue; filtered, and grouped by department, site, manager, level or
hire month.

Two queries whatever the number of people (the current guide, then every group's figures
in one grouped statement); the totals are the groups' sums.

The small-group rule: for anyone but an admin, groups of fewer than `SMALL_GROUP_MINIMUM`
people (default 5) are merged into one "Other" group (with the next smallest groups while
"Other" itself is smaller than that), and a filter that leaves fewer than that many people
shows no figures, so that no small team's results can be read.
"""

import re
from dataclasses import dataclass, field, fields
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.auth.models import User
from learning.conduct import services as conduct
from learning.database import parse_id, utcnow
from learning.errors import DomainError
from learning.extensions import db
from learning.hr import overdue
from learning.levels import LEVELS, level_label
from learning.progress.services import completed_path_ids, percent

GROUPINGS = {
    "department": _l("Department"),
    "site": _l("Site"),
    "manager": _l("Manager"),
    "level": _l("Level"),
    "hire_month": _l("Hire month"),
}
FILTER_MAX_LENGTH = 120
HIRE_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


class InvalidFilter(DomainError):
    status = 422
    code = "invalid_filter"


@dataclass(frozen=True)
class Filters:
    department: str | None = None
    site: str | None = None
    manager_id: int | None = None
    level: str | None = None
    hire_month: str | None = None  # YYYY-MM

    @property
    def any(self) -> bool:
        return any(getattr(self, item.name) is not None for item in fields(self))

    def as_args(self) -> dict:
        names = {"manager_id": "manager"}
        return {
            names.get(item.name, item.name): getattr(self, item.name)
            for item in fields(self)
            if getattr(self, item.name) is not None
        }


def filters_from(args) -> Filters:
    """Filters from query arguments (a page's or the API's); a bad one is refused."""

    def text(name):
        value = (args.get(name) or "").strip()
        return value[:FILTER_MAX_LENGTH] or None

    manager = text("manager")
    manager_id = parse_id(manager)
    if manager is not None and manager_id is None:
        raise InvalidFilter(_("The manager must be given by their number."))
    level = text("level")
    if level is not None and level not in LEVELS:
        raise InvalidFilter(_("Unknown level: %(level)s.", level=level))
    hire_month = text("hire_month")
    if hire_month is not None:
        match = HIRE_MONTH.match(hire_month)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise InvalidFilter(_("The hire month must be written YYYY-MM, e.g. 2026-03."))
    return Filters(
        department=text("department"),
        site=text("site"),
        manager_id=manager_id,
        level=level,
        hire_month=hire_month,
    )


def grouping_from(args) -> str | None:
    value = (args.get("group_by") or "").strip() or None
    if value is not None and value not in GROUPINGS:
        raise InvalidFilter(
            _("Group by one of: %(names)s.", names=", ".join(GROUPINGS)), code="invalid_grouping"
        )
    return value


COUNTS = (
    "employees",
    "diagnosed",
    "completed_path",
    "acknowledged_current_guide",
    "overdue",
    "must_reacknowledge",
)


@dataclass
class Figures:
    employees: int = 0
    diagnosed: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    completed_path: int = 0
    acknowledged_current_guide: int = 0
    overdue: int = 0
    must_reacknowledge: int = 0

    def add(self, other: "Figures") -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for level, count in other.by_level.items():
            self.by_level[level] += count

    def share(self, part: int) -> int:
        return percent(part, self.employees)


@dataclass
class Group(Figures):
    key: str = ""  # the value grouped on; "" when not set
    label: str = ""
    merged: bool = False  # the small groups, counted together as "Other"


@dataclass
class Coverage:
    totals: Figures
    groups: list[Group]
    group_by: str | None
    filters: Filters
    guide_version: int | None
    onboarding_days: int
    minimum: int
    # A filter left fewer people than the minimum: no figure is shown (not for admins).
    hidden: bool = False
    merged: int = 0  # how many small groups went into "Other"


def _group_column(group_by: str | None):
    if group_by is None:
        return sa.literal("all")
    if group_by == "hire_month":
        if db.engine.dialect.name == "sqlite":
            return sa.func.strftime("%Y-%m", User.hire_date)
        return sa.func.to_char(User.hire_date, "YYYY-MM")
    if group_by == "manager":
        return sa.cast(User.manager_id, sa.String)
    return getattr(User, group_by)


def _filtered(query: sa.Select, filters: Filters) -> sa.Select:
    if filters.department is not None:
        query = query.where(User.department == filters.department)
    if filters.site is not None:
        query = query.where(User.site == filters.site)
    if filters.manager_id is not None:
        query = query.where(User.manager_id == filters.manager_id)
    if filters.level is not None:
        query = query.where(User.level == filters.level)
    if filters.hire_month is not None:
        year, month = map(int, filters.hire_month.split("-"))
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        query = query.where(User.hire_date >= start, User.hire_date < end)
    return query


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _grouped_rows(filters: Filters, group_by: str | None, guide_id: int | None, today: date):
    key = _group_column(group_by).label("key")
    # Who completed their path, computed once and joined: the costliest part of the count.
    done = completed_path_ids(overdue.active_people()).subquery("done")
    completed = done.c.user_id.is_not(None)
    columns = [
        key,
        sa.func.count().label("employees"),
        *[_count(User.level == level).label(f"level_{level}") for level in LEVELS],
        _count(completed).label("completed_path"),
        _count(overdue.acknowledged(guide_id)).label("acknowledged"),
        _count(overdue.is_overdue(today, completed)).label("overdue"),
        _count(overdue.must_reacknowledge(guide_id)).label("must_reacknowledge"),
    ]
    query = (
        sa.select(*columns)
        .select_from(User)
        .outerjoin(done, done.c.user_id == User.id)
        .where(User.id.in_(overdue.active_people()))
        .group_by(key)
    )
    return db.session.execute(_filtered(query, filters)).all()


def _figures(row, group: Figures) -> Figures:
    group.employees = row.employees
    group.by_level = {level: getattr(row, f"level_{level}") for level in LEVELS}
    group.diagnosed = sum(group.by_level.values())
    group.completed_path = row.completed_path
    group.acknowledged_current_guide = row.acknowledged
    group.overdue = row.overdue
    group.must_reacknowledge = row.must_reacknowledge
    return group


def _labels(group_by: str | None, keys: list) -> dict:
    """What each group is called: a manager by name (one query), a level by its label."""
    if group_by == "manager":
        ids = [int(key) for key in keys if key is not None]
        names = dict(
            db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all()
        )
        return {key: names.get(int(key), key) for key in keys if key is not None}
    if group_by == "level":
        return {key: str(level_label(key)) for key in keys if key is not None}
    return {key: key for key in keys if key is not None}


def coverage(
    filters: Filters = Filters(),
    group_by: str | None = None,
    *,
    see_small_groups: bool = False,
    today: date | None = None,
) -> Coverage:
    today = today or utcnow().date()
    minimum = current_app.config["SMALL_GROUP_MINIMUM"]
    guide = conduct.current_version()
    guide_id = guide.id if guide is not None else None
    rows = _grouped_rows(filters, group_by, guide_id, today)
    totals = Figures()
    result = Coverage(
        totals=totals,
        groups=[],
        group_by=group_by,
        filters=filters,
        guide_version=guide.version if guide is not None else None,
        onboarding_days=overdue.onboarding_days(),
        minimum=minimum,
    )
    groups = [_figures(row, Group(key=row.key)) for row in rows]
    for group in groups:
        totals.add(group)
    if filters.any and totals.employees < minimum and not see_small_groups:
        result.totals = Figures()
        result.hidden = True
        return result
    if group_by is None:
        return result
    labels = _labels(group_by, [group.key for group in groups])
    other = Group(key="", label=_("Other"), merged=True)
    for group in sorted(groups, key=lambda group: (group.key is None, str(group.key))):
        if group.employees < minimum and not see_small_groups:
            other.add(group)
            result.merged += 1
            continue
        group.label = labels.get(group.key) or _("Not set")
        group.key = group.key if group.key is not None else ""
        result.groups.append(group)
    # "Other" itself must not be a small group (the totals less the groups shown would
    # give its figures): the smallest groups shown join it until it is large enough.
    while result.merged and other.employees < minimum and result.groups:
        smallest = min(result.groups, key=lambda group: (group.employees, group.label))
        result.groups.remove(smallest)
        other.add(smallest)
        result.merged += 1
    if result.merged:
        result.groups.append(other)
    return result
