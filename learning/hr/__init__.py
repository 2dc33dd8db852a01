"""HR: who has been trained. The employees list, level overrides, new accounts, the roster."""

from flask import Blueprint

blueprint = Blueprint("hr", __name__, url_prefix="/hr")

# Registers the routes: the HR pages, then the roster import's.
from learning.hr import roster_views, views  # noqa: E402,F401
