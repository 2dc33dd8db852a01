"""The badges part of the JSON API: the person's own badges."""

from flask import request, url_for
from werkzeug.routing import BuildError

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.badges import services
from learning.badges.schemas import MyBadgesSchema

blueprint = feature_blueprint("badges_api", __name__, "The badges each person has earned.")


def assertion_url(award_id: int) -> str:
    """The Assertion's address, served by `badges.assertion` (learning/badges/openbadges.py);
    its path is the contract of API.md, so it is built by hand where that view is absent."""
    try:
        return url_for("badges.assertion", award_id=award_id, _external=True)
    except BuildError:
        return f"{request.host_url}badges/assertions/{award_id}"


@blueprint.get("/me/badges")
@person
@blueprint.response(200, MyBadgesSchema)
def my_badges():
    """The person's badges, newest first, each with the URL of its Open Badges Assertion.
    Revoked badges are not listed."""
    return {
        "badges": [
            {
                "slug": entry.badge.slug,
                "name": entry.badge.name,
                "awarded_at": entry.award.awarded_at,
                "assertion_url": assertion_url(entry.award.id),
            }
            for entry in services.held_by(current_api_user())
        ]
    }
