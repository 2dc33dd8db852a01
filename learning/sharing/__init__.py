"""Sharing: a person's tracked link for a hub item on a network, the clicks that pass
through `/s/{code}`, and the sign-ups (conversions) reported back for it."""

from flask import Blueprint

blueprint = Blueprint("sharing", __name__)

from learning.sharing import views  # noqa: E402,F401  (registers the routes)
