"""Personal data: each person's download of what the platform holds about them, HR's
anonymisation of a leaver, and the audit of both."""

from flask import Blueprint

blueprint = Blueprint("privacy", __name__, url_prefix="/privacy")

from learning.privacy import views  # noqa: E402,F401  (registers the routes)
