"""The learner's progress: lessons read, quizzes taken, courses and paths completed."""

from flask import Blueprint

from learning import panels

blueprint = Blueprint("progress", __name__)

from learning.progress import services, views  # noqa: E402,F401  (registers the routes)

panels.contribute(
    blueprint,
    panels.DASHBOARD,
    panels.Panel(
        "path",
        "progress/_dashboard_panel.html",
        lambda user: {"overview": services.path_overview(user)},
        order=20,
    ),
)
