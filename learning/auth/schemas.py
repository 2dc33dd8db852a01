"""What the accounts API sends, as marshmallow schemas (and so in the OpenAPI document)."""

from marshmallow import Schema, fields, validate

from learning.levels import LEVELS
from learning.roles import ROLES


class MeSchema(Schema):
    """A `User`, as the person holding the token sees themself."""

    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    department = fields.String(required=True, allow_none=True)
    level = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(LEVELS),
        metadata={"description": "null until the diagnostic places the person"},
    )
    locale = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(("en", "fr")),
        metadata={
            "description": "the language the person chose (en, fr); null when they have not "
            "chosen, and their browser's language, then the company's default, apply"
        },
    )
