"""Sharing: a person's tracked link for a hub item on a network, the clicks that pass
through `/s/{code}`, and the sign-ups (conversions) reported back for it."""

from flask import Blueprint

blueprint = Blueprint("sharing", __name__)


@blueprint.record_once
def _serve_tracked_links_first(state) -> None:
    """The redirect's common case is answered before Flask's request machinery (see
    learning.sharing.fast_path); everything else reaches the `sharing.redirect` view."""
    from learning.sharing.fast_path import TrackedLinks

    state.app.wsgi_app = TrackedLinks(state.app, state.app.wsgi_app)


from learning.sharing import views  # noqa: E402,F401  (registers the routes)
