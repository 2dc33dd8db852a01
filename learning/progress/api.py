"""The progress part of the JSON API: the path, its courses, lessons done, quiz attempts."""

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person
from learning.api.errors import ApiErrorSchema
from learning.courses import services as courses
from learning.progress import detail, quizzes
from learning.progress import services as progress
from learning.progress.schemas import (
    AttemptSchema,
    CourseSchema,
    LessonCompletionSchema,
    PathSchema,
    QuizAnswersSchema,
)

blueprint = feature_blueprint(
    "progress_api", __name__, "The learner's path, its courses, lessons done and quiz attempts."
)


@blueprint.get("/me/path")
@person
@blueprint.response(200, PathSchema)
def my_path():
    """The learning path for the person's level, with progress 0..100."""
    return progress.path_overview(current_api_user())


@blueprint.get("/courses/<slug>")
@person
@blueprint.response(200, CourseSchema)
def course(slug: str):
    """A course: its lessons (with the person's completion) and its quiz."""
    return detail.course_detail(current_api_user(), courses.get_course(slug))


@blueprint.post("/lessons/<int:lesson_id>/complete")
@person
@blueprint.response(200, LessonCompletionSchema)
@blueprint.alt_response(
    409,
    schema=ApiErrorSchema,
    description="`lesson_is_an_exercise`: an exercise is done when the learner's draft "
    "passes its check (on the lesson's page), never by marking it done.",
)
def complete_lesson(lesson_id: int):
    """Mark a lesson done. Doing it twice changes nothing; an exercise is refused."""
    user = current_api_user()
    lesson = courses.get_lesson(lesson_id)
    progress.mark_lesson_done(user, lesson)
    return detail.lesson_outcome(user, lesson)


@blueprint.post("/courses/<slug>/quiz-attempts")
@person
@blueprint.arguments(QuizAnswersSchema)
@blueprint.response(201, AttemptSchema)
def attempt_quiz(body, slug: str):
    """Submit quiz answers; returns the score, whether it passed and what was wrong.
    Attempts are not limited."""
    course = courses.get_course(slug)
    return quizzes.attempt_quiz(current_api_user(), course, body["answers"])
