from flask import Blueprint

blueprint = Blueprint("reports", __name__, url_prefix="/reports")

from learning.reports import views  # noqa: E402,F401  (registers the routes)
