"""The conduct guide: its versions and everyone's acknowledgments."""

from flask import Blueprint

from learning import panels

blueprint = Blueprint("conduct", __name__, url_prefix="/conduct")

from learning.conduct import services, views  # noqa: E402,F401  (registers the routes)

panels.contribute(
    blueprint,
    panels.DASHBOARD,
    panels.Panel(
        "guide",
        "conduct/_dashboard_panel.html",
        lambda user: {"guide": services.status(user)},
        order=30,
    ),
)
panels.contribute(
    blueprint,
    panels.PROFILE,
    panels.Panel(
        "acknowledgments",
        "conduct/_profile_panel.html",
        lambda user: {"acknowledgments": services.acknowledgments(user)},
        order=20,
    ),
)
