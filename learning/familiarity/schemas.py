"""What the diagnostic API sends and accepts, as marshmallow schemas (and so in the
OpenAPI document)."""

from marshmallow import Schema, fields, validate

from learning.levels import LEVELS


class DiagnosticChoiceSchema(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)


class DiagnosticQuestionSchema(Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    choices = fields.List(fields.Nested(DiagnosticChoiceSchema), required=True)


class DiagnosticSchema(Schema):
    questions = fields.List(fields.Nested(DiagnosticQuestionSchema), required=True)


class DiagnosticAnswersSchema(Schema):
    # Any values: the service names each missing, unknown or odd answer in one message.
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        required=True,
        metadata={"description": "question id -> choice id"},
    )


class LevelChoiceSchema(Schema):
    level = fields.String(
        required=True,
        validate=validate.OneOf(LEVELS),
        metadata={"description": "the level of the borderline result, or its neighbouring one"},
    )


class PathRefSchema(Schema):
    """A `learning.familiarity.outcome.PathRef`."""

    slug = fields.String(required=True)
    courses = fields.List(fields.String(), required=True)


class DiagnosticResultSchema(Schema):
    """A `learning.familiarity.outcome.DiagnosticOutcome`."""

    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    explanation = fields.String(required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    borderline = fields.Boolean(
        required=True,
        metadata={"description": "one point on one score from the neighbouring level"},
    )
    neighbouring_level = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(LEVELS),
        metadata={
            "description": "a borderline result's other level: the one offered, or after the "
            "person's choice, the one not taken"
        },
    )
    path = fields.Nested(PathRefSchema, required=True, allow_none=True)
