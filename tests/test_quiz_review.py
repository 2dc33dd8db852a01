"""What a quiz attempt shows: after a failure, which answers were wrong and the lesson that
teaches each, never the right choice; once the quiz is passed, the right answers and why."""

import re

import sqlalchemy as sa

from learning.courses import services as courses
from learning.courses.models import Course
from learning.extensions import db
from tests.conftest import PASSWORD
from tests.test_progress import FIRST, SECOND, course_json, page_text, quiz_answers

# The test catalogue's core course: each question's right choice, explanation and lesson.
RIGHT_CHOICES = ("The communications team", "No")
EXPLANATIONS = (
    "Crises are handled by the communications team.",
    "Unpublished results are confidential.",
)
LESSON_OF = {FIRST: "core-conduct intro", SECOND: "core-conduct practice"}


def take_quiz_in_the_browser(client, course: dict, right) -> str:
    """Submit the quiz form of the core course; returns the address of the attempt's page."""
    assert client.get("/courses/core-conduct/quiz").status_code == 200
    answers = {f"q{key}": str(choice) for key, choice in quiz_answers(course, right).items()}
    response = client.post("/courses/core-conduct/quiz", data=answers)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.search(r"/courses/core-conduct/quiz/attempts/\d+$", location)
    return location


def lesson_links(page) -> dict[str, str]:
    """Each 'Review: <lesson>' link of a page: the lesson title and where it leads."""
    found = re.findall(r'<a href="([^"]+)">Review: ([^<]+)</a>', page.get_data(as_text=True))
    return {title: href for href, title in found}


def test_a_failed_attempt_links_each_wrong_answer_to_its_lesson_not_to_the_answer(
    app, catalogue, make_user, api, client, login
):
    learner = make_user(level="native")
    course = course_json(api(learner), "core-conduct")
    login(learner)
    page = client.get(take_quiz_in_the_browser(client, course, ()))

    text = page_text(page)
    assert "Not passed yet: 0%" in text
    assert "Your answer: You — wrong" in text
    assert "Your answer: Yes, with friends — wrong" in text
    assert "The right answers and their explanations appear once you pass." in text
    for hidden in ("The right answer:", "The communications team", *EXPLANATIONS):
        assert hidden not in text
    assert lesson_links(page) == {
        "core-conduct intro": "/courses/core-conduct/lessons/intro",
        "core-conduct practice": "/courses/core-conduct/lessons/practice",
    }


def test_a_failed_attempt_in_the_api_names_the_lessons_not_the_right_choices(
    app, catalogue, make_user, api
):
    # Someone else passing the quiz reveals nothing to this person.
    someone = api(make_user(level="native", password=None))
    course = course_json(someone, "core-conduct")
    lessons = {lesson["title"]: lesson["id"] for lesson in course["lessons"]}
    response = someone.post(
        "/api/v1/courses/core-conduct/quiz-attempts", json={"answers": quiz_answers(course)}
    )
    assert response.json["passed"] is True

    client = api(make_user(level="native", password=None))
    response = client.post(
        "/api/v1/courses/core-conduct/quiz-attempts", json={"answers": quiz_answers(course, ())}
    )
    assert response.status_code == 201
    assert response.json["passed"] is False
    questions = {question["id"]: question["text"] for question in course["quiz"]["questions"]}
    for item in response.json["review"]:
        title = LESSON_OF[questions[item["question_id"]]]
        assert item == {
            "question_id": item["question_id"],
            "chosen": item["chosen"],
            "correct": False,
            "lesson_id": lessons[title],
            "lesson_title": title,
        }
    for hidden in EXPLANATIONS:
        assert hidden not in response.get_data(as_text=True)


def test_a_passed_attempt_shows_the_right_answers_and_why(
    app, catalogue, make_user, api, client, login
):
    learner = make_user(level="native")
    course = course_json(api(learner), "core-conduct")
    response = api(learner).post(
        "/api/v1/courses/core-conduct/quiz-attempts",
        json={"answers": quiz_answers(course, (SECOND,))},
    )
    assert response.json["passed"] is True
    right = {
        question["id"]: next(c["id"] for c in question["choices"] if c["text"] == choice)
        for question, choice in zip(course["quiz"]["questions"], RIGHT_CHOICES, strict=True)
    }
    for item in response.json["review"]:
        assert item["correct_choice"] == right[item["question_id"]]
        assert item["explanation"] in EXPLANATIONS

    login(learner)
    page = client.get(f"/courses/core-conduct/quiz/attempts/{response.json['id']}")
    text = page_text(page)
    assert "Passed: 50%" in text
    assert "Your answer: You — wrong" in text
    assert "The right answer: The communications team" in text
    assert "Your answer: No — right" in text
    assert "The right answer: No" not in text
    for explanation in EXPLANATIONS:
        assert explanation in text
    assert lesson_links(page) == {}


def test_after_reading_the_lesson_a_retry_passes_and_every_attempt_shows_the_answers(
    app, catalogue, make_user, api, client, login
):
    learner = make_user(level="native")
    course = course_json(api(learner), "core-conduct")
    login(learner)
    failed = take_quiz_in_the_browser(client, course, ())
    assert "The right answer:" not in page_text(client.get(failed))

    lesson = lesson_links(client.get(failed))["core-conduct intro"]
    assert "core-conduct intro" in page_text(client.get(lesson))
    assert client.post(lesson).status_code == 302
    assert course_json(api(learner), "core-conduct")["lessons"][0]["completed"] is True

    passed = take_quiz_in_the_browser(client, course, (FIRST,))
    assert "Passed: 50%" in page_text(client.get(passed))
    # Passed once, the earlier attempt has nothing left to protect.
    text = page_text(client.get(failed))
    assert "Not passed yet: 0%" in text
    assert "The right answer: The communications team" in text
    assert "The right answer: No" in text
    assert lesson_links(client.get(failed)) == {}


def choice_order(client, slug: str) -> list[list[str]]:
    """Each question's choice values, in the order the quiz page shows them."""
    page = client.get(f"/courses/{slug}/quiz").get_data(as_text=True)
    groups = re.findall(r'name="(q\d+)"[^>]*value="(\d+)"', page)
    order: dict[str, list[str]] = {}
    for question, choice in groups:
        order.setdefault(question, []).append(choice)
    return list(order.values())


def test_the_choices_are_shuffled_per_person_and_attempt(app, real_catalogue, make_user):
    first, second = make_user(), make_user()
    one, other = app.test_client(), app.test_client()
    for client, person in ((one, first), (other, second)):
        client.post("/auth/login", data={"email": person.email, "password": PASSWORD})
    mine = choice_order(one, "conduct-essentials")
    assert len(mine) >= 8
    # Stable while the page is open: a reload shows the same order.
    assert choice_order(one, "conduct-essentials") == mine
    theirs = choice_order(other, "conduct-essentials")
    assert theirs != mine
    assert [sorted(q) for q in theirs] == [sorted(q) for q in mine]
    # The file's order is not the order shown.
    course = db.session.execute(
        sa.select(Course).where(Course.slug == "conduct-essentials")
    ).scalar_one()
    in_file = [[str(c.id) for c in q.choices] for q in courses.quiz_questions(course)]
    assert mine != in_file
    # A new attempt, a new order.
    answers = {f"q{q.id}": str(q.choices[0].id) for q in courses.quiz_questions(course)}
    one.post("/courses/conduct-essentials/quiz", data=answers)
    assert choice_order(one, "conduct-essentials") != mine
