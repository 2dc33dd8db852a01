"""Assigning levels: the diagnostic, its retakes, the choice after a borderline result, HR
overrides, and their history."""

import sqlalchemy as sa
from flask_babel import gettext as _

from learning import signals
from learning.auth.models import User
from learning.errors import Conflict, Forbidden, Invalid, echo, problem_list
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity.models import QUESTIONNAIRE, LevelAssignment
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


def _hold(person: User) -> None:
    """Make this unit of work the only one changing the person's level until it ends, and
    read their row afresh.

    Their level and their newest assignment must change together, and whether a result
    is a first diagnostic or a retake depends on the history read here: concurrent
    requests for one person take turns. PostgreSQL locks the person's row. SQLite has
    one writer at a time, whoever writes first, and pysqlite begins the transaction only
    at that write: so the row is written (to itself) before the history is read, and the
    history is read inside the write transaction. The row is then reloaded: a level read
    before the turn came may be stale, and setting a stale value again would not be
    written at all.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.refresh(person, with_for_update=True)
        return
    db.session.execute(
        sa.update(User)
        .where(User.id == person.id)
        .values(level=User.level)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(person)


def _assign(person: User, assignment: LevelAssignment) -> LevelAssignment:
    person.level = assignment.level
    db.session.add(assignment)
    signals.announce(signals.level_assigned, person, assignment=assignment)
    return assignment


def take_diagnostic(user: User, answers: object) -> LevelAssignment:
    answers = validate_answers(answers)
    scores = questionnaire.score(answers)
    rule = questionnaire.decide(scores)
    neighbour = questionnaire.neighbour(scores)
    _hold(user)
    answered_before = db.session.execute(
        sa.select(
            sa.exists().where(
                LevelAssignment.user_id == user.id, LevelAssignment.source.in_(QUESTIONNAIRE)
            )
        )
    ).scalar()
    # Set by every questionnaire result (an HR override leaves it as it is).
    user.active_on_networks = questionnaire.active(answers)
    return _assign(
        user,
        LevelAssignment(
            user_id=user.id,
            level=rule.level,
            source="retake" if answered_before else "diagnostic",
            answers=answers,
            scores={
                **scores,
                "rule": rule.number,
                "version": questionnaire.VERSION,
                # The company's networks the accounts question named, for the explanation.
                "networks": list(questionnaire.company_networks()),
            },
            neighbour_level=neighbour.level if neighbour else None,
        ),
    )


def choose_level(user: User, level: str) -> LevelAssignment:
    """After a borderline result, the person keeps its level or takes the neighbouring
    one; either is recorded. Only the newest assignment can be chosen from, once."""
    if level not in LEVELS:
        raise Invalid(_("Unknown level: %(level)s.", level=str(level)[:40]), code="unknown_level")
    _hold(user)
    result = newest(user)
    if result is None or result.source not in QUESTIONNAIRE or result.neighbour_level is None:
        raise Conflict(
            _("Your current level is not a borderline result: there is no path to choose."),
            code="nothing_to_choose",
        )
    offered = (result.level, result.neighbour_level)
    if level not in offered:
        raise Invalid(
            _(
                "Choose %(level)s or %(neighbour)s.",
                level=level_label(result.level),
                neighbour=level_label(result.neighbour_level),
            ),
            code="not_offered",
        )
    kept = level == result.level
    return _assign(
        user,
        LevelAssignment(
            user_id=user.id,
            level=level,
            source="confirmed" if kept else "chosen",
            answers=result.answers,
            scores=result.scores,
            neighbour_level=offered[1] if kept else offered[0],
        ),
    )


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
    _hold(employee)
    return _assign(
        employee,
        LevelAssignment(
            user_id=employee.id, level=level, source="override", reason=reason, assigned_by_id=by.id
        ),
    )


def history(user: User) -> list[LevelAssignment]:
    """Newest first. Ids, not timestamps, give the order: they follow the turns `_hold`
    makes writers take, even when two clocks disagree."""
    return list(
        db.session.execute(
            sa.select(LevelAssignment)
            .where(LevelAssignment.user_id == user.id)
            .options(sa.orm.joinedload(LevelAssignment.assigned_by))
            .order_by(LevelAssignment.id.desc())
        ).scalars()
    )


def newest(user: User) -> LevelAssignment | None:
    """The assignment that gave the person their current level."""
    return db.session.execute(
        sa.select(LevelAssignment)
        .where(LevelAssignment.user_id == user.id)
        .order_by(LevelAssignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def latest_result(user: User) -> LevelAssignment | None:
    """The person's newest questionnaire result."""
    return db.session.execute(
        sa.select(LevelAssignment)
        .where(LevelAssignment.user_id == user.id, LevelAssignment.source.in_(QUESTIONNAIRE))
        .order_by(LevelAssignment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def borderline_levels(user_ids: list[int]) -> dict[int, str]:
    """For each of these people whose current level comes from a borderline result (or
    their choice after one), the other level it offered."""
    newest_ids = (
        sa.select(sa.func.max(LevelAssignment.id))
        .where(LevelAssignment.user_id.in_(user_ids))
        .group_by(LevelAssignment.user_id)
    )
    rows = db.session.execute(
        sa.select(LevelAssignment.user_id, LevelAssignment.neighbour_level).where(
            LevelAssignment.id.in_(newest_ids), LevelAssignment.neighbour_level.is_not(None)
        )
    )
    return {row.user_id: row.neighbour_level for row in rows}
