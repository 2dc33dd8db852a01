"""What the progress API sends and accepts, as marshmallow schemas (and so in the OpenAPI
document). Each dumps what `learning.progress.services` or `.detail` returns."""

from marshmallow import Schema, fields, post_dump, validate

from learning.levels import LEVELS
from learning.progress.services import COMPLETED, IN_PROGRESS, NOT_STARTED

STATUS = validate.OneOf((NOT_STARTED, IN_PROGRESS, COMPLETED))
PERCENT = validate.Range(0, 100)


class PathCourseSchema(Schema):
    """A `CourseProgress`."""

    slug = fields.String(required=True, attribute="course.slug")
    title = fields.String(required=True, attribute="course.title")
    status = fields.String(required=True, validate=STATUS)
    progress = fields.Integer(required=True, attribute="percent", validate=PERCENT)


class PathSchema(Schema):
    """A `PathOverview`; without a level, or before the courses are loaded, no path."""

    level = fields.String(required=True, allow_none=True, validate=validate.OneOf(LEVELS))
    slug = fields.String(required=True, allow_none=True, attribute="path.level", dump_default=None)
    title = fields.String(required=True, allow_none=True, attribute="path.title", dump_default=None)
    progress = fields.Integer(required=True, attribute="percent", validate=PERCENT)
    courses = fields.List(fields.Nested(PathCourseSchema), required=True)


class LessonStateSchema(Schema):
    """A `LessonState`."""

    id = fields.Integer(required=True, attribute="lesson.id")
    key = fields.String(required=True, attribute="lesson.key")
    title = fields.String(required=True, attribute="lesson.title")
    completed = fields.Boolean(required=True)


class QuizChoiceSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)


class QuizQuestionSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    choices = fields.List(fields.Nested(QuizChoiceSchema), required=True)


class QuizSchema(Schema):
    pass_mark = fields.Integer(required=True, validate=PERCENT)
    questions = fields.List(fields.Nested(QuizQuestionSchema), required=True)


class CourseSchema(Schema):
    """A `CourseDetail`."""

    slug = fields.String(required=True, attribute="progress.course.slug")
    title = fields.String(required=True, attribute="progress.course.title")
    summary = fields.String(required=True, attribute="progress.course.summary")
    estimated_minutes = fields.Integer(required=True, attribute="progress.course.estimated_minutes")
    status = fields.String(required=True, attribute="progress.status", validate=STATUS)
    progress = fields.Integer(required=True, attribute="progress.percent", validate=PERCENT)
    lessons = fields.List(fields.Nested(LessonStateSchema), required=True)
    quiz = fields.Nested(QuizSchema, required=True, allow_none=True)


class LessonCompletionSchema(Schema):
    """A `LessonOutcome`."""

    lesson_id = fields.Integer(required=True, attribute="lesson.id")
    completed = fields.Boolean(required=True)
    course_status = fields.String(required=True, attribute="course.status", validate=STATUS)


class QuizAnswersSchema(Schema):
    # Any values: the service names each missing, unknown or odd answer in one message.
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        required=True,
        metadata={"description": "question id -> choice id"},
    )


ONCE_PASSED = "Only once the person has passed this quiz, at this attempt or an earlier one."


class ReviewSchema(Schema):
    """A `QuestionReview`."""

    question_id = fields.Integer(required=True, attribute="question.id")
    chosen = fields.Integer(required=True, attribute="chosen_id")
    correct = fields.Boolean(required=True, attribute="is_right")
    lesson_id = fields.Integer(
        required=True,
        allow_none=True,
        attribute="question.lesson_id",
        metadata={"description": "The lesson that teaches the answer."},
    )
    lesson_title = fields.String(
        required=True, allow_none=True, attribute="lesson.title", dump_default=None
    )
    correct_choice = fields.Integer(attribute="correct_id", metadata={"description": ONCE_PASSED})
    explanation = fields.String(
        attribute="question.explanation", metadata={"description": ONCE_PASSED}
    )


class AttemptSchema(Schema):
    """An `AttemptResult`."""

    id = fields.Integer(required=True, attribute="attempt.id")
    score = fields.Integer(required=True, attribute="attempt.score", validate=PERCENT)
    passed = fields.Boolean(required=True, attribute="attempt.passed")
    pass_mark = fields.Integer(required=True, validate=PERCENT)
    review = fields.List(fields.Nested(ReviewSchema), required=True)

    @post_dump(pass_original=True)
    def _answers_once_passed(self, data: dict, result, **kwargs) -> dict:
        if not result.answers_shown:
            for item in data["review"]:
                del item["correct_choice"], item["explanation"]
        return data
