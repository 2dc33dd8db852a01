"""The accounts part of the JSON API: who the token belongs to."""

from flask_smorest import Blueprint

from learning.api import URL_PREFIX
from learning.api.auth import current_api_user, person
from learning.auth.schemas import MeSchema

blueprint = Blueprint(
    "auth_api", __name__, url_prefix=URL_PREFIX, description="The person holding the token."
)


@blueprint.get("/me")
@person
@blueprint.response(200, MeSchema)
def me():
    """The signed-in person."""
    return current_api_user()
