"""The sharing part of the JSON API: making a tracked link, a person's own figures, and
the sign-ups an integration reports back."""

from flask import request

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person, requires
from learning.api.errors import ApiErrorSchema
from learning.sharing import figures, services
from learning.sharing.schemas import (
    ConversionRequestSchema,
    ConversionSchema,
    MySharesSchema,
    ShareRequestSchema,
    ShareSchema,
)

blueprint = feature_blueprint(
    "sharing_api",
    __name__,
    "Tracked links for hub items, each person's own figures, and reported sign-ups.",
)


@blueprint.post("/content/<int:item_id>/shares")
@person
@blueprint.arguments(ShareRequestSchema)
@blueprint.response(201, ShareSchema)
@blueprint.alt_response(
    403,
    schema=ApiErrorSchema,
    description="`conduct_guide_not_acknowledged`: the current conduct guide must be "
    "acknowledged first; `forbidden`: the role does not allow this.",
)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`item_not_found`: no such item in the hub."
)
@blueprint.alt_response(
    409,
    schema=ApiErrorSchema,
    description="`item_unavailable`: the item is not offered now (not published, not yet "
    "available, expired or retired).",
)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`unknown_network`, `text_too_long` (over the network's limit), or "
    "`validation_error` for a body of the wrong shape.",
)
def create_share(body, item_id: int):
    """Make a personal tracked link for the item on a network; without `text`, the item's
    suggested text for that network. `share_url` opens the network's share page."""
    share = services.create_share(current_api_user(), item_id, body["network"], body["text"])
    links = services.links(share, request.host_url)
    return {
        "id": share.id,
        "code": share.code,
        "tracked_url": links.tracked_url,
        "share_url": links.share_url,
    }


@blueprint.get("/me/shares")
@person
@blueprint.response(200, MySharesSchema)
def my_shares():
    """The person's own shares with their counted clicks, unique visitors and sign-ups,
    and the totals. Nobody else's."""
    user = current_api_user()
    return {"shares": figures.shares_of(user), "totals": figures.totals_of(user)}


@blueprint.post("/conversions")
@requires("integration", "admin")
@blueprint.arguments(ConversionRequestSchema)
@blueprint.response(201, ConversionSchema)
@blueprint.alt_response(
    200,
    schema=ConversionSchema,
    description="A repeat of a reference already reported: acknowledged, nothing more "
    "is counted; the body is the first report's.",
)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`unknown_code`: no tracked link has this code."
)
def report_conversion(body):
    """Report a sign-up brought by a tracked link. 201 the first time a reference is
    reported; 200 for a repeat, which counts nothing more. It is attributed when a
    counted click on the link came within ATTRIBUTION_WINDOW_DAYS before the report."""
    reported = services.report_conversion(body["code"], body["reference"], current_api_user())
    answer = {
        "id": reported.conversion.id,
        "code": reported.code,
        "reference": reported.conversion.reference,
        "attributed": reported.conversion.attributed,
    }
    return answer, 201 if reported.created else 200
