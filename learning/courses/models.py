"""Courses, lessons, quizzes and paths, as loaded from the files under courses/.

English lives in the rows themselves; a lesson, question or choice may also have a text per
other language, in a translation row keyed by its id and the locale.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, attribute_keyed_dict, mapped_column, relationship

from learning.database import Id, one_of, utcnow
from learning.extensions import db
from learning.levels import LEVELS
from learning.locales import TRANSLATED_LOCALES

EXERCISES = ("draft",)


class Course(db.Model):
    __tablename__ = "courses"
    __table_args__ = (
        sa.CheckConstraint("estimated_minutes > 0", name="minutes_positive"),
        sa.CheckConstraint(
            "pass_mark IS NULL OR (pass_mark BETWEEN 1 AND 100)", name="pass_mark_range"
        ),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    levels: Mapped[list] = mapped_column(sa.JSON, default=list)
    estimated_minutes: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    # Null when the course has no quiz.
    pass_mark: Mapped[int | None]
    # A course removed from the files is retired, never deleted: progress refers to it.
    is_active: Mapped[bool] = mapped_column(default=True)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="course", order_by="Lesson.position"
    )
    questions: Mapped[list["QuizQuestion"]] = relationship(
        back_populates="course", order_by="QuizQuestion.position"
    )


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (
        sa.UniqueConstraint("course_id", "key"),
        sa.CheckConstraint(one_of("exercise", EXERCISES), name="exercise_known"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    minutes: Mapped[int] = mapped_column(default=5)
    body_markdown: Mapped[str] = mapped_column(sa.Text)
    # Sanitised HTML, rendered once at load time.
    body_html: Mapped[str] = mapped_column(sa.Text)
    position: Mapped[int]
    # False once removed from the files, or while the company uses none of its networks.
    is_active: Mapped[bool] = mapped_column(default=True)
    # When its facts were last checked (null only for a lesson loaded before the date was
    # asked for).
    reviewed_on: Mapped[date | None]
    # Offered only when the company uses one of these networks; empty: always offered.
    networks: Mapped[list] = mapped_column(sa.JSON, default=list)
    # A practical exercise (`draft`), done when the learner's draft passes the check.
    exercise: Mapped[str | None] = mapped_column(sa.String(20))
    # A lesson added after someone completed its course shows to them as new.
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    course: Mapped[Course] = relationship(back_populates="lessons")
    translations: Mapped[dict[str, "LessonTranslation"]] = relationship(
        collection_class=attribute_keyed_dict("locale"), cascade="all, delete-orphan"
    )


class QuizQuestion(db.Model):
    __tablename__ = "quiz_questions"
    __table_args__ = (sa.UniqueConstraint("course_id", "key"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    text: Mapped[str] = mapped_column(sa.Text)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    # The lesson that teaches the answer: a failed attempt points there, not at the right
    # choice. Null only for a question loaded before lessons were named, until the next sync.
    lesson_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lessons.id"))
    position: Mapped[int]
    is_active: Mapped[bool] = mapped_column(default=True)
    networks: Mapped[list] = mapped_column(sa.JSON, default=list)

    course: Mapped[Course] = relationship(back_populates="questions")
    lesson: Mapped[Lesson | None] = relationship()
    choices: Mapped[list["QuizChoice"]] = relationship(
        back_populates="question", order_by="QuizChoice.position"
    )
    translations: Mapped[dict[str, "QuizQuestionTranslation"]] = relationship(
        collection_class=attribute_keyed_dict("locale"), cascade="all, delete-orphan"
    )


class QuizChoice(db.Model):
    __tablename__ = "quiz_choices"
    __table_args__ = (sa.UniqueConstraint("question_id", "key"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_questions.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    is_correct: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int]
    is_active: Mapped[bool] = mapped_column(default=True)

    question: Mapped[QuizQuestion] = relationship(back_populates="choices")
    translations: Mapped[dict[str, "QuizChoiceTranslation"]] = relationship(
        collection_class=attribute_keyed_dict("locale"), cascade="all, delete-orphan"
    )


def _translated_locale() -> sa.CheckConstraint:
    return sa.CheckConstraint(one_of("locale", TRANSLATED_LOCALES), name="locale_known")


class LessonTranslation(db.Model):
    __tablename__ = "lesson_translations"
    __table_args__ = (_translated_locale(),)

    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), primary_key=True)
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body_markdown: Mapped[str] = mapped_column(sa.Text)
    # Sanitised HTML, rendered once at load time.
    body_html: Mapped[str] = mapped_column(sa.Text)


class QuizQuestionTranslation(db.Model):
    __tablename__ = "quiz_question_translations"
    __table_args__ = (_translated_locale(),)

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_questions.id"), primary_key=True)
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)
    explanation: Mapped[str] = mapped_column(sa.Text)


class QuizChoiceTranslation(db.Model):
    __tablename__ = "quiz_choice_translations"
    __table_args__ = (_translated_locale(),)

    choice_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_choices.id"), primary_key=True)
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)


class LearningPath(db.Model):
    __tablename__ = "learning_paths"
    __table_args__ = (sa.CheckConstraint(one_of("level", LEVELS), name="level_known"),)

    id: Mapped[Id] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")

    steps: Mapped[list["PathCourse"]] = relationship(
        back_populates="path", order_by="PathCourse.position", cascade="all, delete-orphan"
    )


class PathCourse(db.Model):
    __tablename__ = "path_courses"
    __table_args__ = (sa.UniqueConstraint("path_id", "position"),)

    path_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_paths.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), primary_key=True)
    position: Mapped[int]
    # Core courses are shared by every path (the conduct-guide course first).
    is_core: Mapped[bool] = mapped_column(default=False)
    # Only for the people of the level whose answers show they are active users.
    for_active_users: Mapped[bool] = mapped_column(default=False)

    path: Mapped[LearningPath] = relationship(back_populates="steps")
    course: Mapped[Course] = relationship()
