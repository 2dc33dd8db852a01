"""Progress: lessons, quizzes, course and path completion, resume point, signals."""

import html
import re

import pytest
import sqlalchemy as sa

from learning import signals
from learning.extensions import db
from learning.progress.models import LessonCompletion, QuizAttempt
from tests.catalogue import lesson_md, load_content
from tests.conftest import PASSWORD

# The right and a wrong answer of each question of the test catalogue's quiz, by text.
RIGHT = {
    "Who answers a journalist about a crisis?": "The communications team",
    "May you share unpublished results?": "No",
}
WRONG = {
    "Who answers a journalist about a crisis?": "You",
    "May you share unpublished results?": "Yes, with friends",
}
FIRST, SECOND = RIGHT  # question texts, in quiz order


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def course_json(client, slug: str) -> dict:
    response = client.get(f"/api/v1/courses/{slug}")
    assert response.status_code == 200
    return response.json


def quiz_answers(course: dict, right=(FIRST, SECOND)) -> dict[str, int]:
    """Answers choosing the right choice for the questions in `right`, a wrong one otherwise."""
    answers = {}
    for question in course["quiz"]["questions"]:
        wanted = (RIGHT if question["text"] in right else WRONG)[question["text"]]
        answers[str(question["id"])] = next(
            c["id"] for c in question["choices"] if c["text"] == wanted
        )
    return answers


def complete_lessons(client, slug: str) -> None:
    for lesson in course_json(client, slug)["lessons"]:
        assert client.post(f"/api/v1/lessons/{lesson['id']}/complete").status_code == 200


def pass_quiz(client, slug: str) -> dict:
    response = client.post(
        f"/api/v1/courses/{slug}/quiz-attempts",
        json={"answers": quiz_answers(course_json(client, slug))},
    )
    assert response.status_code == 201
    assert response.json["passed"] is True
    return response.json


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


@pytest.fixture
def learner(request, make_user):
    # A password (slow to hash on purpose) only for the tests that sign in.
    password = PASSWORD if "login" in request.fixturenames else None
    return make_user(level="native", name="Nadia Benali", password=password)


def test_completing_a_lesson_twice_records_it_once(app, catalogue, learner, api):
    client = api(learner)
    lesson = course_json(client, "core-conduct")["lessons"][0]
    sent = []
    with signals.lesson_completed.connected_to(lambda sender, **kw: sent.append(sender)):
        first = client.post(f"/api/v1/lessons/{lesson['id']}/complete")
        second = client.post(f"/api/v1/lessons/{lesson['id']}/complete")
    assert (first.status_code, second.status_code) == (200, 200)
    assert (
        first.json
        == second.json
        == {
            "lesson_id": lesson["id"],
            "completed": True,
            "course_status": "in_progress",
        }
    )
    assert count(LessonCompletion) == 1
    assert len(sent) == 1
    lessons = course_json(client, "core-conduct")["lessons"]
    assert [item["completed"] for item in lessons] == [True, False]


def test_a_course_needs_its_lessons_and_its_quiz(app, catalogue, learner, api):
    client = api(learner)
    assert course_json(client, "core-conduct")["status"] == "not_started"
    complete_lessons(client, "core-conduct")
    course = course_json(client, "core-conduct")
    assert (course["status"], course["progress"]) == ("in_progress", 66)
    pass_quiz(client, "core-conduct")
    course = course_json(client, "core-conduct")
    assert (course["status"], course["progress"]) == ("completed", 100)


def test_a_passed_quiz_alone_does_not_complete_a_course(app, catalogue, learner, api):
    client = api(learner)
    pass_quiz(client, "core-conduct")
    course = course_json(client, "core-conduct")
    assert (course["status"], course["progress"]) == ("in_progress", 33)
    first, second = course["lessons"]
    client.post(f"/api/v1/lessons/{first['id']}/complete")
    assert course_json(client, "core-conduct")["status"] == "in_progress"
    response = client.post(f"/api/v1/lessons/{second['id']}/complete")
    assert response.json["course_status"] == "completed"
    assert course_json(client, "core-conduct")["status"] == "completed"


