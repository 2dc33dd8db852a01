"""What the conduct-guide API sends, as marshmallow schemas (and so in the OpenAPI
document). Each dumps a `GuideStatus`."""

from marshmallow import Schema, fields


class SectionSchema(Schema):
    topic = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown"})


class GuideSchema(Schema):
    """The current version, and whether the person acknowledged it."""

    version = fields.Integer(required=True, attribute="current.version")
    published_at = fields.DateTime(required=True, attribute="current.published_at")
    changes = fields.String(required=True, attribute="current.changes")
    sections = fields.List(
        fields.Nested(SectionSchema), required=True, attribute="current.sections"
    )
    acknowledged = fields.Boolean(required=True)
    acknowledged_at = fields.DateTime(required=True, allow_none=True)


class AcknowledgmentSchema(Schema):
    """The version acknowledged, and the hash of the exact text that was."""

    version = fields.Integer(required=True, attribute="current.version")
    acknowledged = fields.Boolean(required=True)
    content_hash = fields.String(required=True, attribute="current.content_hash")
