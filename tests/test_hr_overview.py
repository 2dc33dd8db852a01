"""Each role lands on its own page; HR's overview counts the training as it stands."""

import pytest

from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.hr import services as hr
from learning.progress import quizzes
from learning.progress import services as progress
from learning.transaction import unit_of_work
from tests.test_progress import page_text


def right_answers(course) -> dict[str, int]:
    return {
        str(q.id): next(c.id for c in q.choices if c.is_correct)
        for q in courses.quiz_questions(course)
    }


def finish_path(user) -> None:
    for item in progress.path_overview(user).courses:
        for lesson in courses.active_lessons(item.course):
            progress.complete_lesson(user, lesson)
        quizzes.attempt_quiz(user, item.course, right_answers(item.course))


@pytest.mark.parametrize(
    ("role", "landing"),
    [("employee", "/progress/"), ("champion", "/analytics/"), ("hr", "/hr/"), ("admin", "/hr/")],
)
def test_each_role_lands_on_its_own_page(client, login, make_user, role, landing):
    user = make_user(roles=(role,))

    signed_in = login(user)
    assert signed_in.headers["Location"] == landing
    assert client.get("/").headers["Location"] == landing
    assert client.get("/auth/login").headers["Location"] == landing


def test_a_signed_out_visitor_reads_what_the_platform_is_before_signing_in(client):
    page = page_text(client.get("/", follow_redirects=True))
    about = page.index("the company's training for using social media safely")
    assert about < page.index("E-mail") < page.index("Password")


def test_the_overview_counts_people_levels_paths_and_the_guide(
    app, catalogue, client, login, make_user
):
    viewer = make_user(roles=("hr",), name="Hana Rossi")
    finished = make_user(level="native")
    started = make_user(level="native")
    make_user(level="beginner")
    make_user()  # not assessed yet
    with unit_of_work():
        finish_path(finished)
        first = progress.path_overview(started).courses[0].course
        progress.complete_lesson(started, courses.active_lessons(first)[0])
        conduct.acknowledge(finished, conduct.current_version().version)
    login(viewer)

    page = page_text(client.get("/hr/"))

    assert "Training overview" in page
    assert "People 5 3 have answered the questionnaire (60%)" in page
    for level, count in (("Native", 2), ("Beginner", 1), ("Objector", 0)):
        assert f"{level}: {count}" in page
    assert "Not assessed yet: 2" in page
    # 100%, 16% (one unit of six) and 0%: 38.7 on average.
    assert "39% average progress of the 3 people on a path" in page
    assert "1 of 3 completed their path" in page
    assert "20% 1 of 5 acknowledged version 1, the current one" in page
    assert 'href="/hr/employees"' in client.get("/hr/").text


def test_the_overview_agrees_with_each_persons_progress(app, catalogue, make_user):
    people = [make_user(level=level) for level in ("native", "reluctant", "objector")]
    with unit_of_work():
        for count, person in enumerate(people):
            lessons = [
                lesson
                for item in progress.path_overview(person).courses
                for lesson in courses.active_lessons(item.course)
            ]
            for lesson in lessons[: count + 1]:
                progress.complete_lesson(person, lesson)

    each = progress.path_percentages([person.id for person in people])
    totals = hr.overview().paths

    assert sorted(each.values()) == [16, 33, 50]
    assert totals.people_on_a_path == 3
    assert totals.average_percent == round(sum(each.values()) / 3)
    assert totals.completed == 0


def test_the_overview_without_people_or_guide(app, client, login, make_user):
    login(make_user(roles=("admin",)))
    page = page_text(client.get("/hr/"))
    assert "0% average progress of the 0 people on a path" in page
    assert "No conduct guide is published yet." in page
