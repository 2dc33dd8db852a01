"""Champions set objectives and publish hub items, through pages and the API; every bad
input is refused with a clear message (a page) or a 422 with its code (the API), and
nothing is saved."""

import pytest
import sqlalchemy as sa

from learning.advocacy.models import ContentItem, Objective
from learning.extensions import db
from tests.hub_content import TODAY, objective

GOOD_OBJECTIVE = {
    "title": "Q3 launch event",
    "family": "campaigns",
    "target": 3000,
    "due": "2031-09-30",
}


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


@pytest.fixture
def champion(make_user):
    return make_user(roles=("champion",), name="Chloé Champion")


@pytest.fixture
def goal(app, champion):
    return objective(champion)


def good_item(goal, **changes):
    body = {
        "title": "Our Q3 launch",
        "type": "press_release",
        "url": "https://news.example.org/q3?ref=hub",
        "suggested_text": "We launch in September.",
        "objective_id": goal.id,
    }
    body.update(changes)
    return body


def test_a_champion_creates_an_objective_through_the_api(app, api, champion):
    response = api(champion).post("/api/v1/objectives", json=GOOD_OBJECTIVE)
    assert response.status_code == 201, response.json
    body = response.json
    assert {k: body[k] for k in GOOD_OBJECTIVE} == GOOD_OBJECTIVE
    assert body["metric"] == "conversions"
    assert body["starts_on"] == TODAY.isoformat()
    assert body["id"] > 0
    listed = api(champion).get("/api/v1/objectives").json["objectives"]
    assert [o["title"] for o in listed] == ["Q3 launch event"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"target": 0}, "validation_error"),
        ({"target": -5}, "validation_error"),
        ({"target": True}, "validation_error"),
        ({"target": 2.5}, "validation_error"),
        ({"target": "3000"}, "validation_error"),
        ({"target": 2**31}, "validation_error"),
        ({"target": 10**40}, "validation_error"),
        ({"family": "sales"}, "validation_error"),
        ({"due": "30/09/2031"}, "validation_error"),
        ({"due": "2031-02-30"}, "validation_error"),
        ({"title": ""}, "invalid_title"),
        ({"title": "   "}, "invalid_title"),
        ({"title": "x" * 201}, "invalid_title"),
        ({"starts_on": "2031-10-01"}, "invalid_dates"),
        ({"starts_on": "2031-09-30"}, "invalid_dates"),
        ({"metric": "likes"}, "validation_error"),
    ],
)
def test_a_bad_objective_is_a_422_with_its_code(app, api, champion, change, code):
    response = api(champion).post("/api/v1/objectives", json={**GOOD_OBJECTIVE, **change})
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == code
    assert count(Objective) == 0


def test_a_champion_creates_an_objective_through_the_page(app, client, login, champion):
    login(champion)
    form = {**GOOD_OBJECTIVE, "target": "3000", "metric": "conversions", "starts_on": ""}
    response = client.post("/hub/objectives/new", data=form, follow_redirects=True)
    assert "The objective “Q3 launch event” is created." in response.text
    assert "3,000 confirmed sign-ups" in response.text
    saved = db.session.execute(sa.select(Objective)).scalar_one()
    assert (saved.target, saved.starts_on, saved.created_by_id) == (3000, TODAY, champion.id)

    response = client.post(
        f"/hub/objectives/{saved.id}", data={**form, "target": "3500"}, follow_redirects=True
    )
    assert "3,500 confirmed sign-ups" in response.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": "0"}, "The target must be a whole number from 1 to 2147483647."),
        ({"target": "99999999999"}, "The target must be a whole number from 1 to 2147483647."),
        ({"target": "1.5"}, "Not a valid integer value."),
        ({"target": ""}, "Give the target, a whole number."),
        ({"due": "tomorrow"}, "Not a valid date value."),
        ({"starts_on": "2031-10-01"}, "The due date must come after the start date."),
        ({"title": ""}, "The title must have 1 to 200 characters."),
        ({"family": "sales"}, "Not a valid choice."),
    ],
)
def test_a_bad_objective_on_the_page_says_why(app, client, login, champion, change, message):
    login(champion)
    form = {**GOOD_OBJECTIVE, "target": "3000", "metric": "conversions", **change}
    response = client.post("/hub/objectives/new", data=form)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert count(Objective) == 0


def test_a_champion_publishes_an_item_through_the_api_shareable_at_once(app, api, champion, goal):
    body = good_item(goal, texts={"x": "Short for X"}, body="What it is *about*.")
    response = api(champion).post("/api/v1/content", json=body)
    assert response.status_code == 201, response.json
    created = response.json
    assert {k: created[k] for k in ("title", "type", "url", "suggested_text")} == {
        k: body[k] for k in ("title", "type", "url", "suggested_text")
    }
    assert created["objective"] == {"id": goal.id, "title": goal.title, "family": "campaigns"}
    assert created["texts"] == {"x": "Short for X"}
    assert created["shareable"] is True
    listed = api(champion).get("/api/v1/content").json["items"]
    assert [item["id"] for item in listed] == [created["id"]]
    assert api(champion).get(f"/api/v1/content/{created['id']}").json["title"] == "Our Q3 launch"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"url": "ftp://files.example.org/a"}, "invalid_url"),
        ({"url": "javascript:alert(1)"}, "invalid_url"),
        ({"url": "/relative/path"}, "invalid_url"),
        ({"url": "https://"}, "invalid_url"),
        ({"url": "https://exa mple.org/"}, "invalid_url"),
        ({"url": "https://example.org:99999/"}, "invalid_url"),
        ({"url": "https://example.org/" + "a" * 2048}, "invalid_url"),
        ({"url": "http://localhost/hub/"}, "invalid_url"),
        ({"url": "https://go.platform.example/s/abc"}, "invalid_url"),
        ({"url": "https://GO.platform.example./x"}, "invalid_url"),
        ({"suggested_text": "x" * 3001}, "text_too_long"),
        ({"texts": {"x": "x" * 257}}, "text_too_long"),
        ({"texts": {"myspace": "hello"}}, "unknown_network"),
        ({"objective_id": 987654}, "unknown_objective"),
        ({"objective_id": "1"}, "validation_error"),
        ({"type": "poem"}, "validation_error"),
        ({"title": ""}, "invalid_title"),
        ({"title": "x" * 201}, "invalid_title"),
        (
            {"available_from": "2031-01-02T00:00:00Z", "available_until": "2031-01-01T00:00:00Z"},
            "invalid_window",
        ),
        ({"available_from": "soon"}, "validation_error"),
    ],
)
def test_a_bad_item_is_a_422_with_its_code(app, api, champion, goal, change, code):
    app.config["PUBLIC_BASE_URL"] = "https://go.platform.example"
    response = api(champion).post("/api/v1/content", json=good_item(goal, **change))
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == code
    assert count(ContentItem) == 0


