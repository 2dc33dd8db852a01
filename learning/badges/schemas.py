"""What the badges API sends, as marshmallow schemas (and so in the OpenAPI document)."""

from marshmallow import Schema, fields


class MyBadgeSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    awarded_at = fields.DateTime(required=True, metadata={"description": "ISO 8601, UTC"})
    assertion_url = fields.String(
        required=True, metadata={"description": "the award as an Open Badges 2.0 Assertion"}
    )


class MyBadgesSchema(Schema):
    badges = fields.List(fields.Nested(MyBadgeSchema), required=True)
