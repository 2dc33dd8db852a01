"""Objectives: what the hub's content serves, each with a measurable target and dates."""

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.advocacy import validation
from learning.advocacy.models import Objective
from learning.auth.models import User
from learning.database import utcnow
from learning.errors import NotFound
from learning.extensions import db


class ObjectiveNotFound(NotFound):
    code = "objective_not_found"


def objectives() -> list[Objective]:
    """Every objective, the next due first."""
    return list(
        db.session.execute(
            sa.select(Objective).order_by(Objective.due.desc(), Objective.id.desc())
        ).scalars()
    )


def get_objective(objective_id: int) -> Objective:
    objective = db.session.get(Objective, objective_id)
    if objective is None:
        raise ObjectiveNotFound(_("There is no such objective."))
    return objective


def create_objective(by: User, **fields) -> Objective:
    objective = Objective(created_by=by)
    _set_objective(objective, **fields)
    db.session.add(objective)
    db.session.flush()
    return objective


def update_objective(objective: Objective, **fields) -> Objective:
    _set_objective(objective, **fields)
    db.session.flush()
    return objective


def _set_objective(
    objective: Objective,
    *,
    title,
    family,
    target,
    due,
    starts_on=None,
    description="",
    metric="conversions",
) -> None:
    # Everything is checked before anything is set: a refusal leaves the objective as it was.
    title = validation.clean_title(title)
    validation.check_family(family)
    validation.check_target(target)
    validation.check_metric(metric)
    starts_on = starts_on or objective.starts_on or utcnow().date()
    validation.check_dates(starts_on, due)
    description = validation.clean_markdown(
        description, field="description", limit=validation.DESCRIPTION_LENGTH
    )
    objective.title, objective.family, objective.target, objective.metric = (
        title,
        family,
        target,
        metric,
    )
    objective.starts_on, objective.due, objective.description = starts_on, due, description
