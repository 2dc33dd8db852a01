"""Loading course content into the database, and reading courses back for learners."""

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from learning import markdown
from learning.content import SyncReport
from learning.courses import loader
from learning.courses.models import (
    Course,
    LearningPath,
    Lesson,
    LessonTranslation,
    PathCourse,
    QuizChoice,
    QuizChoiceTranslation,
    QuizQuestion,
    QuizQuestionTranslation,
)
from learning.database import utcnow
from learning.errors import NotFound
from learning.extensions import db
from learning.locales import SOURCE_LOCALE


def sync_catalogue(
    catalogue: loader.Catalogue, report: SyncReport, networks: tuple[str, ...]
) -> None:
    """Write checked course content: courses with their lessons, quizzes and translations,
    and the paths. Adds and flushes; the caller commits.

    Lessons, questions and choices are matched on their keys, so editing, reordering or
    adding them keeps everyone's progress; what disappeared from the files is retired,
    not deleted. Translations hang on those rows, so they come and go freely. A lesson or
    question about networks the company does not use (`networks`) is not offered.
    """
    courses = {spec.slug: _sync_course(spec, report, set(networks)) for spec in catalogue.courses}
    retired = db.session.execute(
        sa.update(Course)
        .where(Course.slug.not_in(list(courses)), Course.is_active.is_(True))
        .values(is_active=False)
    ).rowcount
    if retired:
        report.add("courses retired", retired)
    _sync_paths(catalogue, courses, report)


def _set(obj, report: SyncReport, what: str, **values) -> None:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed and sa.inspect(obj).persistent:
        report.add(f"{what} updated")


def _match_by_key(rows: list, specs: list, model, report: SyncReport, what: str, values) -> list:
    """Match rows to specs on their key: update what exists, add what is new, retire what is
    gone. Keys are the identity learners' progress hangs on, so rows are never deleted."""
    remaining = {row.key: row for row in rows}
    matched = []
    for position, spec in enumerate(specs):
        row = remaining.pop(spec.key, None)
        if row is None:
            row = model(key=spec.key)
            rows.append(row)
            report.add(f"{what} added")
        _set(row, report, what, **({"position": position, "is_active": True} | values(spec)))
        matched.append((row, spec))
    for row in remaining.values():
        if row.is_active:
            row.is_active = False
            report.add(f"{what} retired")
    return matched


def _sync_translations(row, texts: dict, model, report: SyncReport, what: str, values) -> None:
    """Make a row's translations those of the files, by locale. Nothing refers to a
    translation, so one removed from the files is deleted (the English text remains)."""
    for locale in [locale for locale in row.translations if locale not in texts]:
        del row.translations[locale]
        report.add(f"{what} removed")
    for locale, text in texts.items():
        translation = row.translations.get(locale)
        if translation is None:
            row.translations[locale] = model(locale=locale, **values(text))
            report.add(f"{what} added")
        else:
            _set(translation, report, what, **values(text))


def _lesson_values(text: loader.LessonSpec | loader.TranslatedLesson) -> dict:
    return {
        "title": text.title,
        "body_markdown": text.body,
        "body_html": markdown.render(text.body),
    }


