"""Assigning levels: the diagnostic, its retakes, HR overrides, and their history."""

import sqlalchemy as sa
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.errors import Forbidden, Invalid, echo, problem_list
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity.models import LevelAssignment
from learning.levels import LEVELS, level_label

REASON_MAX_LENGTH = 500


def validate_answers(answers: object) -> dict[str, str]:
    """Refuse missing, unknown or extra answers with a message naming them (the first few:
    the message does not grow with the request)."""
    if not isinstance(answers, dict):
        raise Invalid(_("Answers must map each question id to a choice id."))
    problems = []
    for question in questionnaire.QUESTIONS:
        choice_id = answers.get(question.id)
        if choice_id is None or choice_id == "":
            problems.append(_("question %(id)s has no answer", id=question.id))
        elif not isinstance(choice_id, str) or question.choice(choice_id) is None:
            problems.append(
                _(
                    "question %(id)s has no choice %(choice)s",
                    id=question.id,
                    choice=echo(choice_id),
                )
            )
    unknown = sorted(echo(key) for key in answers if questionnaire.question_by_id(key) is None)
    problems.extend(_("there is no question %(id)s", id=key) for key in unknown)
    if problems:
        raise Invalid(problem_list(problems) + ".", code="invalid_answers")
    return {question.id: answers[question.id] for question in questionnaire.QUESTIONS}


def take_diagnostic(user: User, answers: object) -> LevelAssignment:
    answers = validate_answers(answers)
    scores = questionnaire.score(answers)
    rule = questionnaire.decide(scores)
    has_history = db.session.execute(
        sa.select(sa.exists().where(LevelAssignment.user_id == user.id))
    ).scalar()
    assignment = LevelAssignment(
        user_id=user.id,
        level=rule.level,
        source="retake" if has_history else "diagnostic",
        answers=answers,
        scores={**scores, "rule": rule.number},
    )
    user.level = rule.level
    db.session.add(assignment)
    signals.announce(signals.level_assigned, user, assignment=assignment)
    return assignment


def override_level(by: User, employee: User, level: str, reason: str) -> LevelAssignment:
    """HR sets a level, with a reason. A machine account has no level, and only an admin
    may set an admin's."""
    if not employee.is_person:
        raise Invalid(
            _("%(name)s is a machine account: it has no level.", name=employee.name),
            code="not_a_person",
        )
    if employee.has_role("admin") and not by.has_role("admin"):
        raise Forbidden(
            _("Only an admin may set the level of an admin."), code="admin_level_protected"
        )
    if level not in LEVELS:
        raise Invalid(_("Unknown level: %(level)s.", level=str(level)[:40]), code="unknown_level")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason for the override."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise Invalid(
            _("The reason may have at most %(count)d characters.", count=REASON_MAX_LENGTH)
        )
    assignment = LevelAssignment(
        user_id=employee.id, level=level, source="override", reason=reason, assigned_by_id=by.id
    )
    employee.level = level
    db.session.add(assignment)
    signals.announce(signals.level_assigned, employee, assignment=assignment)
    return assignment


def history(user: User) -> list[LevelAssignment]:
    return list(
        db.session.execute(
            sa.select(LevelAssignment)
            .where(LevelAssignment.user_id == user.id)
            .options(sa.orm.joinedload(LevelAssignment.assigned_by))
            .order_by(LevelAssignment.created_at.desc(), LevelAssignment.id.desc())
        ).scalars()
    )


def latest_diagnostic(user: User) -> LevelAssignment | None:
    return db.session.execute(
        sa.select(LevelAssignment)
        .where(LevelAssignment.user_id == user.id, LevelAssignment.source != "override")
        .order_by(LevelAssignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def explanation(assignment: LevelAssignment) -> str:
    """Why this level, in a sentence a person can read."""
    if assignment.source == "override":
        return _(
            "HR set your level to %(level)s: %(reason)s",
            level=level_label(assignment.level),
            reason=assignment.reason,
        )
    rule = questionnaire.RULES[assignment.scores["rule"] - 1]
    return str(rule.description)
