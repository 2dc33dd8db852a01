"""What the hub's API sends and accepts, as marshmallow schemas (and so in the OpenAPI
document). The schemas read the shapes; the services judge the values (an address, a
text's length, an objective that exists) and name what they refuse with a code."""

from datetime import UTC

from marshmallow import Schema, fields, validate

from learning.advocacy.models import (
    CONTENT_TYPES,
    FAMILIES,
    ITEM_STATUSES,
    METRICS,
    REVIEW_DECISIONS,
)
from learning.advocacy.services import is_shareable
from learning.advocacy.validation import TARGET_MAX
from learning.networks import NETWORK_NAMES

# Ids a database holds: anything larger names nothing.
ID_RANGE = validate.Range(min=1, max=2**63 - 1)


def _time(**kwargs):
    """An ISO 8601 time; one without an offset is taken as UTC."""
    return fields.AwareDateTime(default_timezone=UTC, **kwargs)


class ObjectiveInSchema(Schema):
    title = fields.String(required=True, metadata={"description": "1 to 200 characters"})
    family = fields.String(required=True, validate=validate.OneOf(FAMILIES))
    target = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=TARGET_MAX),
        metadata={"description": "how many of `metric` the objective aims at"},
    )
    due = fields.Date(required=True)
    starts_on = fields.Date(metadata={"description": "default: today; `due` comes after it"})
    description = fields.String(load_default="", metadata={"description": "Markdown"})
    metric = fields.String(load_default="conversions", validate=validate.OneOf(METRICS))


class ObjectiveSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    family = fields.String(required=True, validate=validate.OneOf(FAMILIES))
    target = fields.Integer(required=True)
    metric = fields.String(required=True, validate=validate.OneOf(METRICS))
    due = fields.Date(required=True)
    starts_on = fields.Date(required=True)
    description = fields.String(required=True)


class ObjectiveListSchema(Schema):
    objectives = fields.List(fields.Nested(ObjectiveSchema), required=True)


class ObjectiveRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    family = fields.String(required=True, validate=validate.OneOf(FAMILIES))


TEXTS_DESCRIPTION = "network -> its own text, where it differs from `suggested_text`"


class ContentInSchema(Schema):
    title = fields.String(required=True, metadata={"description": "1 to 200 characters"})
    type = fields.String(required=True, validate=validate.OneOf(CONTENT_TYPES))
    url = fields.String(
        required=True, metadata={"description": "an absolute http(s) address elsewhere"}
    )
    suggested_text = fields.String(
        required=True, metadata={"description": "for any network; at most 3000 characters"}
    )
    objective_id = fields.Integer(required=True, strict=True, validate=ID_RANGE)
    texts = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": TEXTS_DESCRIPTION}
    )
    body = fields.String(load_default="", metadata={"description": "Markdown"})
    available_from = _time(metadata={"description": "default: now"})
    available_until = _time(allow_none=True, metadata={"description": "default: no end"})


class ContentSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(CONTENT_TYPES))
    url = fields.String(required=True, allow_none=True)
    suggested_text = fields.String(required=True)
    objective = fields.Nested(ObjectiveRefSchema, required=True, allow_none=True)
    texts = fields.Method(
        "network_texts",
        required=True,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": TEXTS_DESCRIPTION,
        },
    )
    body = fields.String(required=True, metadata={"description": "Markdown"})
    status = fields.String(required=True, validate=validate.OneOf(ITEM_STATUSES))
    available_from = fields.DateTime(required=True)
    available_until = fields.DateTime(required=True, allow_none=True)
    retired_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    shareable = fields.Method(
        "offered", required=True, metadata={"type": "boolean", "description": "offered now"}
    )

    def network_texts(self, item) -> dict:
        return {network: text.text for network, text in item.texts.items()}

    def offered(self, item) -> bool:
        return is_shareable(item)


class ContentListSchema(Schema):
    items = fields.List(fields.Nested(ContentSchema), required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)


class ContentQuerySchema(Schema):
    objective_id = fields.Integer(validate=ID_RANGE)
    type = fields.String(validate=validate.OneOf(CONTENT_TYPES))
    network = fields.String(metadata={"description": f"one of {', '.join(NETWORK_NAMES)}"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=2**31 - 1))


class StoryInSchema(Schema):
    title = fields.String(required=True, metadata={"description": "1 to 200 characters"})
    body = fields.String(required=True, metadata={"description": "the story, in Markdown"})
    url = fields.String(allow_none=True, load_default=None)
    objective_id = fields.Integer(
        strict=True, allow_none=True, load_default=None, validate=ID_RANGE
    )


class ItemReviewSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(REVIEW_DECISIONS))
    comment = fields.String(required=True)
    reviewed_at = fields.DateTime(required=True)


class StorySchema(ContentSchema):
    reviews = fields.List(fields.Nested(ItemReviewSchema), required=True)


class StoryListSchema(Schema):
    stories = fields.List(fields.Nested(StorySchema), required=True)