def _sync_course(spec: loader.CourseSpec, report: SyncReport, networks: set[str]) -> Course:
    course = db.session.execute(
        sa.select(Course)
        .where(Course.slug == spec.slug)
        .options(
            selectinload(Course.lessons).selectinload(Lesson.translations),
            selectinload(Course.questions).selectinload(QuizQuestion.translations),
            selectinload(Course.questions)
            .selectinload(QuizQuestion.choices)
            .selectinload(QuizChoice.translations),
        )
    ).scalar_one_or_none()
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
        report.add("courses added")
    _set(
        course,
        report,
        "courses",
        title=spec.title,
        summary=spec.summary,
        levels=spec.levels,
        estimated_minutes=spec.estimated_minutes,
        version=spec.version,
        pass_mark=spec.pass_mark,
        is_active=True,
    )

    lessons = _match_by_key(
        course.lessons,
        spec.lessons,
        Lesson,
        report,
        "lessons",
        lambda lesson: {
            "minutes": lesson.minutes,
            "reviewed_on": lesson.reviewed,
            "networks": lesson.networks,
            "exercise": lesson.exercise,
            "is_active": loader.offered(lesson.networks, networks),
            **_lesson_values(lesson),
        },
    )
    for lesson, lesson_spec in lessons:
        _sync_translations(
            lesson,
            lesson_spec.translations,
            LessonTranslation,
            report,
            "lesson translations",
            _lesson_values,
        )
    lesson_rows = {row.key: row for row, _spec in lessons}
    questions = _match_by_key(
        course.questions,
        spec.questions,
        QuizQuestion,
        report,
        "questions",
        lambda question: {
            "text": question.text,
            "explanation": question.explanation,
            "lesson": lesson_rows[question.lesson],
            "networks": question.networks,
            "is_active": loader.offered(question.networks, networks)
            and lesson_rows[question.lesson].is_active,
        },
    )
    for question, question_spec in questions:
        _sync_translations(
            question,
            question_spec.translations,
            QuizQuestionTranslation,
            report,
            "question translations",
            lambda text: {"text": text.text, "explanation": text.explanation},
        )
        choices = _match_by_key(
            question.choices,
            question_spec.choices,
            QuizChoice,
            report,
            "choices",
            lambda choice: {"text": choice.text, "is_correct": choice.correct},
        )
        for choice, choice_spec in choices:
            texts = {
                locale: translation.choices[choice_spec.key]
                for locale, translation in question_spec.translations.items()
            }
            _sync_translations(
                choice,
                texts,
                QuizChoiceTranslation,
                report,
                "choice translations",
                lambda text: {"text": text},
            )
    return course


def _sync_paths(catalogue: loader.Catalogue, courses: dict[str, Course], report) -> None:
    db.session.flush()
    existing = {path.level: path for path in db.session.execute(sa.select(LearningPath)).scalars()}
    for spec in catalogue.paths:
        path = existing.get(spec.level)
        if path is None:
            path = LearningPath(level=spec.level)
            db.session.add(path)
            report.add("paths added")
        _set(path, report, "paths", title=spec.title, summary=spec.summary)
        db.session.flush()
        wanted = (
            [(slug, True, False) for slug in catalogue.core]
            + [(slug, False, True) for slug in spec.for_active_users]
            + [(slug, False, False) for slug in spec.courses]
        )
        current = [
            (row.course_id, row.position, row.is_core, row.for_active_users)
            for row in db.session.execute(
                sa.select(PathCourse)
                .where(PathCourse.path_id == path.id)
                .order_by(PathCourse.position)
            ).scalars()
        ]
        target = [
            (courses[slug].id, position, core, active_users)
            for position, (slug, core, active_users) in enumerate(wanted)
        ]
        if current != target:
            db.session.execute(sa.delete(PathCourse).where(PathCourse.path_id == path.id))
            db.session.execute(
                sa.insert(PathCourse),
                [
                    {
                        "path_id": path.id,
                        "course_id": course_id,
                        "position": position,
                        "is_core": core,
                        "for_active_users": active_users,
                    }
                    for course_id, position, core, active_users in target
                ],
            )
            db.session.expire(path, ["steps"])
            if current:
                report.add("paths reordered")


# Statements about a network's features age: a lesson is due for review after a year.
REVIEW_MONTHS = 12


