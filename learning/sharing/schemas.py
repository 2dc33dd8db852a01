"""What the sharing API sends and accepts, as marshmallow schemas (and so in the OpenAPI
document)."""

from marshmallow import Schema, fields, validate

from learning.networks import NETWORK_NAMES
from learning.sharing.models import REFERENCE_LENGTH


class ShareRequestSchema(Schema):
    # Any string: the service answers 422 `unknown_network` for a name it does not know.
    network = fields.String(
        required=True, metadata={"description": f"one of {', '.join(NETWORK_NAMES)}"}
    )
    text = fields.String(
        load_default=None,
        metadata={"description": "the text to post; without it, the item's suggested text"},
    )


class ShareSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    tracked_url = fields.String(required=True)
    share_url = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the network's share page; null for Instagram, which has none"},
    )


class ConversionRequestSchema(Schema):
    # Any string: a code that is no link's is answered 404 `unknown_code`.
    code = fields.String(
        required=True, metadata={"description": "the tracked link's code, as in /s/{code}"}
    )
    reference = fields.String(
        required=True,
        validate=validate.Length(min=1, max=REFERENCE_LENGTH),
        metadata={"description": "the sign-up's own reference; the first report of it counts"},
    )


class ConversionSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    reference = fields.String(required=True)
    attributed = fields.Boolean(
        required=True,
        metadata={"description": "reported within the attribution window after a counted click"},
    )


class ShareFiguresSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    item_id = fields.Integer(required=True)
    item_title = fields.String(required=True)
    network = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    clicks = fields.Integer(required=True)
    unique_visitors = fields.Integer(required=True)
    conversions = fields.Integer(required=True)
    attributed_conversions = fields.Integer(required=True)


class OwnTotalsSchema(Schema):
    shares = fields.Integer(required=True)
    clicks = fields.Integer(required=True)
    unique_visitors = fields.Integer(required=True)
    conversions = fields.Integer(required=True)
    attributed_conversions = fields.Integer(required=True)


class MySharesSchema(Schema):
    shares = fields.List(fields.Nested(ShareFiguresSchema), required=True)
    totals = fields.Nested(OwnTotalsSchema, required=True)
