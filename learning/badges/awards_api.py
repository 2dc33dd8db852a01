"""Awards by hand and revocations in the JSON API (the rules are in `manual`)."""

from marshmallow import Schema, fields, validate

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, requires
from learning.api.errors import ApiErrorSchema
from learning.badges import manual
from learning.badges.models import Award
from learning.badges.openbadges import public_url

blueprint = feature_blueprint(
    "awards_api",
    __name__,
    "Badges awarded by hand (expert recognitions) by champions and admins, and revoked by "
    "HR and admins; each is in the audit.",
)


class AwardRequestSchema(Schema):
    # Any string: the service answers `unknown_badge` or `badge_not_manual`.
    badge = fields.String(required=True, metadata={"description": "the badge's slug"})
    user_id = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=2**63 - 1),
        metadata={"description": "the person to recognise"},
    )
    reason = fields.String(
        required=True,
        metadata={
            "description": f"why, in words (required, at most {manual.REASON_LENGTH} characters)"
        },
    )


class RevocationRequestSchema(Schema):
    reason = fields.String(
        required=True,
        metadata={"description": f"why (required, at most {manual.REASON_LENGTH} characters)"},
    )


class AwardSchema(Schema):
    id = fields.Integer(required=True)
    badge = fields.String(required=True, metadata={"description": "the badge's slug"})
    user_id = fields.Integer(required=True)
    awarded_at = fields.DateTime(required=True)
    reason = fields.String(required=True, allow_none=True)
    assertion_url = fields.String(
        required=True, metadata={"description": "the Open Badges 2.0 hosted Assertion"}
    )
    revoked = fields.Boolean(required=True)
    revoked_at = fields.DateTime(required=True, allow_none=True)
    revocation_reason = fields.String(required=True, allow_none=True)


def award_body(award: Award) -> dict:
    return {
        "id": award.id,
        "badge": award.badge.slug,
        "user_id": award.user_id,
        "awarded_at": award.awarded_at,
        "reason": award.reason,
        "assertion_url": public_url("badges.assertion", award_id=award.id),
        "revoked": award.revoked_at is not None,
        "revoked_at": award.revoked_at,
        "revocation_reason": award.revocation_reason,
    }


@blueprint.post("/awards")
@requires(*manual.AWARDERS)
@blueprint.arguments(AwardRequestSchema)
@blueprint.response(201, AwardSchema)
@blueprint.alt_response(
    403,
    schema=ApiErrorSchema,
    description="`outside_scope`: the person is not in the champion's department nor shared "
    "for their objectives (or is the awarder); `forbidden`: the role does not allow this.",
)
@blueprint.alt_response(
    404,
    schema=ApiErrorSchema,
    description="`unknown_badge`: no such badge; `unknown_person`: no such active person.",
)
@blueprint.alt_response(
    409,
    schema=ApiErrorSchema,
    description="`already_awarded`: the person holds this badge; `monthly_cap_reached`: the "
    "champion gave MANUAL_AWARDS_PER_MONTH awards this calendar month (UTC).",
)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`badge_not_manual`: the badge is earned automatically; `reason_required`, "
    "`reason_too_long`; `validation_error` for a body of the wrong shape.",
)
def create_award(body):
    """Award a badge marked `manual` to a person, with a written reason. A champion awards
    within their scope and monthly cap; an admin awards anyone."""
    award = manual.award_by_hand(current_api_user(), body["badge"], body["user_id"], body["reason"])
    return award_body(award)


@blueprint.post("/awards/<int:award_id>/revocation")
@requires(*manual.REVOKERS)
@blueprint.arguments(RevocationRequestSchema)
@blueprint.response(200, AwardSchema)
@blueprint.alt_response(404, schema=ApiErrorSchema, description="`unknown_award`: no such award.")
@blueprint.alt_response(
    409, schema=ApiErrorSchema, description="`already_revoked`: the award was revoked before."
)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`reason_required`, `reason_too_long`; `validation_error` for a body of the "
    "wrong shape.",
)
def revoke_award(body, award_id: int):
    """Revoke an award, with the reason: its assertion then answers 410 Gone."""
    return award_body(manual.revoke(current_api_user(), award_id, body["reason"]))
