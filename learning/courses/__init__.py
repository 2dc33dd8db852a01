"""The catalogue: courses, lessons, quizzes and paths, loaded from the files in courses/."""

from flask import Blueprint

blueprint = Blueprint("courses", __name__)

from learning.courses import views  # noqa: E402,F401  (registers the routes)
