"""The training-to-sharing impact report against a hand-computed fixture, with the
small-group rule, and a query count that does not grow with the number of people."""

import csv
import io
import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.courses.models import Course, LearningPath, PathCourse
from learning.database import utcnow
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.progress.models import CourseCompletion
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work
from tests.test_query_counts import queries_for, statements  # noqa: F401  (fixtures)

NOW = utcnow()
COMPLETED_AT = NOW - timedelta(days=100)
HIRED = (NOW - timedelta(days=200)).date()


def complete_path(user) -> None:
    course_ids = db.session.execute(
        sa.select(Course.id)
        .join(PathCourse, PathCourse.course_id == Course.id)
        .join(LearningPath, LearningPath.id == PathCourse.path_id)
        .where(LearningPath.level == user.level, Course.is_active.is_(True))
    ).scalars()
    for course_id in course_ids:
        db.session.add(
            CourseCompletion(user_id=user.id, course_id=course_id, completed_at=COMPLETED_AT)
        )


def share(user, item, at, person_clicks=0, bot_clicks=0, signups=(), network="linkedin"):
    made = Share(
        code=secrets.token_urlsafe(9), user_id=user.id, item_id=item.id, network=network,
        created_at=at,
    )  # fmt: skip
    db.session.add(made)
    db.session.flush()
    for n in range(person_clicks):
        db.session.add(Click(share_id=made.id, kind="person", visitor=f"{n:032d}"))
    for _ in range(bot_clicks):
        db.session.add(Click(share_id=made.id, kind="bot"))
    for attributed in signups:
        db.session.add(
            Conversion(reference=secrets.token_hex(8), share_id=made.id, attributed=attributed)
        )


@pytest.fixture
def world(app, catalogue, make_user, hub_item):
    """Sales: A and B completed (A shared 10 days after, B 60 days after), C did not and
    shared 5 days after being hired, D did not and never shared. Legal: E completed and
    shared only before completing and more than 90 days after; F did not. The HR reader
    (department HR, no level) counts among those who did not complete. G left."""
    app.config["SMALL_GROUP_MINIMUM"] = 2
    item = hub_item()
    people = {
        name: make_user(name=name, level="native", department=department)
        for name, department in (
            ("A", "Sales"), ("B", "Sales"), ("C", "Sales"), ("D", "Sales"),
            ("E", "Legal"), ("F", "Legal"), ("G", "Sales"),
        )
    }  # fmt: skip
    people["hr"] = make_user(roles=("hr",), name="Reader", department="HR")
    people["admin"] = make_user(roles=("admin",), name="Admin", department="Sales", level="native")
    with unit_of_work():
        for name in ("A", "B", "E", "G"):
            complete_path(people[name])
        for name in ("C", "D"):
            db.session.get(User, people[name].id).hire_date = HIRED
        db.session.get(User, people["G"].id).is_active = False
        share(people["A"], item, COMPLETED_AT + timedelta(days=10), 2, 1, (True, False))
        share(people["B"], item, COMPLETED_AT + timedelta(days=60), 1)
        share(people["C"], item, NOW - timedelta(days=195), 3, network="x")  # 5 days after hire
        share(people["E"], item, COMPLETED_AT - timedelta(days=5), 4)
        share(people["E"], item, COMPLETED_AT + timedelta(days=100), 4)
        share(people["G"], item, COMPLETED_AT + timedelta(days=1), 9)
        # B retook the questionnaire and stayed; C moved to reluctant.
        db.session.add(LevelAssignment(user_id=people["B"].id, level="native", source="retake"))
        db.session.add(LevelAssignment(user_id=people["C"].id, level="reluctant", source="retake"))
    return people


def rows_of(client, table) -> list[list[str]]:
    response = client.get(f"/analytics/impact/{table}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_figures_match_the_hand_computed_ones_for_hr(world, client, login):
    login(world["hr"])
    # The admin (Sales, native, has not completed) is an active employee too.
    levels = rows_of(client, "levels")
    assert levels[0][0] == "Group"
    assert levels[1:] == [
        # Everyone: completed A, B, E; not completed C, D, F, the reader, the admin and the
        # champion who wrote the hub item.
        ["Everyone", "yes", "3", "33", "67", "1.50", "0.50"],
        ["Everyone", "no", "6", "17", "17", "3.00", "0.00"],
        ["Native", "yes", "3", "33", "67", "1.50", "0.50"],
        ["Native", "no", "4", "25", "25", "3.00", "0.00"],
        # The reader and the champion: two, not too small for a minimum of 2.
        ["No level yet", "yes", "0", "", "", "", ""],
        ["No level yet", "no", "2", "0", "0", "", ""],
    ]
    departments = rows_of(client, "departments")[1:]
    assert departments == [
        ["Sales", "yes", "2", "50", "100", "1.50", "0.50"],
        ["Sales", "no", "3", "33", "33", "3.00", "0.00"],
        # Legal (1 and 1), HR (the reader) and no department (the champion) are too small:
        # merged into Other, where 1 completed: still too small, withheld.
        ["Other", "yes", "1", "", "", "", ""],
        ["Other", "no", "3", "", "", "", ""],
    ]
    assert rows_of(client, "transitions")[1:] == [
        ["Native", "Native", "1"],
        ["Native", "Reluctant", "1"],
    ]
    page = client.get("/analytics/impact")
    assert page.status_code == 200
    assert "Legal" not in page.text
    assert "merged into “Other”" in page.text
    data = client.get("/analytics/impact/data.json").json["impact"]
    assert data["departments"]["labels"] == ["Sales", "Other"]
    assert data["departments"]["completed_long"] == [100, None]


def test_admins_see_every_group(world, client, login):
    login(world["admin"])
    departments = rows_of(client, "departments")[1:]
    assert ["Legal", "yes", "1", "0", "0", "", ""] in departments
    assert ["HR", "no", "1", "0", "0", "", ""] in departments
    assert "Legal" in client.get("/analytics/impact").text


def test_a_larger_minimum_merges_more(world, client, login, app):
    app.config["SMALL_GROUP_MINIMUM"] = 5
    login(world["hr"])
    labels = [row[0] for row in rows_of(client, "departments")[1:]]
    assert labels == ["Other", "Other"]


def test_only_hr_and_admins_read_it(world, client, login, make_user):
    login(make_user(roles=("champion",)))
    assert client.get("/analytics/impact").status_code == 403
    assert client.get("/analytics/impact/levels.csv").status_code == 403


def test_the_query_count_does_not_grow_with_the_people(
    world,
    client,
    login,
    make_user,
    hub_item,
    queries_for,  # noqa: F811
):
    login(world["hr"])
    small = queries_for("/analytics/impact")
    item = hub_item(title="More")
    for n in range(12):
        person = make_user(level="native", department=f"Team {n % 3}")
        with unit_of_work():
            if n % 2:
                complete_path(person)
            share(person, item, NOW - timedelta(days=1), 1)
    assert queries_for("/analytics/impact") == small
