"""Training figures for HR, aggregated in SQL: the query count does not grow with the data."""

from dataclasses import dataclass

import sqlalchemy as sa

from learning.auth.models import User, UserRole
from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment
from learning.courses.models import Course, LearningPath, Lesson, PathCourse
from learning.extensions import db
from learning.progress.models import LessonCompletion, QuizAttempt
from learning.progress.services import percent
from learning.roles import PERSON_ROLES

PAGE_SIZE = 50
SEARCH_MAX_LENGTH = 100


@dataclass
class EmployeeRow:
    user: User
    progress: int
    acknowledged_current_guide: bool


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


def _path_units() -> dict[str, int]:
    """Units (active lessons plus quizzes) in each level's path."""
    active_course = sa.and_(Course.id == PathCourse.course_id, Course.is_active.is_(True))
    lessons = db.session.execute(
        sa.select(LearningPath.level, sa.func.count(Lesson.id))
        .join(PathCourse, PathCourse.path_id == LearningPath.id)
        .join(Course, active_course)
        .join(Lesson, sa.and_(Lesson.course_id == Course.id, Lesson.is_active.is_(True)))
        .group_by(LearningPath.level)
    ).all()
    quizzes = db.session.execute(
        sa.select(LearningPath.level, sa.func.count(Course.id))
        .join(PathCourse, PathCourse.path_id == LearningPath.id)
        .join(Course, active_course)
        .where(Course.pass_mark.is_not(None))
        .group_by(LearningPath.level)
    ).all()
    units = dict(lessons)
    for level, count in quizzes:
        units[level] = units.get(level, 0) + count
    return units


def _units_done(user_ids: list[int]) -> dict[int, int]:
    in_path = (
        sa.select(User.id.label("user_id"), PathCourse.course_id)
        .join(LearningPath, LearningPath.level == User.level)
        .join(PathCourse, PathCourse.path_id == LearningPath.id)
        .join(Course, sa.and_(Course.id == PathCourse.course_id, Course.is_active.is_(True)))
        .where(User.id.in_(user_ids))
        .subquery()
    )
    lessons = db.session.execute(
        sa.select(in_path.c.user_id, sa.func.count(LessonCompletion.lesson_id))
        .join(Lesson, sa.and_(Lesson.course_id == in_path.c.course_id, Lesson.is_active.is_(True)))
        .join(
            LessonCompletion,
            sa.and_(
                LessonCompletion.lesson_id == Lesson.id,
                LessonCompletion.user_id == in_path.c.user_id,
            ),
        )
        .group_by(in_path.c.user_id)
    ).all()
    quizzes = db.session.execute(
        sa.select(in_path.c.user_id, sa.func.count(sa.distinct(QuizAttempt.course_id)))
        .join(
            QuizAttempt,
            sa.and_(
                QuizAttempt.course_id == in_path.c.course_id,
                QuizAttempt.user_id == in_path.c.user_id,
                QuizAttempt.passed.is_(True),
            ),
        )
        .group_by(in_path.c.user_id)
    ).all()
    done = dict(lessons)
    for user_id, count in quizzes:
        done[user_id] = done.get(user_id, 0) + count
    return done


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
    units = _path_units()
    done = _units_done(ids)
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
    rows = [
        EmployeeRow(
            user, percent(done.get(user.id, 0), units.get(user.level, 0)), user.id in acknowledged
        )
        for user in users
    ]
    return EmployeePage(rows, total, page, pages, departments)
