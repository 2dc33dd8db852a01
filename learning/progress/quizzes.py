"""Quizzes: scoring an attempt, and reviewing it without giving the answers away.

A failed attempt says which answers were wrong and which lesson teaches each; the right
answers and explanations are shown once the person has passed the quiz.
"""

import hashlib
import random
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.courses import services as courses
from learning.courses.models import Course, Lesson, QuizQuestion
from learning.errors import Invalid, echo, problem_list
from learning.extensions import db
from learning.progress import services as progress
from learning.progress.models import QuizAttempt


@dataclass
class QuestionReview:
    question: QuizQuestion
    chosen_id: int
    correct_id: int

    @property
    def is_right(self) -> bool:
        return self.chosen_id == self.correct_id

    @property
    def lesson(self) -> Lesson | None:  # the lesson that teaches the answer
        return self.question.lesson


@dataclass
class AttemptResult:
    attempt: QuizAttempt
    pass_mark: int
    review: list[QuestionReview]
    # Whether the right choices and explanations may be shown: only once the person has
    # passed this quiz. Shown after a failed attempt, they would be copied into the next.
    answers_shown: bool


# An id as text: ASCII digits only (`str.isdigit` also accepts "²", which int() refuses,
# and other scripts' digits, which it reads), at most as many as a 64-bit id has.
ID_TEXT = re.compile(r"[0-9]{1,19}")


def _as_id(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and ID_TEXT.fullmatch(value) else None


def _review(questions: list[QuizQuestion], answers: dict[int, int]) -> list[QuestionReview]:
    return [
        QuestionReview(q, answers.get(q.id), next(c.id for c in q.choices if c.is_correct))
        for q in questions
    ]


def has_passed(user: User, course: Course) -> bool:
    return db.session.execute(
        sa.select(
            sa.exists().where(
                QuizAttempt.user_id == user.id,
                QuizAttempt.course_id == course.id,
                QuizAttempt.passed.is_(True),
            )
        )
    ).scalar()


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
            problems.append(_("question %(id)s is not in this quiz", id=echo(raw_question)))
            continue
        mentioned.add(question_id)
        choice_id = _as_id(raw_choice)
        if choice_id not in {choice.id for choice in by_id[question_id].choices}:
            problems.append(
                _(
                    "question %(id)s has no choice %(choice)s",
                    id=question_id,
                    choice=echo(raw_choice),
                )
            )
            continue
        given[question_id] = choice_id
    problems.extend(
        _("question %(id)s has no answer", id=q.id) for q in questions if q.id not in mentioned
    )
    if problems:
        raise Invalid(problem_list(problems) + ".", code="invalid_answers")
    passed_before = has_passed(user, course)
    review = _review(questions, given)
    score = progress.percent(sum(r.is_right for r in review), len(review))
    attempt = QuizAttempt(
        user_id=user.id,
        course_id=course.id,
        score=score,
        passed=score >= course.pass_mark,
        answers={str(k): v for k, v in given.items()},
    )
    db.session.add(attempt)
    db.session.flush()  # the attempt's id: its page is where the learner goes next
    signals.announce(signals.quiz_attempted, user, attempt=attempt)
    if attempt.passed:
        progress.record_course_completion(user, course)
    return AttemptResult(attempt, course.pass_mark, review, attempt.passed or passed_before)


def shuffled_choices(user: User, course: Course, questions: list[QuizQuestion]) -> dict:
    """Each question's choices in an order of this person's and this attempt's own, so
    that the right answer's place teaches nothing; the same until they submit, so a
    reload or a form sent back with an error keeps it. Question id to its choices."""
    attempts = db.session.execute(
        sa.select(sa.func.count(QuizAttempt.id)).where(
            QuizAttempt.user_id == user.id, QuizAttempt.course_id == course.id
        )
    ).scalar_one()
    seed = f"{current_app.secret_key}:{user.id}:{course.id}:{attempts}"
    order = random.Random(hashlib.sha256(seed.encode()).digest())  # noqa: S311 - not a secret
    shuffled = {}
    for question in questions:
        choices = list(question.choices)
        order.shuffle(choices)
        shuffled[question.id] = choices
    return shuffled


def latest_attempt(user: User, course: Course) -> QuizAttempt | None:
    return db.session.execute(
        sa.select(QuizAttempt)
        .where(QuizAttempt.user_id == user.id, QuizAttempt.course_id == course.id)
        .order_by(QuizAttempt.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def review_attempt(user: User, attempt: QuizAttempt, course: Course) -> AttemptResult:
    """What `user` may see of their attempt: which answers were wrong and the lessons that
    teach them; the right choices and explanations once they have passed the quiz."""
    answers = {int(question_id): choice for question_id, choice in attempt.answers.items()}
    review = _review(courses.quiz_questions(course), answers)
    return AttemptResult(
        attempt, course.pass_mark, review, attempt.passed or has_passed(user, course)
    )
