from learning.api import auth, blueprint
from learning.api.auth import current_api_user
from learning.api.schemas import (
    AcknowledgmentSchema,
    AnswersSchema,
    ApiErrorSchema,
    AttemptSchema,
    CourseSchema,
    DiagnosticResultSchema,
    DiagnosticSchema,
    GuideSchema,
    LessonCompletionSchema,
    MeSchema,
    PathSchema,
)
from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.progress import services as progress

auth.register(blueprint)

ERRORS = (401, 403, 404, 422)


def _document_errors(*statuses: int):
    def decorator(view):
        for status in statuses:
            view = blueprint.alt_response(status, schema=ApiErrorSchema)(view)
        return view

    return decorator


def _path_ref(level: str | None) -> dict | None:
    path = courses.get_path(level) if level else None
    if path is None:
        return None
    return {
        "slug": path.level,
        "courses": [s.course.slug for s in path.steps if s.course.is_active],
    }


@blueprint.get("/me")
@auth.person
@blueprint.response(200, MeSchema)
@_document_errors(401, 403)
def me():
    """The signed-in person."""
    user = current_api_user()
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "roles": user.roles,
        "department": user.department,
        "level": user.level,
    }


@blueprint.get("/diagnostic")
@auth.person
@blueprint.response(200, DiagnosticSchema)
@_document_errors(401, 403)
def diagnostic_questions():
    """The familiarity questionnaire."""
    return {
        "questions": [
            {
                "id": q.id,
                "text": str(q.text),
                "choices": [{"id": c.id, "text": str(c.text)} for c in q.choices],
            }
            for q in questionnaire.QUESTIONS
        ]
    }


@blueprint.post("/diagnostic")
@auth.person
@blueprint.arguments(AnswersSchema)
@blueprint.response(200, DiagnosticResultSchema)
@_document_errors(*ERRORS)
def take_diagnostic(body):
    """Answer the questionnaire; returns the level, why, and the path it leads to.
    Retakes are not limited."""
    user = current_api_user()
    assignment = familiarity.take_diagnostic(user, body["answers"])
    scores = {k: v for k, v in assignment.scores.items() if k != "rule"}
    return {
        "level": assignment.level,
        "explanation": familiarity.explanation(assignment),
        "scores": scores,
        "path": _path_ref(assignment.level),
    }


@blueprint.get("/me/path")
@auth.person
@blueprint.response(200, PathSchema)
@_document_errors(401, 403)
def my_path():
    """The learning path for the person's level, with progress 0..100."""
    overview = progress.path_overview(current_api_user())
    path = overview.path
    return {
        "level": current_api_user().level,
        "slug": path.level if path else None,
        "title": path.title if path else None,
        "progress": overview.percent,
        "courses": [
            {
                "slug": c.course.slug,
                "title": c.course.title,
                "status": c.status,
                "progress": c.percent,
            }
            for c in overview.courses
        ],
    }


def _quiz(course):
    if course.pass_mark is None:
        return None
    return {
        "pass_mark": course.pass_mark,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "choices": [{"id": c.id, "text": c.text} for c in q.choices],
            }
            for q in courses.quiz_questions(course)
        ],
    }


@blueprint.get("/courses/<slug>")
@auth.person
@blueprint.response(200, CourseSchema)
@_document_errors(401, 403, 404)
def course(slug: str):
    """A course: its lessons (with the person's completion) and its quiz."""
    user = current_api_user()
    course = courses.get_course(slug)
    done = progress.completed_lesson_ids(user, course)
    (course_progress,) = progress.progress_for(user, [course])
    return {
        "slug": course.slug,
        "title": course.title,
        "summary": course.summary,
        "estimated_minutes": course.estimated_minutes,
        "status": course_progress.status,
        "progress": course_progress.percent,
        "lessons": [
            {
                "id": lesson.id,
                "key": lesson.key,
                "title": lesson.title,
                "completed": lesson.id in done,
            }
            for lesson in courses.active_lessons(course)
        ],
        "quiz": _quiz(course),
    }


@blueprint.post("/lessons/<int:lesson_id>/complete")
@auth.person
@blueprint.response(200, LessonCompletionSchema)
@_document_errors(401, 403, 404)
def complete_lesson(lesson_id: int):
    """Mark a lesson done. Doing it twice changes nothing."""
    user = current_api_user()
    lesson = courses.get_lesson(lesson_id)
    progress.complete_lesson(user, lesson)
    (course_progress,) = progress.progress_for(user, [lesson.course])
    return {"lesson_id": lesson.id, "completed": True, "course_status": course_progress.status}


@blueprint.post("/courses/<slug>/quiz-attempts")
@auth.person
@blueprint.arguments(AnswersSchema)
@blueprint.response(201, AttemptSchema)
@_document_errors(*ERRORS)
def attempt_quiz(body, slug: str):
    """Submit quiz answers; returns the score, whether it passed and what was wrong.
    Attempts are not limited."""
    course = courses.get_course(slug)
    result = progress.attempt_quiz(current_api_user(), course, body["answers"])
    return {
        "id": result.attempt.id,
        "score": result.attempt.score,
        "passed": result.attempt.passed,
        "pass_mark": result.pass_mark,
        "review": [
            {
                "question_id": r.question.id,
                "chosen": r.chosen_id,
                "correct": r.is_right,
                "correct_choice": r.correct_id,
                "explanation": r.question.explanation,
            }
            for r in result.review
        ],
    }


@blueprint.get("/conduct-guide")
@auth.person
@blueprint.response(200, GuideSchema)
@_document_errors(401, 403, 404)
def conduct_guide():
    """The current conduct guide and whether the person acknowledged it."""
    status = conduct.status(current_api_user())
    guide = status.current or conduct.require_current_version()
    return {
        "version": guide.version,
        "published_at": guide.published_at,
        "changes": guide.changes,
        "sections": guide.sections,
        "acknowledged": status.acknowledged,
        "acknowledged_at": status.acknowledged_at,
    }


@blueprint.post("/conduct-guide/<int:version>/acknowledgments")
@auth.person
@blueprint.response(201, AcknowledgmentSchema)
@_document_errors(401, 403, 404, 409)
def acknowledge_guide(version: int):
    """Acknowledge the current version; 409 not_current_version for any other."""
    conduct.acknowledge(current_api_user(), version)
    guide = conduct.require_current_version()
    return {"version": guide.version, "acknowledged": True, "content_hash": guide.content_hash}
