"""Analytics: the champions' and HR's advocacy reports, their charts and CSV exports."""

from flask import Blueprint

blueprint = Blueprint("analytics", __name__, url_prefix="/analytics")

from learning.analytics import impact_views, views  # noqa: E402,F401  (registers the routes)
