"""The onboarding deadline, and who is late: the one place these rules are written.

Each newcomer has `ONBOARDING_DAYS` (default 30) UTC days from their hire date (or, with
no hire date, the day their account was created) to complete their learning path. Counting
the hire date as day 0, day 30 is the deadline itself, still on time; from day 31 an active
person whose path is not complete (including someone who has not taken the diagnostic, so
has no path yet) is *overdue*. Acknowledging the conduct guide is its own figure and its
own reminder, not part of overdue.

*Must re-acknowledge*: an active person who acknowledged an earlier guide version but not
the current one.

Both are SQL conditions on `User`, so the coverage report counts them and the reminders
list them with the same words.
"""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from learning.auth.models import User, UserRole
from learning.conduct.models import Acknowledgment
from learning.progress.services import completed_path_ids
from learning.roles import PERSON_ROLES


def onboarding_days() -> int:
    return current_app.config["ONBOARDING_DAYS"]


def deadline(hire_date: date) -> date:
    """The last day on time for someone hired (or whose account began) on `hire_date`."""
    return hire_date + timedelta(days=onboarding_days())


def active_people() -> sa.Select:
    """The ids of active people (an integration account is not one)."""
    return sa.select(User.id).where(
        User.is_active.is_(True),
        sa.exists().where(UserRole.user_id == User.id, UserRole.role.in_(PERSON_ROLES)),
    )


def past_deadline(today: date) -> sa.ColumnElement[bool]:
    """Whether the person's onboarding deadline was before `today`."""
    # The latest start date that is overdue today: hired on it, today is day 31.
    last_overdue_start = today - timedelta(days=onboarding_days() + 1)
    start_of_next_day = datetime.combine(
        last_overdue_start + timedelta(days=1), datetime.min.time(), tzinfo=UTC
    )
    return sa.or_(
        sa.and_(User.hire_date.is_not(None), User.hire_date <= last_overdue_start),
        sa.and_(User.hire_date.is_(None), User.created_at < start_of_next_day),
    )


def completed_path() -> sa.ColumnElement[bool]:
    return User.id.in_(completed_path_ids(active_people()))


def is_overdue(today: date, completed=None) -> sa.ColumnElement[bool]:
    """`completed`: the query's own "completed their path" expression, if it has one (a
    join computes it once), else `completed_path()`."""
    completed = completed_path() if completed is None else completed
    return sa.and_(past_deadline(today), sa.not_(completed))


def acknowledged(guide_id: int | None) -> sa.ColumnElement[bool]:
    """Whether the person acknowledged the guide version `guide_id` (none: false)."""
    if guide_id is None:
        return sa.false()
    return sa.exists().where(
        Acknowledgment.user_id == User.id, Acknowledgment.guide_version_id == guide_id
    )


def must_reacknowledge(guide_id: int | None) -> sa.ColumnElement[bool]:
    """Acknowledged an earlier version, not the current one `guide_id`."""
    if guide_id is None:
        return sa.false()
    earlier = sa.exists().where(
        Acknowledgment.user_id == User.id,
        Acknowledgment.guide_version_id != guide_id,
    )
    return sa.and_(earlier, sa.not_(acknowledged(guide_id)))
