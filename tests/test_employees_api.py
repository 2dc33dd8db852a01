"""`GET` and `POST /api/v1/employees`: an HR information system keeps the roster, with the
same checks as a CSV line; a role it cannot grant is refused."""

import pytest

from learning.auth import services as accounts


@pytest.fixture
def integration(make_user):
    return make_user(email="hris@example.com", roles=("integration",), password=None)


def body(**values):
    return {"email": "ana@example.com", "name": "Ana Lima", "department": "Sales", **values}


def test_upsert_creates_then_updates(app, api, integration, make_user, outbox):
    make_user(email="boss@example.com")
    hris = api(integration)
    created = hris.post(
        "/api/v1/employees",
        json=body(site="Lyon", manager_email="boss@example.com", hire_date="2026-01-05"),
    )
    assert created.status_code == 201, created.json
    assert created.json | {"id": 0} == {
        "id": 0,
        "email": "ana@example.com",
        "name": "Ana Lima",
        "department": "Sales",
        "site": "Lyon",
        "manager_email": "boss@example.com",
        "hire_date": "2026-01-05",
        "level": None,
        "active": True,
        "roles": ["employee"],
    }
    assert [message.to for message in outbox] == [["ana@example.com"]]
    updated = hris.post("/api/v1/employees", json=body(department="Legal"))
    assert updated.status_code == 200 and updated.json["department"] == "Legal"
    # What the call leaves out stays as it was; null clears it.
    assert (updated.json["site"], updated.json["manager_email"]) == ("Lyon", "boss@example.com")
    cleared = hris.post("/api/v1/employees", json=body(department="Legal", site=None))
    assert cleared.json["site"] is None and cleared.json["hire_date"] == "2026-01-05"
    listing = hris.get("/api/v1/employees").json["employees"]
    assert {person["email"]: person["department"] for person in listing}["ana@example.com"] == (
        "Legal"
    )
    assert "hris@example.com" not in {person["email"] for person in listing}


def test_a_leaver_is_deactivated_not_deleted(app, api, integration, make_user, login):
    leaver = make_user(email="ana@example.com")
    response = api(integration).post("/api/v1/employees", json=body(active=False))
    assert response.status_code == 200 and response.json["active"] is False
    assert accounts.find_user_by_email("ana@example.com") is not None
    assert "/auth/login" in login(leaver).request.path


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"email": "not-an-address"}, "not a valid e-mail"),
        ({"manager_email": "ghost@example.com"}, "neither in the file nor an employee"),
        ({"hire_date": "2099-01-01"}, "more than a year ahead"),
        ({"name": '=HYPERLINK("http://x")'}, "spreadsheet formula"),
        ({"name": " "}, "Name is required"),
    ],
)
def test_invalid_fields_are_422_and_change_nothing(app, api, integration, values, message):
    response = api(integration).post("/api/v1/employees", json=body(**values))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_employee"
    assert message in response.json["error"]["message"]
    assert accounts.find_user_by_email("ana@example.com") is None


@pytest.mark.parametrize("field", ["level", "hire_date", "email"])
def test_malformed_values_are_422(app, api, integration, field):
    response = api(integration).post("/api/v1/employees", json=body(**{field: 12}))
    assert response.status_code == 422


def test_a_role_it_cannot_grant_is_refused(app, api, integration, make_user):
    hr = make_user(roles=("hr",))
    for user in (integration, hr):
        response = api(user).post("/api/v1/employees", json=body(roles=["employee", "admin"]))
        assert response.status_code == 403
        assert response.json["error"]["code"] == "role_not_grantable"
    assert accounts.find_user_by_email("ana@example.com") is None
    allowed = api(hr).post("/api/v1/employees", json=body(roles=["employee"]))
    assert allowed.status_code == 201


def test_the_integration_cannot_deactivate_an_admin(app, api, integration, make_user):
    make_user(email="ana@example.com", roles=("admin",))
    response = api(integration).post("/api/v1/employees", json=body(active=False))
    assert response.status_code == 422 and "Only an admin" in response.json["error"]["message"]
    assert accounts.find_user_by_email("ana@example.com").is_active


@pytest.mark.parametrize("roles", [("employee",), ("champion",)])
def test_employees_and_champions_get_403(app, api, make_user, roles):
    client = api(make_user(roles=roles))
    assert client.get("/api/v1/employees").status_code == 403
    assert client.post("/api/v1/employees", json=body()).status_code == 403


def test_every_reason_is_given_in_sentences(app, api, integration):
    values = {"email": "not-an-address", "name": "=1+1", "hire_date": "2099-01-01"}
    response = api(integration).post("/api/v1/employees", json=body(**values))
    message = response.json["error"]["message"]
    for reason in ("not a valid e-mail", "spreadsheet formula", "more than a year ahead"):
        assert reason in message
    assert ".;" not in message and ". " in message


def test_a_new_manager_is_the_one_the_answer_gives(app, api, integration, make_user):
    make_user(email="boss@example.com")
    make_user(email="other.boss@example.com")
    hris = api(integration)
    hris.post("/api/v1/employees", json=body(manager_email="boss@example.com"))
    moved = hris.post("/api/v1/employees", json=body(manager_email="other.boss@example.com"))
    assert moved.status_code == 200
    assert moved.json["manager_email"] == "other.boss@example.com"
    listing = {
        person["email"]: person for person in hris.get("/api/v1/employees").json["employees"]
    }
    assert listing["ana@example.com"]["manager_email"] == "other.boss@example.com"
