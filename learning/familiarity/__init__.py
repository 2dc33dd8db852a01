"""The familiarity diagnostic, its scoring, and the history of everyone's level."""

from flask import Blueprint

blueprint = Blueprint("familiarity", __name__, url_prefix="/familiarity")

from learning.familiarity import views  # noqa: E402,F401  (registers the routes)
