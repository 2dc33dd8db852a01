"""The familiarity diagnostic, its scoring, and the history of everyone's level."""

from flask import Blueprint

from learning import panels

blueprint = Blueprint("familiarity", __name__, url_prefix="/familiarity")

from learning.familiarity import services, views  # noqa: E402,F401  (registers the routes)

panels.contribute(
    blueprint,
    panels.DASHBOARD,
    panels.Panel("level", "familiarity/_dashboard_panel.html", lambda user: {}, order=10),
)
panels.contribute(
    blueprint,
    panels.PROFILE,
    panels.Panel(
        "level-history",
        "familiarity/_profile_panel.html",
        lambda user: {"history": services.history(user)},
        order=10,
    ),
)
