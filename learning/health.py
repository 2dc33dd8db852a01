"""Liveness for load balancers and monitors: does the database answer?"""

import sqlalchemy as sa
from flask import Blueprint

from learning.errors import database_unavailable_response
from learning.extensions import db, limiter

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        # Any failure counts, a pool with no free connection too; the 503 rolls back.
        return database_unavailable_response()
    return {"status": "ok"}
