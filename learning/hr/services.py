"""Training figures for HR, aggregated in SQL: the query count does not grow with the data."""

from dataclasses import dataclass

import sqlalchemy as sa

from learning.auth.models import User, UserRole
from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.levels import LEVELS
from learning.progress.services import PathTotals, path_percentages, path_totals, percent
from learning.roles import PERSON_ROLES

PAGE_SIZE = 50
SEARCH_MAX_LENGTH = 100


@dataclass
class EmployeeRow:
    user: User
    progress: int
    acknowledged_current_guide: bool
    # The other level of the borderline result the current level comes from, if it does.
    borderline_with: str | None = None


@dataclass
class EmployeePage:
    rows: list[EmployeeRow]
    total: int
    page: int
    pages: int
    departments: list[str]


def _people():
    return sa.select(User).where(
        sa.exists().where(UserRole.user_id == User.id, UserRole.role.in_(PERSON_ROLES))
    )


def employees(page: int = 1, department: str | None = None, search: str | None = None):
    query = _people()
    if department:
        query = query.where(User.department == department)
    if search:
        pattern = "%" + search.strip()[:SEARCH_MAX_LENGTH].lower().replace("%", r"\%") + "%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    users = list(
        db.session.execute(
            query.order_by(User.name, User.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        ).scalars()
    )
    ids = [user.id for user in users]
    progress = path_percentages(ids)
    guide = conduct.current_version()
    acknowledged = set()
    if guide is not None:
        acknowledged = set(
            db.session.execute(
                sa.select(Acknowledgment.user_id).where(
                    Acknowledgment.guide_version_id == guide.id, Acknowledgment.user_id.in_(ids)
                )
            ).scalars()
        )
    departments = list(
        db.session.execute(
            sa.select(User.department)
            .where(User.department.is_not(None))
            .distinct()
            .order_by(User.department)
        ).scalars()
    )
    borderline = familiarity.borderline_levels(ids)
    rows = [
        EmployeeRow(user, progress[user.id], user.id in acknowledged, borderline.get(user.id))
        for user in users
    ]
    return EmployeePage(rows, total, page, pages, departments)


@dataclass
class TrainingOverview:
    """Where the training stands for everyone: the figures of HR's landing page."""

    people: int
    levels: dict[str, int]  # every level, in order, with how many people are at it
    paths: PathTotals
    guide_version: int | None
    acknowledged: int

    @property
    def diagnosed(self) -> int:
        return sum(self.levels.values())

    def share(self, part: int, whole: int | None = None) -> int:
        """`part` as a percentage of `whole` (everyone by default), rounded down."""
        return percent(part, self.people if whole is None else whole)


def overview() -> TrainingOverview:
    """Four queries, whatever the number of people."""
    people = _people().with_only_columns(User.id)
    counts = dict(
        db.session.execute(
            sa.select(User.level, sa.func.count()).where(User.id.in_(people)).group_by(User.level)
        ).all()
    )
    guide = conduct.current_version()
    acknowledged = 0
    if guide is not None:
        acknowledged = db.session.execute(
            sa.select(sa.func.count(sa.distinct(Acknowledgment.user_id))).where(
                Acknowledgment.guide_version_id == guide.id, Acknowledgment.user_id.in_(people)
            )
        ).scalar_one()
    return TrainingOverview(
        people=sum(counts.values()),
        levels={level: counts.get(level, 0) for level in LEVELS},
        paths=path_totals(people),
        guide_version=guide.version if guide is not None else None,
        acknowledged=acknowledged,
    )