@pytest.mark.parametrize(
    ("right", "score", "passed"),
    [((), 0, False), ((FIRST,), 50, True), ((SECOND,), 50, True), ((FIRST, SECOND), 100, True)],
    ids=["none-right", "first-right", "second-right", "all-right"],
)
def test_quiz_scoring(app, catalogue, learner, api, right, score, passed):
    client = api(learner)
    course = course_json(client, "core-conduct")
    response = client.post(
        "/api/v1/courses/core-conduct/quiz-attempts",
        json={"answers": quiz_answers(course, right)},
    )
    assert response.status_code == 201
    assert (response.json["score"], response.json["passed"]) == (score, passed)
    assert response.json["pass_mark"] == 50
    review = {item["question_id"]: item for item in response.json["review"]}
    for question in course["quiz"]["questions"]:
        assert review[question["id"]]["correct"] is (question["text"] in right)
        assert review[question["id"]]["lesson_title"]
        # The right choice and why only once passed: see test_quiz_review.py.
        assert ("explanation" in review[question["id"]]) is passed


def test_a_score_just_below_the_pass_mark_fails(app, catalogue, catalogue_dir, learner, api):
    quiz = catalogue_dir / "core-conduct" / "quiz.yml"
    quiz.write_text(quiz.read_text().replace("pass_mark: 50", "pass_mark: 51"))
    load_content(catalogue_dir)
    client = api(learner)
    course = course_json(client, "core-conduct")
    assert course["quiz"]["pass_mark"] == 51
    response = client.post(
        "/api/v1/courses/core-conduct/quiz-attempts",
        json={"answers": quiz_answers(course, (FIRST,))},
    )
    assert (response.json["score"], response.json["passed"]) == (50, False)


def test_quiz_retakes_are_not_limited(app, catalogue, learner, api):
    client = api(learner)
    course = course_json(client, "core-conduct")
    for _ in range(12):
        response = client.post(
            "/api/v1/courses/core-conduct/quiz-attempts",
            json={"answers": quiz_answers(course, ())},
        )
        assert response.status_code == 201
        assert response.json["passed"] is False
    assert pass_quiz(client, "core-conduct")["score"] == 100
    assert count(QuizAttempt) == 13


def test_another_persons_attempt_is_not_found(
    app, catalogue, learner, make_user, api, client, login
):
    attempt = api(learner).post(
        "/api/v1/courses/core-conduct/quiz-attempts",
        json={"answers": quiz_answers(course_json(api(learner), "core-conduct"))},
    )
    url = f"/courses/core-conduct/quiz/attempts/{attempt.json['id']}"
    login(learner)
    assert client.get(url).status_code == 200
    assert (
        client.get(f"/courses/native-course/quiz/attempts/{attempt.json['id']}").status_code == 404
    )

    # Someone else signs in on the same browser.
    someone = make_user(level="native")
    assert client.post("/auth/logout").status_code == 302
    login(someone)
    assert "Hello, " + someone.name in page_text(client.get("/progress/"))
    response = client.get(url)
    assert response.status_code == 404
    assert "Your answer" not in page_text(response)


def test_answers_to_another_courses_questions_are_refused(app, catalogue, learner, api):
    client = api(learner)
    other_course = course_json(client, "native-course")
    response = client.post(
        "/api/v1/courses/core-conduct/quiz-attempts",
        json={"answers": quiz_answers(other_course)},
    )
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_answers"
    assert "is not in this quiz" in response.json["error"]["message"]
    assert count(QuizAttempt) == 0


def test_a_choice_of_another_question_is_refused(app, catalogue, learner, api):
    client = api(learner)
    course = course_json(client, "core-conduct")
    first, second = course["quiz"]["questions"]
    answers = {
        str(first["id"]): second["choices"][0]["id"],
        str(second["id"]): first["choices"][0]["id"],
    }
    response = client.post("/api/v1/courses/core-conduct/quiz-attempts", json={"answers": answers})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_answers"
    assert count(QuizAttempt) == 0


