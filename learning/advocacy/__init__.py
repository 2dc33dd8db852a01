"""Advocacy: objectives, and the content hub that serves them (official items, web
articles and the stories employees submit for a champion's review)."""

from flask import Blueprint

blueprint = Blueprint("advocacy", __name__, url_prefix="/hub")

from learning.advocacy import curation, views  # noqa: E402,F401  (registers the routes)
