from flask import Blueprint

blueprint = Blueprint("courses", __name__, url_prefix="/courses")

from learning.courses import views  # noqa: E402,F401  (registers the routes)