def test_a_missing_answer_is_refused(app, catalogue, learner, api):
    client = api(learner)
    course = course_json(client, "core-conduct")
    answers = quiz_answers(course)
    missing = str(course["quiz"]["questions"][1]["id"])
    del answers[missing]
    response = client.post("/api/v1/courses/core-conduct/quiz-attempts", json={"answers": answers})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_answers"
    assert f"question {missing} has no answer" in response.json["error"]["message"]
    assert count(QuizAttempt) == 0


def test_path_progress_statuses_and_resume_point(app, catalogue, learner, api, client, login):
    api_client = api(learner)
    login(learner)

    def check(progress, statuses, resume):
        path = api_client.get("/api/v1/me/path").json
        assert path["level"] == path["slug"] == "native"
        assert path["progress"] == progress
        assert [(c["slug"], c["status"]) for c in path["courses"]] == list(statuses)
        assert all(0 <= c["progress"] <= 100 for c in path["courses"])
        page = page_text(client.get("/courses/"))
        assert f"Path progress: {progress}%" in page
        dashboard = page_text(client.get("/progress/"))
        assert f"{progress}% done" in dashboard
        if resume:
            assert resume in page
            assert resume in dashboard
        else:
            assert "Resume:" not in page
            assert "You have completed your path. Well done!" in page
            assert "Path completed. Well done!" in dashboard

    core, own = "core-conduct", "native-course"
    check(0, [(core, "not_started"), (own, "not_started")], "Start: core-conduct intro")
    assert "Resume:" not in page_text(client.get("/courses/"))
    first, second = course_json(api_client, core)["lessons"]
    api_client.post(f"/api/v1/lessons/{first['id']}/complete")
    check(16, [(core, "in_progress"), (own, "not_started")], "Resume: core-conduct practice")
    html_page = client.get("/courses/").get_data(as_text=True)
    assert 'href="/courses/core-conduct/lessons/practice"' in html_page
    api_client.post(f"/api/v1/lessons/{second['id']}/complete")
    check(33, [(core, "in_progress"), (own, "not_started")], "Resume: the quiz of Core conduct")
    assert 'href="/courses/core-conduct/quiz"' in client.get("/courses/").get_data(as_text=True)
    pass_quiz(api_client, core)
    check(50, [(core, "completed"), (own, "not_started")], "Resume: native-course intro")
    complete_lessons(api_client, own)
    pass_quiz(api_client, own)
    check(100, [(core, "completed"), (own, "completed")], None)


def test_a_failed_attempt_alone_puts_a_course_in_progress(app, catalogue, learner, api):
    client = api(learner)
    course = course_json(client, "native-course")
    client.post(
        "/api/v1/courses/native-course/quiz-attempts", json={"answers": quiz_answers(course, ())}
    )
    statuses = [c["status"] for c in client.get("/api/v1/me/path").json["courses"]]
    assert statuses == ["not_started", "in_progress"]
    assert client.get("/api/v1/me/path").json["progress"] == 0


def test_the_path_page_asks_for_the_diagnostic_first(app, catalogue, make_user, client, login, api):
    user = make_user()
    login(user)
    response = client.get("/courses/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/familiarity/diagnostic")
    path = api(user).get("/api/v1/me/path").json
    assert path == {"level": None, "slug": None, "title": None, "progress": 0, "courses": []}


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [
        ("get", "/api/v1/courses/no-such-course", "course_not_found"),
        ("post", "/api/v1/courses/no-such-course/quiz-attempts", "course_not_found"),
        ("post", "/api/v1/lessons/987654/complete", "lesson_not_found"),
    ],
)
def test_what_does_not_exist_is_a_json_404(app, catalogue, learner, api, method, url, code):
    client = api(learner)
    kwargs = {"json": {"answers": {}}} if method == "post" else {}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 404
    assert response.is_json
    assert response.json == {"error": {"code": code, "message": response.json["error"]["message"]}}
    assert response.json["error"]["message"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/courses/no-such-course", "There is no course 'no-such-course'."),
        ("/courses/core-conduct/lessons/no-such-lesson", "There is no such lesson."),
        ("/courses/no-such-course/lessons/intro", "There is no course 'no-such-course'."),
        ("/courses/no-such-course/quiz", "There is no course 'no-such-course'."),
        ("/courses/core-conduct/quiz/attempts/987654", "Nothing exists at this address."),
    ],
)
def test_what_does_not_exist_is_a_404_page(app, catalogue, learner, client, login, url, message):
    login(learner)
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    text = page_text(response)
    assert "Not Found" in text
    assert message in text


