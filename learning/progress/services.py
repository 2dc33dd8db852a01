"""Progress through lessons, quizzes, courses and paths.

A course's units are its active lessons plus its quiz (one unit); a course is complete
when every lesson is done and the quiz is passed; path progress is the share of units
done across the path's courses. Every figure is aggregated in SQL.
"""

from dataclasses import asdict, dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.courses import services as courses
from learning.courses.models import Course, LearningPath, Lesson, PathCourse
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import Conflict
from learning.extensions import db
from learning.progress.models import CourseCompletion, LessonCompletion, QuizAttempt

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


@dataclass(frozen=True)
class CourseFigures:
    """What one person has done in one course, as counted by `_figures`."""

    has_quiz: bool = False
    lessons_total: int = 0
    lessons_done: int = 0
    attempts: int = 0
    best_score: int | None = None
    quiz_passed: bool = False
    # Its completion is recorded: it stays completed when lessons are added afterwards.
    recorded: bool = False

    @property
    def units_total(self) -> int:
        return self.lessons_total + (1 if self.has_quiz else 0)

    @property
    def units_done(self) -> int:
        if self.recorded:
            return self.units_total
        return self.lessons_done + (1 if self.has_quiz and self.quiz_passed else 0)

    @property
    def completed(self) -> bool:
        return self.recorded or (
            self.lessons_done >= self.lessons_total and (self.quiz_passed or not self.has_quiz)
        )

    @property
    def status(self) -> str:
        if self.completed:
            return COMPLETED
        if self.lessons_done or self.attempts:
            return IN_PROGRESS
        return NOT_STARTED

    @property
    def percent(self) -> int:
        return percent(self.units_done, self.units_total)


@dataclass(frozen=True)
class CourseProgress(CourseFigures):
    """One person's figures in one course, with the course."""

    course: Course | None = None


@dataclass
class Resume:
    course: Course
    lesson: Lesson | None  # None: the quiz is next


@dataclass
class PathOverview:
    path: LearningPath | None
    courses: list[CourseProgress] = field(default_factory=list)
    resume: Resume | None = None
    # The person's level, which has no path until the courses are loaded.
    level: str | None = None

    @property
    def percent(self) -> int:
        return percent(
            sum(c.units_done for c in self.courses), sum(c.units_total for c in self.courses)
        )

    @property
    def completed(self) -> bool:
        return bool(self.courses) and all(c.completed for c in self.courses)


def percent(done: int, total: int) -> int:
    # Rounded down, so 100 means everything is done.
    return (100 * done) // total if total else 0


def _figures(pairs) -> dict[tuple[int, int], CourseFigures]:
    """Lesson and quiz figures for each (user_id, course_id, has_quiz) row of `pairs`, in one
    query.

    The one place progress units are counted: every page, the API and HR's reports go
    through it, whether for one person or a thousand.
    """
    rows = db.session.execute(_figures_query(pairs)).all()
    return {
        (user_id, course_id): CourseFigures(
            bool(quiz), total, done, attempts, best, bool(passed), recorded is not None
        )
        for user_id, course_id, quiz, total, done, attempts, best, passed, recorded in rows
    }


