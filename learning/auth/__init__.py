from flask import Blueprint

blueprint = Blueprint("auth", __name__, url_prefix="/auth")

from learning.auth import views  # noqa: E402,F401  (registers the routes)
