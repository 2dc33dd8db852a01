"""HR: who has been trained. The employees list, level overrides, new accounts, the roster."""

from flask import Blueprint

blueprint = Blueprint("hr", __name__, url_prefix="/hr")

# Register the routes: the HR pages, coverage and reminders, the roster import.
from learning.hr import coverage_views, roster_views, views  # noqa: E402,F401
