"""The leaderboards in the JSON API, with the pages' privacy rule."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.api.errors import ApiErrorSchema
from learning.programme import leaderboard as boards
from learning.programme.points import WEIGHTS
from learning.programme.schemas import LeaderboardArgsSchema, LeaderboardSchema

blueprint = feature_blueprint(
    "programme_api",
    __name__,
    "The opt-in leaderboards of the champions' programme.",
)


@blueprint.get("/leaderboard")
@person
@blueprint.arguments(LeaderboardArgsSchema, location="query", as_kwargs=True)
@blueprint.response(200, LeaderboardSchema)
@blueprint.alt_response(
    400,
    schema=ApiErrorSchema,
    description="`invalid_leaderboard`: an unknown scope or period, `scope=objective` "
    "without `objective_id`, or `scope=department` for a person without a department.",
)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`objective_not_found`: no such objective."
)
def leaderboard(scope="overall", period="month", objective_id=None, department=None):
    """The top 20 by points and your own row. Whoever has not opted in is shown by name
    to HR and to themself only; others get their number in `hidden`."""
    board = boards.leaderboard(
        current_api_user(), scope, period, objective_id=objective_id, department=department
    )
    return {
        "scope": board.scope,
        "period": board.period,
        "start": board.start,
        "to": board.to,
        "department": board.department,
        "objective_id": board.objective.id if board.objective else None,
        "entries": board.entries,
        "me": board.viewer_entry,
        "hidden": board.hidden,
        "weights": WEIGHTS,
    }
