"""Badges: what can be earned, the awards, and their Open Badges documents.

Automatic badges listen to the learning and sharing signals (`listeners`) and to the
clicks and sign-ups read by the reconciliation (`reconcile`); their definitions are data
(`courses/badges.yml`, `definitions`)."""

from flask import Blueprint

blueprint = Blueprint("badges", __name__, url_prefix="/badges", cli_group="badges")


@blueprint.before_app_request
def _start_reconciliation() -> None:
    from learning.badges.reconcile import start_with_first_request

    start_with_first_request()


# The routes, the receivers of the signals, the commands.
from learning.badges import (  # noqa: E402,F401
    audit,
    bakery,
    cli,
    listeners,
    manual_views,
    openbadges,
    views,
)
