"""Liveness for load balancers and monitors: does the database answer?"""

import sqlalchemy as sa
from flask import Blueprint

from learning.errors import json_error
from learning.extensions import db, limiter

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return json_error(503, "database_unavailable", "The database does not answer.")
    return {"status": "ok"}
