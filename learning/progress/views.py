from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.courses import services as courses
from learning.courses.models import Course, Lesson
from learning.errors import DomainError, NotFound
from learning.extensions import db
from learning.progress import blueprint, forms, quizzes
from learning.progress import services as progress
from learning.progress.models import QuizAttempt
from learning.security import person_required


@blueprint.get("/courses/")
@person_required
def path():
    if current_user.level is None:
        flash(_("Answer the questionnaire first: your path depends on your level."), "info")
        return redirect(url_for("familiarity.diagnostic"))
    return render_template("progress/path.html", overview=progress.path_overview(current_user))


@blueprint.get("/courses/<slug>")
@person_required
def course(slug: str):
    course = courses.get_course(slug)
    lessons = courses.active_lessons(course)
    (course_progress,) = progress.progress_for(current_user, [course])
    done = progress.completed_lesson_ids(current_user, course)
    return render_template(
        "progress/course.html",
        course=course,
        lessons=lessons,
        done=done,
        new=progress.new_lesson_ids(current_user, course, lessons, done),
        progress=course_progress,
        latest_attempt=quizzes.latest_attempt(current_user, course),
    )


def _find_lesson(slug: str, key: str) -> tuple[Course, list[Lesson], int]:
    """The course, its active lessons, and the position of the lesson `key` among them."""
    course = courses.get_course(slug)
    lessons = courses.active_lessons(course)
    index = next((i for i, item in enumerate(lessons) if item.key == key), None)
    if index is None:
        raise NotFound(_("There is no such lesson."), code="lesson_not_found")
    return course, lessons, index


def _lesson_page(course: Course, lessons: list[Lesson], index: int, form, status: int = 200):
    lesson = lessons[index]
    page = render_template(
        "progress/lesson.html",
        course=course,
        lesson=lesson,
        position=index + 1,
        count=len(lessons),
        previous=lessons[index - 1] if index > 0 else None,
        following=lessons[index + 1] if index + 1 < len(lessons) else None,
        done=lesson.id in progress.completed_lesson_ids(current_user, course),
        form=form,
        panels=panels.render(panels.LESSON, current_user, lesson),
    )
    return page, status


def lesson_page(slug: str, key: str, status: int = 200):
    """The lesson's page, for a feature whose form on it (in a panel) was refused: shown
    again with `status`, the panel showing why."""
    course, lessons, index = _find_lesson(slug, key)
    return _lesson_page(course, lessons, index, forms.CompleteLessonForm(formdata=None), status)


@blueprint.route("/courses/<slug>/lessons/<key>", methods=["GET", "POST"])
@person_required
def lesson(slug: str, key: str):
    course, lessons, index = _find_lesson(slug, key)
    form = forms.CompleteLessonForm()
    status = 200
    if form.validate_on_submit():
        try:
            progress.mark_lesson_done(current_user, lessons[index])
        except DomainError as error:
            flash(error.message, "error")
            status = error.status
        else:
            if index + 1 < len(lessons):
                return redirect(url_for("progress.lesson", slug=slug, key=lessons[index + 1].key))
            if course.pass_mark is not None:
                return redirect(url_for("progress.quiz", slug=slug))
            return redirect(url_for("progress.course", slug=slug))
    return _lesson_page(course, lessons, index, form, status)


@blueprint.route("/courses/<slug>/quiz", methods=["GET", "POST"])
@person_required
def quiz(slug: str):
    course = courses.get_course(slug)
    if course.pass_mark is None:
        abort(404)
    questions = courses.quiz_questions(course)
    form = forms.quiz_form(questions, quizzes.shuffled_choices(current_user, course, questions))
    if form.validate_on_submit():
        answers = {str(q.id): form[f"q{q.id}"].data for q in questions}
        try:
            result = quizzes.attempt_quiz(current_user, course, answers)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return redirect(url_for("progress.attempt", slug=slug, attempt_id=result.attempt.id))
    return render_template("progress/quiz.html", course=course, questions=questions, form=form)


@blueprint.get("/courses/<slug>/quiz/attempts/<int:attempt_id>")
@person_required
def attempt(slug: str, attempt_id: int):
    course = courses.get_course(slug)
    attempt = db.session.get(QuizAttempt, attempt_id)
    # Someone else's attempt is as good as absent.
    if attempt is None or attempt.user_id != current_user.id or attempt.course_id != course.id:
        abort(404)
    return render_template(
        "progress/attempt.html",
        course=course,
        result=quizzes.review_attempt(current_user, attempt, course),
    )


@blueprint.get("/progress/")
@person_required
def dashboard():
    return render_template(
        "progress/dashboard.html", panels=panels.render(panels.DASHBOARD, current_user)
    )


@panels.panel(blueprint, panels.DASHBOARD, "progress/_dashboard_panel.html", order=20)
def path_panel(user) -> dict:
    return {"overview": progress.path_overview(user)}
