"""The badges part of the JSON API: the person's own badges."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.badges import services
from learning.badges.openbadges import public_url
from learning.badges.schemas import MyBadgesSchema

blueprint = feature_blueprint("badges_api", __name__, "The badges each person has earned.")


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
                "assertion_url": public_url("badges.assertion", award_id=entry.award.id),
            }
            for entry in services.held_by(current_api_user())
        ]
    }
