"""The conduct-guide part of the JSON API: the current guide and its acknowledgment."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.api.errors import ApiErrorSchema
from learning.conduct import services as conduct
from learning.conduct.schemas import AcknowledgmentSchema, GuideSchema

blueprint = feature_blueprint(
    "conduct_api",
    __name__,
    "The social-media conduct guide and each person's acknowledgment of it.",
)


@blueprint.get("/conduct-guide")
@person
@blueprint.response(200, GuideSchema)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`no_guide`: no version is published yet."
)
def conduct_guide():
    """The current conduct guide and whether the person acknowledged it."""
    conduct.require_current_version()  # 404 no_guide until a version is published
    return conduct.status(current_api_user())


@blueprint.post("/conduct-guide/<int:version>/acknowledgments")
@person
@blueprint.response(201, AcknowledgmentSchema)
@blueprint.alt_response(
    409,
    schema=ApiErrorSchema,
    description="`not_current_version`: only the current version can be acknowledged.",
)
def acknowledge_guide(version: int):
    """Acknowledge the current version; 409 not_current_version for any other."""
    user = current_api_user()
    conduct.acknowledge(user, version)
    return conduct.status(user)