def _figures_query(pairs) -> sa.Select:
    pairs = pairs.subquery("pairs")
    lesson_totals = (
        sa.select(Lesson.course_id, sa.func.count(Lesson.id).label("total"))
        .where(Lesson.is_active.is_(True), Lesson.course_id.in_(sa.select(pairs.c.course_id)))
        .group_by(Lesson.course_id)
        .subquery("lesson_totals")
    )
    lessons_done = (
        sa.select(
            LessonCompletion.user_id,
            Lesson.course_id,
            sa.func.count(LessonCompletion.lesson_id).label("done"),
        )
        .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
        .where(
            Lesson.is_active.is_(True),
            LessonCompletion.user_id.in_(sa.select(pairs.c.user_id)),
        )
        .group_by(LessonCompletion.user_id, Lesson.course_id)
        .subquery("lessons_done")
    )
    quizzes = (
        sa.select(
            QuizAttempt.user_id,
            QuizAttempt.course_id,
            sa.func.count(QuizAttempt.id).label("attempts"),
            sa.func.max(QuizAttempt.score).label("best"),
            sa.func.max(sa.case((QuizAttempt.passed, 1), else_=0)).label("passed"),
        )
        .where(QuizAttempt.user_id.in_(sa.select(pairs.c.user_id)))
        .group_by(QuizAttempt.user_id, QuizAttempt.course_id)
        .subquery("quizzes")
    )
    return (
        sa.select(
            pairs.c.user_id,
            pairs.c.course_id,
            pairs.c.has_quiz,
            sa.func.coalesce(lesson_totals.c.total, 0).label("lessons_total"),
            sa.func.coalesce(lessons_done.c.done, 0).label("lessons_done"),
            sa.func.coalesce(quizzes.c.attempts, 0).label("attempts"),
            quizzes.c.best,
            sa.func.coalesce(quizzes.c.passed, 0).label("quiz_passed"),
            CourseCompletion.completed_at,
        )
        .outerjoin(lesson_totals, lesson_totals.c.course_id == pairs.c.course_id)
        .outerjoin(
            lessons_done,
            sa.and_(
                lessons_done.c.user_id == pairs.c.user_id,
                lessons_done.c.course_id == pairs.c.course_id,
            ),
        )
        .outerjoin(
            quizzes,
            sa.and_(quizzes.c.user_id == pairs.c.user_id, quizzes.c.course_id == pairs.c.course_id),
        )
        .outerjoin(
            CourseCompletion,
            sa.and_(
                CourseCompletion.user_id == pairs.c.user_id,
                CourseCompletion.course_id == pairs.c.course_id,
            ),
        )
    )


def _path_courses(user_ids):
    """(user_id, course_id, has_quiz) for every active course of each user's path."""
    return (
        sa.select(
            User.id.label("user_id"),
            Course.id.label("course_id"),
            Course.pass_mark.is_not(None).label("has_quiz"),
        )
        .join(LearningPath, LearningPath.level == User.level)
        .join(
            PathCourse,
            sa.and_(
                PathCourse.path_id == LearningPath.id,
                sa.or_(PathCourse.for_active_users.is_(False), User.active_on_networks.is_(True)),
            ),
        )
        .join(Course, sa.and_(Course.id == PathCourse.course_id, Course.is_active.is_(True)))
        .where(User.id.in_(user_ids))
    )


def progress_for(user: User, course_list: list[Course]) -> list[CourseProgress]:
    """Progress in each course, in one query whatever the number of courses or lessons."""
    pairs = sa.select(
        sa.literal(user.id).label("user_id"),
        Course.id.label("course_id"),
        Course.pass_mark.is_not(None).label("has_quiz"),
    ).where(Course.id.in_([course.id for course in course_list]))
    figures = _figures(pairs)
    return [
        CourseProgress(course=course, **asdict(figures[(user.id, course.id)]))
        for course in course_list
    ]


def path_percentages(user_ids: list[int]) -> dict[int, int]:
    """Each person's path progress (0..100), in one query whatever the number of people."""
    done: dict[int, int] = dict.fromkeys(user_ids, 0)
    total: dict[int, int] = dict.fromkeys(user_ids, 0)
    for (user_id, _course_id), course in _figures(_path_courses(user_ids)).items():
        total[user_id] += course.units_total
        done[user_id] += course.units_done
    return {user_id: percent(done[user_id], total[user_id]) for user_id in user_ids}


@dataclass(frozen=True)
class PathTotals:
    """How far a group of people has gone on their paths."""

    people_on_a_path: int
    average_percent: int
    completed: int


def path_totals(user_ids) -> PathTotals:
    """`path_percentages` summed up for a group (ids, or a select of them), in one query."""
    figures = _figures_query(_path_courses(user_ids)).subquery("figures")
    quiz_unit = sa.case((figures.c.has_quiz, 1), else_=0)
    passed_unit = sa.case((sa.and_(figures.c.has_quiz, figures.c.quiz_passed == 1), 1), else_=0)
    # Integers before dividing, so both engines round down as `percent` does.
    people = (
        sa.select(
            sa.cast(
                sa.func.sum(
                    sa.case(
                        (figures.c.completed_at.is_not(None), figures.c.lessons_total + quiz_unit),
                        else_=figures.c.lessons_done + passed_unit,
                    )
                ),
                sa.Integer,
            ).label("done"),
            sa.cast(sa.func.sum(figures.c.lessons_total + quiz_unit), sa.Integer).label("total"),
        )
        .group_by(figures.c.user_id)
        .subquery("people")
    )
    person_percent = sa.case((people.c.total > 0, 100 * people.c.done / people.c.total), else_=0)
    count, average, completed = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.avg(person_percent),
            sa.func.coalesce(
                sa.func.sum(sa.case((people.c.done >= people.c.total, 1), else_=0)), 0
            ),
        )
    ).one()
    return PathTotals(count, round(average or 0), completed)


