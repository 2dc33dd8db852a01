"""What the API sends and accepts, as marshmallow schemas (and so in the OpenAPI spec)."""

from marshmallow import Schema, fields, validate

from learning.levels import LEVELS

STATUSES = ("not_started", "in_progress", "completed")


class ChoiceSchema(Schema):
    id = fields.Raw(required=True, metadata={"description": "string or integer id"})
    text = fields.String(required=True)


class QuestionSchema(Schema):
    id = fields.Raw(required=True)
    text = fields.String(required=True)
    choices = fields.List(fields.Nested(ChoiceSchema), required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    department = fields.String(allow_none=True)
    level = fields.String(allow_none=True, validate=validate.OneOf(LEVELS))


class DiagnosticSchema(Schema):
    questions = fields.List(fields.Nested(QuestionSchema), required=True)


class AnswersSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        required=True,
        metadata={"description": "question id -> choice id"},
    )


class PathRefSchema(Schema):
    slug = fields.String(required=True)
    courses = fields.List(fields.String(), required=True)


class DiagnosticResultSchema(Schema):
    level = fields.String(required=True)
    explanation = fields.String(required=True)
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    path = fields.Nested(PathRefSchema, allow_none=True)


class PathCourseSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    progress = fields.Integer(required=True)


class PathSchema(Schema):
    level = fields.String(allow_none=True)
    slug = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    progress = fields.Integer(required=True)
    courses = fields.List(fields.Nested(PathCourseSchema), required=True)


class LessonRefSchema(Schema):
    id = fields.Integer(required=True)
    key = fields.String(required=True)
    title = fields.String(required=True)
    completed = fields.Boolean(required=True)


class QuizSchema(Schema):
    pass_mark = fields.Integer(required=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)


class CourseSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String()
    estimated_minutes = fields.Integer()
    status = fields.String(validate=validate.OneOf(STATUSES))
    progress = fields.Integer()
    lessons = fields.List(fields.Nested(LessonRefSchema), required=True)
    quiz = fields.Nested(QuizSchema, allow_none=True)


class LessonCompletionSchema(Schema):
    lesson_id = fields.Integer(required=True)
    completed = fields.Boolean(required=True)
    course_status = fields.String(validate=validate.OneOf(STATUSES))


class ReviewSchema(Schema):
    question_id = fields.Integer()
    chosen = fields.Integer()
    correct = fields.Boolean()
    correct_choice = fields.Integer()
    explanation = fields.String()


class AttemptSchema(Schema):
    id = fields.Integer()
    score = fields.Integer(required=True)
    passed = fields.Boolean(required=True)
    pass_mark = fields.Integer()
    review = fields.List(fields.Nested(ReviewSchema))


class SectionSchema(Schema):
    topic = fields.String()
    title = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown"})


class GuideSchema(Schema):
    version = fields.Integer(required=True)
    published_at = fields.DateTime(required=True)
    changes = fields.String()
    sections = fields.List(fields.Nested(SectionSchema), required=True)
    acknowledged = fields.Boolean(required=True)
    acknowledged_at = fields.DateTime(allow_none=True)


class AcknowledgmentSchema(Schema):
    version = fields.Integer(required=True)
    acknowledged = fields.Boolean(required=True)
    content_hash = fields.String()


class ApiErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)


class ApiErrorSchema(Schema):
    error = fields.Nested(ApiErrorDetailSchema, required=True)
