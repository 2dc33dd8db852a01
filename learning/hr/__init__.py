"""HR: who has been trained. The employees list, level overrides, new accounts."""

from flask import Blueprint

blueprint = Blueprint("hr", __name__, url_prefix="/hr")

# Register the routes: the employees, and the coverage and reminders pages.
from learning.hr import coverage_views, views  # noqa: E402,F401