def review_cutoff(today: date) -> date:
    """The last review date that is REVIEW_MONTHS old on `today` (29 February: 28th)."""
    years, month = divmod(today.month - 1 - REVIEW_MONTHS, 12)
    year, month = today.year + years, month + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def lessons_due_for_review(today: date | None = None) -> list[Lesson]:
    """Offered lessons never reviewed, or last reviewed REVIEW_MONTHS ago or more, the
    oldest first."""
    cutoff = review_cutoff(today or utcnow().date())
    return list(
        db.session.execute(
            sa.select(Lesson)
            .join(Course)
            .where(
                Lesson.is_active.is_(True),
                Course.is_active.is_(True),
                sa.or_(Lesson.reviewed_on.is_(None), Lesson.reviewed_on <= cutoff),
            )
            .options(joinedload(Lesson.course))
            .order_by(Lesson.reviewed_on.is_not(None), Lesson.reviewed_on, Course.slug, Lesson.key)
        ).scalars()
    )


def get_course(slug: str) -> Course:
    course = db.session.execute(
        sa.select(Course).where(Course.slug == slug, Course.is_active.is_(True))
    ).scalar_one_or_none()
    if course is None:
        raise NotFound(_("There is no course '%(slug)s'.", slug=slug[:80]), code="course_not_found")
    return course


def active_lessons(course: Course) -> list[Lesson]:
    return list(
        db.session.execute(
            sa.select(Lesson)
            .where(Lesson.course_id == course.id, Lesson.is_active.is_(True))
            .order_by(Lesson.position)
        ).scalars()
    )


def get_lesson(lesson_id: int) -> Lesson:
    lesson = db.session.execute(
        sa.select(Lesson)
        .join(Course)
        .where(Lesson.id == lesson_id, Lesson.is_active.is_(True), Course.is_active.is_(True))
    ).scalar_one_or_none()
    if lesson is None:
        raise NotFound(_("There is no such lesson."), code="lesson_not_found")
    return lesson


def quiz_questions(course: Course) -> list[QuizQuestion]:
    """The active questions with their lessons and active choices, in two queries whatever
    the size."""
    return list(
        db.session.execute(
            sa.select(QuizQuestion)
            .where(QuizQuestion.course_id == course.id, QuizQuestion.is_active.is_(True))
            .order_by(QuizQuestion.position)
            .options(
                joinedload(QuizQuestion.lesson),
                selectinload(QuizQuestion.choices.and_(QuizChoice.is_active.is_(True))),
            )
        ).scalars()
    )


def steps_for(person, path: LearningPath) -> list[PathCourse]:
    """The path's active courses for this person: those for active users only when their
    questionnaire showed active use."""
    return [
        step
        for step in path.steps
        if step.course.is_active and (not step.for_active_users or person.active_on_networks)
    ]


def get_path(level: str) -> LearningPath | None:
    return db.session.execute(
        sa.select(LearningPath)
        .where(LearningPath.level == level)
        .options(selectinload(LearningPath.steps).joinedload(PathCourse.course))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class LessonText:
    """A lesson as a learner reads it in one language."""

    locale: str
    title: str
    body_html: str


def lesson_text(lesson: Lesson, locale: str) -> LessonText:
    """The lesson in `locale`, or in English when it has no translation in that language."""
    translation = lesson.translations.get(locale)
    if translation is None:
        return LessonText(SOURCE_LOCALE, lesson.title, lesson.body_html)
    return LessonText(locale, translation.title, translation.body_html)


@dataclass(frozen=True)
class QuestionText:
    """A quiz question as a learner reads it in one language."""

    locale: str
    text: str
    explanation: str
    # Each of the question's loaded choices, with its text, in order.
    choices: list[tuple[QuizChoice, str]]


def question_text(question: QuizQuestion, locale: str) -> QuestionText:
    """The question and its choices in `locale`, or in English when it has no translation
    in that language."""
    translation = question.translations.get(locale)
    if translation is None:
        choices = [(choice, choice.text) for choice in question.choices]
        return QuestionText(SOURCE_LOCALE, question.text, question.explanation, choices)
    choices = [
        (choice, choice.translations[locale].text if locale in choice.translations else choice.text)
        for choice in question.choices
    ]
    return QuestionText(locale, translation.text, translation.explanation, choices)