def test_a_text_too_long_names_the_network_and_its_limit(app, api, champion, goal):
    client = api(champion)
    response = client.post("/api/v1/content", json=good_item(goal, texts={"x": "x" * 300}))
    message = response.json["error"]["message"]
    assert message == "The text has 300 characters; X accepts at most 256."
    response = client.post("/api/v1/content", json=good_item(goal, suggested_text="y" * 3001))
    assert "LinkedIn accepts at most 3000" in response.json["error"]["message"]


def item_form(goal, **changes) -> dict:
    form = {
        "title": "Case study: Acme",
        "type": "case_study",
        "url": "https://www.example.org/acme",
        "objective_id": str(goal.id),
        "body": "How Acme did it.",
        "suggested_text": "Read how Acme did it.",
        "available_from": "",
        "available_until": "",
    }
    form.update(changes)
    return form


def test_a_champion_publishes_edits_and_retires_an_item_through_the_pages(
    app, client, login, champion, goal
):
    login(champion)
    assert client.get("/hub/manage/items/new").status_code == 200
    response = client.post(
        "/hub/manage/items/new",
        data=item_form(goal, text_x="Acme on X"),
        follow_redirects=True,
    )
    assert "“Case study: Acme” is in the hub." in response.text
    item = db.session.execute(sa.select(ContentItem)).scalar_one()
    assert item.texts["x"].text == "Acme on X"
    assert "Published" in response.text

    page = client.get(f"/hub/manage/items/{item.id}").text
    assert "Acme on X" in page
    response = client.post(
        f"/hub/manage/items/{item.id}",
        data=item_form(goal, title="Case study: Acme, a year on", text_x=""),
        follow_redirects=True,
    )
    assert "“Case study: Acme, a year on” is saved." in response.text
    db.session.expire_all()
    assert item.title == "Case study: Acme, a year on"
    assert item.texts == {}

    response = client.post(f"/hub/manage/items/{item.id}/retire", follow_redirects=True)
    assert "is retired" in response.text
    assert "Retired" in response.text
    assert client.get(f"/hub/items/{item.id}").status_code == 410


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"url": "ftp://x.example.org"}, "url", "Give a full web address starting with http"),
        ({"url": "https://localhost/x"}, "url", "The address must lead elsewhere than this"),
        ({"suggested_text": "y" * 3001}, "suggested_text", "LinkedIn accepts at most 3000"),
        ({"text_x": "x" * 257}, "text_x", "X accepts at most 256"),
        ({"objective_id": ""}, "objective_id", "Choose an existing objective."),
        ({"title": ""}, "title", "The title must have 1 to 200 characters."),
        ({"type": "poem"}, "type", "Not a valid choice."),
        (
            {"available_from": "2031-01-02T10:00", "available_until": "2031-01-02T09:00"},
            "available_until",
            "The end of the availability must come after its start.",
        ),
        ({"available_from": "yesterday"}, "available_from", "Not a valid datetime value."),
    ],
)
def test_a_bad_item_on_the_page_is_shown_beside_its_field(
    app, client, login, champion, goal, change, field, message
):
    login(champion)
    response = client.post("/hub/manage/items/new", data=item_form(goal, **change))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert count(ContentItem) == 0


def test_an_address_back_to_the_request_host_is_refused(app, api, champion, goal):
    client = api(champion)
    response = client.client.post(
        "/api/v1/content",
        json=good_item(goal, url="https://hub.company.example/x"),
        headers={**client.headers, "Host": "hub.company.example"},
    )
    assert response.status_code == 422
    assert response.json["error"] == {
        "code": "invalid_url",
        "message": "The address must lead elsewhere than this platform.",
    }
    assert count(ContentItem) == 0


def test_retiring_through_the_api_twice_changes_nothing(app, api, champion, goal):
    created = api(champion).post("/api/v1/content", json=good_item(goal)).json
    first = api(champion).post(f"/api/v1/content/{created['id']}/retirement")
    assert first.status_code == 200
    assert first.json["shareable"] is False
    second = api(champion).post(f"/api/v1/content/{created['id']}/retirement")
    assert second.json["retired_at"] == first.json["retired_at"]
    assert api(champion).get("/api/v1/content").json["items"] == []


def test_employees_may_not_curate(app, api, make_user, goal):
    employee = api(make_user())
    assert employee.post("/api/v1/objectives", json=GOOD_OBJECTIVE).status_code == 403
    assert employee.post("/api/v1/content", json=good_item(goal)).status_code == 403
    assert employee.get("/api/v1/objectives").status_code == 200
    assert count(ContentItem) == 0
