"""What each learner has done: lessons read, quiz attempts, courses completed."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from learning.database import Id, utcnow
from learning.extensions import db


class LessonCompletion(db.Model):
    __tablename__ = "lesson_completions"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        sa.Index("ix_quiz_attempts_user_course", "user_id", "course_id"),
    )

    id: Mapped[Id] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"))
    score: Mapped[int]
    passed: Mapped[bool]
    # {question_id: choice_id} as submitted, for the "what you got wrong" review.
    answers: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CourseCompletion(db.Model):
    """The first time a learner completed a course; written once, so signals fire once."""

    __tablename__ = "course_completions"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
