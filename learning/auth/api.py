"""The accounts part of the JSON API: who the token belongs to."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.auth.schemas import MeSchema

blueprint = feature_blueprint("auth_api", __name__, "The person holding the token.")


@blueprint.get("/me")
@person
@blueprint.response(200, MeSchema)
def me():
    """The signed-in person."""
    return current_api_user()
