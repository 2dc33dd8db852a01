"""HR: who has been trained. The employees list, level overrides, new accounts."""

from flask import Blueprint

blueprint = Blueprint("hr", __name__, url_prefix="/hr")

from learning.hr import views  # noqa: E402,F401  (registers the routes)
