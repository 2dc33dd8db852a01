from flask import Blueprint

blueprint = Blueprint("progress", __name__, url_prefix="/progress")

from learning.progress import views  # noqa: E402,F401  (registers the routes)
