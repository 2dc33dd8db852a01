"""The champions' programme: points and opt-in leaderboards, recurring events and their
attendance, the programme's health month by month, and the rating of candidate
champions."""

from flask import Blueprint

blueprint = Blueprint("programme", __name__, url_prefix="/programme")

from learning.programme import views  # noqa: E402,F401  (registers the routes)
