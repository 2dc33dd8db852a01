"""Loading course files into the database, and reading courses back for learners."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from learning import markdown
from learning.conduct.models import GuideVersion
from learning.courses import loader
from learning.courses.models import (
    Course,
    LearningPath,
    Lesson,
    PathCourse,
    QuizChoice,
    QuizQuestion,
)
from learning.errors import NotFound
from learning.extensions import db


@dataclass
class SyncReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def __str__(self) -> str:
        if not self.counts:
            return "nothing changed"
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()))


def guide_hash(version: int, sections: list[dict]) -> str:
    """The hash of the exact text people acknowledge: any edit changes it."""
    canonical = json.dumps({"version": version, "sections": sections}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def sync(directory: str | Path) -> SyncReport:
    """Load the course files idempotently, as part of the caller's unit of work.

    Lessons, questions and choices are matched on their keys, so editing, reordering or
    adding them keeps everyone's progress; what disappeared from the files is retired,
    not deleted. Invalid content raises ContentError and writes nothing.
    """
    catalogue = loader.load(directory)
    _check_published_guides(catalogue)
    report = SyncReport()
    courses = {spec.slug: _sync_course(spec, report) for spec in catalogue.courses}
    retired = db.session.execute(
        sa.update(Course)
        .where(Course.slug.not_in(list(courses)), Course.is_active.is_(True))
        .values(is_active=False)
    ).rowcount
    if retired:
        report.add("courses retired", retired)
    _sync_paths(catalogue, courses, report)
    _sync_guides(catalogue, report)
    return report


def _set(obj, report: SyncReport, what: str, **values) -> None:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed and obj.id is not None:
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
        _set(row, report, what, position=position, is_active=True, **values(spec))
        matched.append((row, spec))
    for row in remaining.values():
        if row.is_active:
            row.is_active = False
            report.add(f"{what} retired")
    return matched


def _sync_course(spec: loader.CourseSpec, report: SyncReport) -> Course:
    course = db.session.execute(
        sa.select(Course)
        .where(Course.slug == spec.slug)
        .options(
            selectinload(Course.lessons),
            selectinload(Course.questions).selectinload(QuizQuestion.choices),
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

    _match_by_key(
        course.lessons,
        spec.lessons,
        Lesson,
        report,
        "lessons",
        lambda lesson: {
            "title": lesson.title,
            "minutes": lesson.minutes,
            "body_markdown": lesson.body,
            "body_html": markdown.render(lesson.body),
        },
    )
    questions = _match_by_key(
        course.questions,
        spec.questions,
        QuizQuestion,
        report,
        "questions",
        lambda question: {"text": question.text, "explanation": question.explanation},
    )
    for question, question_spec in questions:
        _match_by_key(
            question.choices,
            question_spec.choices,
            QuizChoice,
            report,
            "choices",
            lambda choice: {"text": choice.text, "is_correct": choice.correct},
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
        wanted = [(slug, True) for slug in catalogue.core] + [
            (slug, False) for slug in spec.courses
        ]
        current = [
            (row.course_id, row.position, row.is_core)
            for row in db.session.execute(
                sa.select(PathCourse)
                .where(PathCourse.path_id == path.id)
                .order_by(PathCourse.position)
            ).scalars()
        ]
        target = [
            (courses[slug].id, position, core) for position, (slug, core) in enumerate(wanted)
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
                    }
                    for course_id, position, core in target
                ],
            )
            db.session.expire(path, ["steps"])
            if current:
                report.add("paths reordered")


def _check_published_guides(catalogue: loader.Catalogue) -> None:
    """A published guide version is never edited: people acknowledged its exact text."""
    published = dict(
        db.session.execute(sa.select(GuideVersion.version, GuideVersion.content_hash)).all()
    )
    problems = [
        loader.Problem(
            spec.source,
            1,
            f"guide version {spec.version} is already published with a different "
            f"text; publish the change as version {max(published) + 1}",
        )
        for spec in catalogue.guides
        if spec.version in published
        and published[spec.version] != guide_hash(spec.version, spec.sections)
    ]
    if problems:
        raise loader.ContentError(problems)


def _sync_guides(catalogue: loader.Catalogue, report: SyncReport) -> None:
    published = set(db.session.execute(sa.select(GuideVersion.version)).scalars())
    for spec in catalogue.guides:
        if spec.version in published:
            continue
        db.session.add(
            GuideVersion(
                version=spec.version,
                published_at=spec.published_at,
                changes=spec.changes,
                sections=spec.sections,
                content_hash=guide_hash(spec.version, spec.sections),
            )
        )
        report.add("guide versions added")


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
    """The active questions with their active choices, in two queries whatever the size."""
    return list(
        db.session.execute(
            sa.select(QuizQuestion)
            .where(QuizQuestion.course_id == course.id, QuizQuestion.is_active.is_(True))
            .order_by(QuizQuestion.position)
            .options(selectinload(QuizQuestion.choices.and_(QuizChoice.is_active.is_(True))))
        ).scalars()
    )


def get_path(level: str) -> LearningPath | None:
    return db.session.execute(
        sa.select(LearningPath)
        .where(LearningPath.level == level)
        .options(selectinload(LearningPath.steps).joinedload(PathCourse.course))
    ).scalar_one_or_none()
