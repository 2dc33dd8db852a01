"""The JSON API under /api/v1, authenticated by bearer tokens, described by OpenAPI."""

from flask_smorest import Blueprint

blueprint = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="The learner's journey: identity, diagnostic, path, courses, conduct guide.",
)

from learning.api import views  # noqa: E402,F401  (registers the routes)
