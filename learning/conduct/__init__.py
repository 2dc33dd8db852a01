"""The conduct guide: its versions and everyone's acknowledgments."""

from flask import Blueprint

blueprint = Blueprint("conduct", __name__, url_prefix="/conduct")

from learning.conduct import views  # noqa: E402,F401  (registers the routes)
