"""HR's rules: which roles HR may give, whose level HR may set, and progress figures that
agree whether computed for one person or for many."""

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.auth.models import User
from learning.errors import Forbidden, Invalid
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from learning.progress import services as progress
from tests.test_progress import complete_lessons, course_json, pass_quiz


def account_count() -> int:
    db.session.commit()
    return db.session.execute(sa.select(sa.func.count(User.id))).scalar()


@pytest.mark.parametrize("role", ["hr", "admin", "integration"])
def test_hr_cannot_give_a_role_beyond_employee_and_champion(app, make_user, role):
    hr = make_user(roles=("hr",))
    before = account_count()

    with pytest.raises(Forbidden) as refused:
        accounts.create_user("new@example.com", "New Person", [role], by=hr)

    assert refused.value.code == "role_not_grantable"
    db.session.rollback()
    assert account_count() == before


@pytest.mark.parametrize("role", ["employee", "champion"])
def test_hr_gives_the_employee_and_champion_roles(app, make_user, role):
    hr = make_user(roles=("hr",))
    user = accounts.create_user("new@example.com", "New Person", [role], by=hr)
    assert user.roles == [role]


def test_an_admin_and_the_command_line_give_any_role(app, make_user):
    admin = make_user(roles=("admin",))
    assert accounts.create_user("a@example.com", "A", ["hr"], by=admin).roles == ["hr"]
    assert accounts.create_user("b@example.com", "B", ["admin"]).roles == ["admin"]


def test_the_new_account_page_offers_hr_only_the_roles_it_may_give(client, make_user, login):
    login(make_user(roles=("hr",)))
    page = client.get("/hr/accounts/new").text
    assert 'value="employee"' in page
    assert 'value="champion"' in page
    assert 'value="hr"' not in page
    assert 'value="admin"' not in page

    before = account_count()
    forged = client.post(
        "/hr/accounts/new",
        data={"name": "Forged", "email": "forged@example.com", "role": "admin"},
    )
    assert forged.status_code == 200
    assert "Not a valid choice" in forged.text
    assert account_count() == before


def override(client, person: User, level: str = "beginner"):
    return client.post(
        f"/hr/employees/{person.id}/level", data={"level": level, "reason": "Seen in training."}
    )


def assignments_of(person: User) -> int:
    db.session.commit()
    return db.session.execute(
        sa.select(sa.func.count(LevelAssignment.id)).where(LevelAssignment.user_id == person.id)
    ).scalar()


def test_hr_cannot_set_the_level_of_an_admin(client, make_user, login):
    admin = make_user(roles=("admin",), level="native")
    login(make_user(roles=("hr",)))

    response = override(client, admin)

    assert response.status_code == 200
    assert "Only an admin may set the level of an admin." in response.text
    db.session.refresh(admin)
    assert admin.level == "native"
    assert assignments_of(admin) == 1


def test_an_admin_sets_the_level_of_another_admin(client, make_user, login):
    other = make_user(roles=("admin",), level="native")
    login(make_user(roles=("admin",)))

    assert override(client, other).status_code == 302
    db.session.refresh(other)
    assert other.level == "beginner"


@pytest.mark.parametrize("actor_role", ["hr", "admin"])
def test_nobody_sets_the_level_of_an_integration_account(app, make_user, actor_role):
    machine = make_user(roles=("integration",), password=None)
    actor = make_user(roles=(actor_role,))

    with pytest.raises(Invalid) as refused:
        familiarity.override_level(actor, machine, "native", "Because.")

    assert refused.value.code == "not_a_person"
    db.session.rollback()
    assert assignments_of(machine) == 0


def test_one_person_and_many_people_get_the_same_progress_figures(
    app, catalogue, make_user, api, login, client
):
    """The dashboard, the path page, the API and HR's list count progress the same way."""
    people = [make_user(level="native", department="Sales") for _ in range(4)]
    people.append(make_user(level="beginner", department="Sales"))
    make_user(department="Sales")  # not assessed yet: no path, 0 %
    slugs = [course["slug"] for course in api(people[0]).get("/api/v1/me/path").json["courses"]]
    # Person 0 does nothing; 1 reads the first course; 2 also passes its quiz;
    # 3 finishes the whole path; 4 (another level) reads one lesson.
    complete_lessons(api(people[1]), slugs[0])
    for person in people[2:4]:
        client_of = api(person)
        complete_lessons(client_of, slugs[0])
        pass_quiz(client_of, slugs[0])
    for slug in slugs[1:]:
        complete_lessons(api(people[3]), slug)
        if course_json(api(people[3]), slug)["quiz"]:
            pass_quiz(api(people[3]), slug)
    first_lesson = api(people[4]).get("/api/v1/me/path").json["courses"][0]["slug"]
    lesson_id = course_json(api(people[4]), first_lesson)["lessons"][0]["id"]
    assert api(people[4]).post(f"/api/v1/lessons/{lesson_id}/complete").status_code == 200

    db.session.commit()
    everyone = db.session.execute(sa.select(User.id)).scalars().all()
    together = progress.path_percentages(everyone)
    one_by_one = {user_id: _alone(user_id) for user_id in everyone}
    through_the_api = {person.id: _api_percent(api, person) for person in people}

    assert together == one_by_one
    assert {person.id: together[person.id] for person in people} == through_the_api
    assert together[people[0].id] == 0
    assert 0 < together[people[1].id] < together[people[2].id] < 100
    assert together[people[3].id] == 100
    assert 0 < together[people[4].id] < 100

    login(make_user(roles=("hr",)))
    listing = client.get("/hr/employees").text
    for person in people:
        assert f"{together[person.id]}%" in listing


def _alone(user_id: int) -> int:
    return progress.path_overview(db.session.get(User, user_id)).percent


def _api_percent(api, person: User) -> int:
    return api(person).get("/api/v1/me/path").json["progress"]
