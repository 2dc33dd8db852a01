"""The pages that list people or progress run a fixed number of SQL statements.

Ten times the people or the lessons done must not mean ten times the queries.
"""

import pytest
import sqlalchemy as sa
from flask import g

from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.progress import quizzes
from learning.progress import services as progress
from tests.catalogue import load_content, write_course

# Ceilings a little above today's counts (12, 7, 9 and 6): a new query per page is a choice.
MAX_QUERIES = {"/hr/employees": 14, "/courses/": 9, "/progress/": 11, "/hr/": 8}
MANY_LESSONS = ["intro", "practice", *(f"lesson-{number}" for number in range(3, 13))]


@pytest.fixture
def big_catalogue(app, catalogue_dir):
    """The test catalogue, with a native course of twelve lessons."""
    write_course(catalogue_dir, "native-course", "[native]", lessons=MANY_LESSONS)
    load_content(catalogue_dir)
    return catalogue_dir


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def queries_for(client, statements):
    """Run a page as a fresh request would: nothing cached from before it."""

    def measure(url: str) -> int:
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        statements.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        return len(statements)

    return measure


def add_people(make_user, count: int, lessons_each: int) -> None:
    """Employees at the native level, each with lessons done, a quiz tried, the guide read."""
    guide = conduct.current_version()
    for _ in range(count):
        user = make_user(password=None, department="Sales")
        familiarity.take_diagnostic(user, ANSWERS_FOR_LEVEL["native"])
        overview = progress.path_overview(user)
        done = 0
        for item in overview.courses:
            for lesson in courses.active_lessons(item.course):
                if done < lessons_each:
                    progress.complete_lesson(user, lesson)
                    done += 1
        core = overview.courses[0].course
        wrong = {str(q.id): q.choices[0].id for q in courses.quiz_questions(core)}
        quizzes.attempt_quiz(user, core, wrong)
        conduct.acknowledge(user, guide.version)


def test_the_employees_page_does_not_grow_with_the_people(
    app, big_catalogue, make_user, login, client, queries_for
):
    hr = make_user(roles=("hr",), name="Hana Rossi")
    login(hr)
    add_people(make_user, 2, lessons_each=3)
    few = queries_for("/hr/employees")
    assert "3 people" in client.get("/hr/employees").get_data(as_text=True)

    add_people(make_user, 27, lessons_each=5)
    many = queries_for("/hr/employees")
    assert "30 people" in client.get("/hr/employees").get_data(as_text=True)
    assert many == few
    assert many <= MAX_QUERIES["/hr/employees"]


def test_the_training_overview_does_not_grow_with_the_people(
    app, big_catalogue, make_user, login, client, queries_for
):
    hr = make_user(roles=("hr",), name="Hana Rossi")
    login(hr)
    add_people(make_user, 2, lessons_each=3)
    few = queries_for("/hr/")

    add_people(make_user, 27, lessons_each=5)
    many = queries_for("/hr/")
    assert "29 have answered the questionnaire" in client.get("/hr/").get_data(as_text=True)
    assert many == few
    assert many <= MAX_QUERIES["/hr/"]


@pytest.mark.parametrize("url", ["/courses/", "/progress/"])
def test_the_learner_pages_do_not_grow_with_the_lessons_done(
    app, big_catalogue, make_user, login, api, queries_for, url
):
    learner = make_user(level="native")
    login(learner)
    add_people(make_user, 2, lessons_each=4)
    lessons = [
        lesson
        for slug in ("core-conduct", "native-course")
        for lesson in courses.active_lessons(courses.get_course(slug))
    ]
    progress.complete_lesson(learner, lessons[0])
    one = queries_for(url)

    for lesson in lessons[1:]:
        progress.complete_lesson(learner, lesson)
    many = queries_for(url)
    # Every lesson done, the quizzes still to pass: the page still shows where to resume.
    path = api(learner).get("/api/v1/me/path").json
    assert path["progress"] == 100 * len(lessons) // (len(lessons) + 2)
    assert many == one
    assert many <= MAX_QUERIES[url]


def test_a_completed_path_costs_no_more_queries(
    app, big_catalogue, make_user, login, api, queries_for
):
    learner = make_user(level="native")
    login(learner)
    one_lesson = None
    for slug in ("core-conduct", "native-course"):
        course = courses.get_course(slug)
        for lesson in courses.active_lessons(course):
            progress.complete_lesson(learner, lesson)
            if one_lesson is None:
                one_lesson = {url: queries_for(url) for url in ("/courses/", "/progress/")}
        right = {
            str(q.id): next(c.id for c in q.choices if c.is_correct)
            for q in courses.quiz_questions(course)
        }
        quizzes.attempt_quiz(learner, course, right)
    assert api(learner).get("/api/v1/me/path").json["progress"] == 100
    for url, before in one_lesson.items():
        assert queries_for(url) <= before
