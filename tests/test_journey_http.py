"""The learner's whole journey through the web pages, on the real course content."""

import html
import re

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.courses import services as courses
from learning.demo import ANSWERS_FOR_LEVEL, DEMO_PASSWORD, PEOPLE
from learning.demo import roster as roster_demo
from learning.extensions import db
from learning.familiarity import questionnaire
from tests.conftest import REAL_COURSES

CONDUCT = "conduct-essentials"


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def radio_groups(response) -> dict[str, list[str]]:
    """The radio buttons of a form: {name: [values]}, in page order."""
    groups: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*type=\"radio\"[^>]*>", response.get_data(as_text=True)):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        value = re.search(r'value="([^"]+)"', tag).group(1)
        groups.setdefault(name, []).append(value)
    return groups


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_a_new_employee_walks_the_whole_journey(app, real_catalogue, client, make_user, login):
    user = make_user(name="Sam Newcomer", department="Sales")

    # Sign in and see the dashboard.
    assert "Sign in" in page_text(get_ok(client, "/auth/login"))
    signed_in = login(user)
    assert signed_in.status_code == 302
    dashboard = page_text(get_ok(client, "/progress/"))
    assert "Hello, Sam Newcomer" in dashboard
    assert "Start the questionnaire" in dashboard
    assert client.get("/courses/").headers["Location"].endswith("/familiarity/diagnostic")

    # The questionnaire: one group of choices per question.
    form = get_ok(client, "/familiarity/diagnostic")
    groups = radio_groups(form)
    assert list(groups) == [question.id for question in questionnaire.QUESTIONS]
    answers = ANSWERS_FOR_LEVEL["late_adopter"]
    assert all(answers[name] in values for name, values in groups.items())
    response = client.post("/familiarity/diagnostic", data=answers)
    assert response.headers["Location"].endswith("/familiarity/result")

    result = page_text(get_ok(client, "/familiarity/result"))
    assert "Your level: Late adopter" in result
    assert str(questionnaire.RULES[4].description) in result
    assert "Your path: Example & Co's networks, and how to engage on each." in result

    # The path: the conduct course first, then the level's courses.
    path = get_ok(client, "/courses/")
    path_text = page_text(path)
    assert "Path progress: 0%" in path_text
    course_links = re.findall(r'<h2><a href="/courses/([a-z0-9-]+)">', path.text)
    assert course_links == [
        CONDUCT,
        "late-adopter-company-networks",
        "late-adopter-engagement",
    ]
    first_lesson = courses.active_lessons(courses.get_course(CONDUCT))[0]
    assert f"Start: {first_lesson.title}" in path_text

    # Each lesson of the conduct course, read and marked done.
    course_page = get_ok(client, f"/courses/{CONDUCT}")
    keys = re.findall(rf'href="/courses/{CONDUCT}/lessons/([a-z0-9-]+)"', course_page.text)
    assert 3 <= len(keys) <= 8
    for number, key in enumerate(keys, start=1):
        lesson = get_ok(client, f"/courses/{CONDUCT}/lessons/{key}")
        assert f"Lesson {number} of {len(keys)}" in page_text(lesson)
        if "Check my draft" in lesson.text:
            # The practical exercise: done when a draft passes the check.
            checked = client.post(
                f"/courses/{CONDUCT}/lessons/{key}/drafts",
                data={
                    "network": "linkedin",
                    "text": "Proud of what my team shipped this month. I work at Example & Co; "
                    "views are my own.",
                },
                follow_redirects=True,
            )
            assert "Your draft passes the check: this exercise is done." in page_text(checked)
            continue
        done = client.post(f"/courses/{CONDUCT}/lessons/{key}")
        following = keys[number] if number < len(keys) else None
        expected = f"/lessons/{following}" if following else f"/courses/{CONDUCT}/quiz"
        assert done.headers["Location"].endswith(expected)
    assert f"{len(keys)} of {len(keys)} lessons" in page_text(get_ok(client, "/courses/"))

    # The quiz: wrong first, then right.
    quiz = get_ok(client, f"/courses/{CONDUCT}/quiz")
    groups = radio_groups(quiz)
    questions = courses.quiz_questions(courses.get_course(CONDUCT))
    right = {f"q{q.id}": str(next(c.id for c in q.choices if c.is_correct)) for q in questions}
    assert set(groups) == set(right)
    wrong = {name: next(v for v in values if v != right[name]) for name, values in groups.items()}
    attempt = client.post(f"/courses/{CONDUCT}/quiz", data=wrong)
    review = page_text(get_ok(client, attempt.headers["Location"]))
    assert "Not passed yet: 0%" in review
    assert review.count("— wrong") == len(questions)
    assert review.count("Review: ") == len(questions)
    assert "The right answer:" not in review
    assert "Try again" in review
    attempt = client.post(f"/courses/{CONDUCT}/quiz", data=right)
    review = page_text(get_ok(client, attempt.headers["Location"]))
    assert "Passed: 100%" in review
    assert "— wrong" not in review

    # The conduct guide, read and acknowledged.
    guide = page_text(get_ok(client, "/conduct/"))
    assert "Social-media conduct guide" in guide
    assert "Version 2, published" in guide
    acknowledged = client.post("/conduct/2/acknowledge", data={"confirm": "y"})
    assert acknowledged.headers["Location"].endswith("/progress/")

    # The dashboard shows the progress and the acknowledgment.
    units = sum(len(courses.active_lessons(courses.get_course(slug))) + 1 for slug in course_links)
    done = len(keys) + 1
    percent = 100 * done // units
    dashboard = page_text(get_ok(client, "/progress/"))
    assert "Thank you: you acknowledged version 2 of the conduct guide." in dashboard
    assert f"{percent}% done" in dashboard
    assert "You acknowledged version 2 on" in dashboard
    assert "Late adopter" in dashboard
    path_text = page_text(get_ok(client, "/courses/"))
    assert f"Path progress: {percent}%" in path_text
    assert "Completed" in path_text
    second_course = courses.active_lessons(courses.get_course(course_links[1]))[0]
    assert f"Resume: {second_course.title}" in path_text


@pytest.fixture
def app_config(app_config):
    # `demo seed` loads the courses from COURSES_DIR: the real ones.
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    return app_config


def snapshot() -> dict[str, list[str]]:
    db.session.commit()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
        for table in db.metadata.sorted_tables
    }


def test_demo_seed_fills_an_empty_database_once(app, runner, client):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "Demo organisation created. Sign in with:" in first.output
    for email, *_ in PEOPLE:
        assert email in first.output
    assert DEMO_PASSWORD in first.output
    db.session.expire_all()
    users = db.session.execute(sa.select(sa.func.count(User.id))).scalar()
    # The demo's first people, and the teams its roster adds (learning/demo/roster.py).
    assert users == len(PEOPLE) + sum(count for _team, _manager, count in roster_demo.TEAMS)

    # A demo learner can sign in and has a path under way.
    response = client.post(
        "/auth/login", data={"email": "nadia@example.com", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    dashboard = page_text(get_ok(client, "/progress/"))
    assert "Hello, Nadia Benali" in dashboard
    assert "You acknowledged version 2" in dashboard
    assert re.search(r"(?<!\d)[1-9]\d?% done", dashboard)

    before = snapshot()
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert "The database already has accounts; the demo data was not added." in second.output
    assert "Traceback" not in second.output
    assert snapshot() == before
