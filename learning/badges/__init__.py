"""Badges: what can be earned, the awards, and their Open Badges documents."""

from flask import Blueprint

blueprint = Blueprint("badges", __name__, url_prefix="/badges")

from learning.badges import audit, bakery, manual_views, openbadges  # noqa: E402,F401  (the routes)