def test_course_and_path_completed_are_signalled_exactly_once(app, catalogue, learner, api):
    client = api(learner)
    completed_courses, completed_paths = [], []

    def on_course(sender, course, **kwargs):
        completed_courses.append((sender.id, course.slug))

    def on_path(sender, path, **kwargs):
        completed_paths.append((sender.id, path.level))

    with (
        signals.course_completed.connected_to(on_course),
        signals.path_completed.connected_to(on_path),
    ):
        complete_lessons(client, "core-conduct")
        pass_quiz(client, "core-conduct")
        assert completed_courses == [(learner.id, "core-conduct")]
        assert completed_paths == []
        complete_lessons(client, "native-course")
        pass_quiz(client, "native-course")
        # Doing it all again announces nothing more.
        complete_lessons(client, "core-conduct")
        complete_lessons(client, "native-course")
        pass_quiz(client, "core-conduct")
        pass_quiz(client, "native-course")

    assert completed_courses == [(learner.id, "core-conduct"), (learner.id, "native-course")]
    assert completed_paths == [(learner.id, "native")]


def test_completing_a_lesson_in_the_browser_moves_on(app, catalogue, learner, client, login, api):
    login(learner)
    page = client.get("/courses/core-conduct/lessons/intro")
    assert page.status_code == 200
    assert "Lesson 1 of 2" in page_text(page)
    response = client.post("/courses/core-conduct/lessons/intro")
    assert response.headers["Location"].endswith("/courses/core-conduct/lessons/practice")
    response = client.post("/courses/core-conduct/lessons/practice")
    assert response.headers["Location"].endswith("/courses/core-conduct/quiz")
    client.post("/courses/core-conduct/lessons/practice")
    assert count(LessonCompletion) == 2
    assert "You have done this lesson." in page_text(
        client.get("/courses/core-conduct/lessons/intro")
    )
    assert course_json(api(learner), "core-conduct")["progress"] == 66


def test_a_lesson_added_after_completion_shows_as_new(
    app, client, catalogue, catalogue_dir, make_user, login, api
):
    user = make_user(level="native")
    person = api(user)
    course = person.get("/api/v1/courses/core-conduct").json
    for lesson in course["lessons"]:
        person.post(f"/api/v1/lessons/{lesson['id']}/complete")
    answers = {
        str(q["id"]): next(
            c["id"] for c in q["choices"] if c["text"] in ("No", "The communications team")
        )
        for q in course["quiz"]["questions"]
    }
    assert person.post(
        "/api/v1/courses/core-conduct/quiz-attempts", json={"answers": answers}
    ).json["passed"]
    folder = catalogue_dir / "core-conduct"
    (folder / "lessons" / "later.md").write_text(lesson_md("Added later"))
    text = (folder / "course.yml").read_text()
    (folder / "course.yml").write_text(text.replace("  - practice\n", "  - practice\n  - later\n"))
    load_content(catalogue_dir)

    login(user)
    page = client.get("/courses/core-conduct").get_data(as_text=True)
    later = page[page.index("Added later") :]
    assert '<mark class="tag">New</mark>' in later.split("</li>")[0]
    assert "New</mark>" not in page[: page.index("Added later")]
    assert person.get("/api/v1/courses/core-conduct").json["status"] == "completed"
    # Once read, it is no longer new.
    later_id = next(
        lesson["id"]
        for lesson in person.get("/api/v1/courses/core-conduct").json["lessons"]
        if lesson["title"] == "Added later"
    )
    person.post(f"/api/v1/lessons/{later_id}/complete")
    assert "New</mark>" not in client.get("/courses/core-conduct").get_data(as_text=True)