def completed_path_ids(user_ids) -> sa.Select:
    """The ids among `user_ids` (ids, or a select of them) who completed every active course
    of their path, as a select to join or filter with.

    It reads the recorded course completions (one row per person and course, written when
    the course is done), not every lesson done, so that a report over thousands of people
    stays fast: a course completed before a lesson was added to it still counts.
    """
    path_course = _path_courses(user_ids).subquery("path_course")
    return (
        sa.select(path_course.c.user_id)
        .outerjoin(
            CourseCompletion,
            sa.and_(
                CourseCompletion.user_id == path_course.c.user_id,
                CourseCompletion.course_id == path_course.c.course_id,
            ),
        )
        .group_by(path_course.c.user_id)
        .having(sa.func.count(CourseCompletion.course_id) == sa.func.count())
    )


def path_overview(user: User) -> PathOverview:
    path = courses.get_path(user.level) if user.level else None
    if path is None:
        return PathOverview(path=None, level=user.level)
    course_list = [step.course for step in courses.steps_for(user, path)]
    overview = PathOverview(path=path, courses=progress_for(user, course_list), level=user.level)
    overview.resume = _resume_point(user, overview)
    return overview


def _resume_point(user: User, overview: PathOverview) -> Resume | None:
    progress = next((c for c in overview.courses if not c.completed), None)
    if progress is None:
        return None
    next_lesson = db.session.execute(
        sa.select(Lesson)
        .where(
            Lesson.course_id == progress.course.id,
            Lesson.is_active.is_(True),
            ~sa.exists().where(
                LessonCompletion.lesson_id == Lesson.id, LessonCompletion.user_id == user.id
            ),
        )
        .order_by(Lesson.position)
        .limit(1)
    ).scalar_one_or_none()
    return Resume(progress.course, next_lesson)


def completed_lesson_ids(user: User, course: Course) -> set[int]:
    return set(
        db.session.execute(
            sa.select(LessonCompletion.lesson_id)
            .join(Lesson, Lesson.id == LessonCompletion.lesson_id)
            .where(LessonCompletion.user_id == user.id, Lesson.course_id == course.id)
        ).scalars()
    )


def new_lesson_ids(user: User, course: Course, lessons: list[Lesson], done: set[int]) -> set[int]:
    """The lessons added after the person completed the course, not read yet: the course
    stays completed, and these show as new."""
    completed_at = db.session.execute(
        sa.select(CourseCompletion.completed_at).where(
            CourseCompletion.user_id == user.id, CourseCompletion.course_id == course.id
        )
    ).scalar_one_or_none()
    if completed_at is None:
        return set()
    return {
        lesson.id for lesson in lessons if lesson.id not in done and lesson.added_at > completed_at
    }


def complete_lesson(user: User, lesson: Lesson) -> bool:
    """Mark a lesson done; doing it again changes nothing. True the first time."""
    inserted = insert_ignoring_duplicates(
        db.session, LessonCompletion, user_id=user.id, lesson_id=lesson.id, completed_at=utcnow()
    )
    if inserted:
        signals.announce(signals.lesson_completed, user, lesson=lesson)
        record_course_completion(user, lesson.course)
    return inserted


def mark_lesson_done(user: User, lesson: Lesson) -> bool:
    """Mark a lesson done by hand (the lesson page's button, the API). An exercise is
    done only when the learner's work passes its check, never by hand: refused, nothing
    written."""
    if lesson.exercise:
        raise Conflict(
            _(
                "This lesson is an exercise: it is done when your draft passes the check, "
                "not by marking it done."
            ),
            code="lesson_is_an_exercise",
        )
    return complete_lesson(user, lesson)


def record_course_completion(user: User, course: Course) -> None:
    (progress,) = progress_for(user, [course])
    if not progress.completed:
        return
    inserted = insert_ignoring_duplicates(
        db.session, CourseCompletion, user_id=user.id, course_id=course.id, completed_at=utcnow()
    )
    if not inserted:
        return
    signals.announce(signals.course_completed, user, course=course)
    overview = path_overview(user)
    if overview.completed and any(c.course.id == course.id for c in overview.courses):
        signals.announce(signals.path_completed, user, path=overview.path)
