"""Progress through lessons, quizzes, courses and paths.

A course's units are its active lessons plus its quiz (one unit); a course is complete
when every lesson is done and the quiz is passed; path progress is the share of units
done across the path's courses. Every figure is aggregated in SQL.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.courses import services as courses
from learning.courses.models import Course, LearningPath, Lesson, QuizQuestion
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import Invalid
from learning.extensions import db
from learning.progress.models import CourseCompletion, LessonCompletion, QuizAttempt

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


@dataclass
class CourseProgress:
    course: Course
    lessons_total: int = 0
    lessons_done: int = 0
    attempts: int = 0
    best_score: int | None = None
    quiz_passed: bool = False

    @property
    def has_quiz(self) -> bool:
        return self.course.pass_mark is not None

    @property
    def units_total(self) -> int:
        return self.lessons_total + (1 if self.has_quiz else 0)

    @property
    def units_done(self) -> int:
        return self.lessons_done + (1 if self.has_quiz and self.quiz_passed else 0)

    @property
    def completed(self) -> bool:
        return self.lessons_done >= self.lessons_total and (self.quiz_passed or not self.has_quiz)

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


def progress_for(user: User, course_list: list[Course]) -> list[CourseProgress]:
    """Progress in each course, in two queries whatever the number of courses or lessons."""
    ids = [course.id for course in course_list]
    lesson_rows = db.session.execute(
        sa.select(
            Lesson.course_id,
            sa.func.count(Lesson.id),
            sa.func.count(LessonCompletion.lesson_id),
        )
        .outerjoin(
            LessonCompletion,
            sa.and_(LessonCompletion.lesson_id == Lesson.id, LessonCompletion.user_id == user.id),
        )
        .where(Lesson.course_id.in_(ids), Lesson.is_active.is_(True))
        .group_by(Lesson.course_id)
    ).all()
    quiz_rows = db.session.execute(
        sa.select(
            QuizAttempt.course_id,
            sa.func.count(QuizAttempt.id),
            sa.func.max(QuizAttempt.score),
            sa.func.max(sa.case((QuizAttempt.passed, 1), else_=0)),
        )
        .where(QuizAttempt.user_id == user.id, QuizAttempt.course_id.in_(ids))
        .group_by(QuizAttempt.course_id)
    ).all()
    lessons = {course_id: (total, done) for course_id, total, done in lesson_rows}
    quizzes = {course_id: (n, best, passed) for course_id, n, best, passed in quiz_rows}
    result = []
    for course in course_list:
        total, done = lessons.get(course.id, (0, 0))
        attempts, best, passed = quizzes.get(course.id, (0, None, 0))
        result.append(CourseProgress(course, total, done, attempts, best, bool(passed)))
    return result


def path_overview(user: User) -> PathOverview:
    path = courses.get_path(user.level) if user.level else None
    if path is None:
        return PathOverview(path=None, level=user.level)
    course_list = [step.course for step in path.steps if step.course.is_active]
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


def complete_lesson(user: User, lesson: Lesson) -> bool:
    """Mark a lesson done; doing it again changes nothing. True the first time."""
    inserted = insert_ignoring_duplicates(
        db.session, LessonCompletion, user_id=user.id, lesson_id=lesson.id, completed_at=utcnow()
    )
    db.session.commit()
    if inserted:
        signals.lesson_completed.send(user, lesson=lesson)
        _record_course_completion(user, lesson.course)
    return inserted


@dataclass
class QuestionReview:
    question: QuizQuestion
    chosen_id: int
    correct_id: int

    @property
    def is_right(self) -> bool:
        return self.chosen_id == self.correct_id


@dataclass
class AttemptResult:
    attempt: QuizAttempt
    pass_mark: int
    review: list[QuestionReview]


def _as_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        return int(value)
    return None


def attempt_quiz(user: User, course: Course, answers: object) -> AttemptResult:
    """Score a quiz attempt. Every question of this quiz must have one of its own choices."""
    if course.pass_mark is None:
        raise Invalid(_("This course has no quiz."), code="no_quiz")
    if not isinstance(answers, dict):
        raise Invalid(
            _("Answers must map each question id to a choice id."), code="invalid_answers"
        )
    questions = courses.quiz_questions(course)
    by_id = {question.id: question for question in questions}
    given: dict[int, int] = {}
    mentioned: set[int] = set()
    problems = []
    for raw_question, raw_choice in answers.items():
        question_id = _as_id(raw_question)
        if question_id not in by_id:
            problems.append(_("question %(id)s is not in this quiz", id=str(raw_question)[:20]))
            continue
        mentioned.add(question_id)
        choice_id = _as_id(raw_choice)
        if choice_id not in {choice.id for choice in by_id[question_id].choices}:
            problems.append(
                _(
                    "question %(id)s has no choice %(choice)s",
                    id=question_id,
                    choice=str(raw_choice)[:20],
                )
            )
            continue
        given[question_id] = choice_id
    problems.extend(
        _("question %(id)s has no answer", id=q.id) for q in questions if q.id not in mentioned
    )
    if problems:
        raise Invalid("; ".join(problems) + ".", code="invalid_answers")
    review = [
        QuestionReview(q, given[q.id], next(c.id for c in q.choices if c.is_correct))
        for q in questions
    ]
    score = percent(sum(r.is_right for r in review), len(review))
    attempt = QuizAttempt(
        user_id=user.id,
        course_id=course.id,
        score=score,
        passed=score >= course.pass_mark,
        answers={str(k): v for k, v in given.items()},
    )
    db.session.add(attempt)
    db.session.commit()
    signals.quiz_attempted.send(user, attempt=attempt)
    if attempt.passed:
        _record_course_completion(user, course)
    return AttemptResult(attempt, course.pass_mark, review)


def latest_attempt(user: User, course: Course) -> QuizAttempt | None:
    return db.session.execute(
        sa.select(QuizAttempt)
        .where(QuizAttempt.user_id == user.id, QuizAttempt.course_id == course.id)
        .order_by(QuizAttempt.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def review_attempt(attempt: QuizAttempt, course: Course) -> AttemptResult:
    questions = courses.quiz_questions(course)
    review = [
        QuestionReview(
            q, attempt.answers.get(str(q.id)), next(c.id for c in q.choices if c.is_correct)
        )
        for q in questions
    ]
    return AttemptResult(attempt, course.pass_mark, review)


def _record_course_completion(user: User, course: Course) -> None:
    (progress,) = progress_for(user, [course])
    if not progress.completed:
        return
    inserted = insert_ignoring_duplicates(
        db.session, CourseCompletion, user_id=user.id, course_id=course.id, completed_at=utcnow()
    )
    db.session.commit()
    if not inserted:
        return
    signals.course_completed.send(user, course=course)
    overview = path_overview(user)
    if overview.completed and any(c.course.id == course.id for c in overview.courses):
        signals.path_completed.send(user, path=overview.path)
