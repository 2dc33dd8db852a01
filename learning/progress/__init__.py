"""The learner's progress: lessons read, quizzes taken, courses and paths completed."""

from flask import Blueprint

blueprint = Blueprint("progress", __name__)

from learning.progress import views  # noqa: E402,F401  (registers the routes)
