"""The hub's successful API answers keep to the OpenAPI document, checked as schemathesis
checks the generated requests (`tests/test_openapi_conformance.py`), which rarely reach a
success: they need a champion's token and real ids."""

import pytest

from learning.advocacy import stories
from learning.transaction import unit_of_work
from tests.hub_content import item, objective
from tests.test_openapi_conformance import schema


@pytest.fixture
def served(app):
    def application(environ, start_response):
        with app.app_context():
            return app(environ, start_response)

    return application


def test_the_hub_answers_keep_to_the_document(app, served, make_user, api):
    champion = make_user(roles=("champion",))
    headers = api(champion).headers
    with unit_of_work():
        goal = objective(champion)
        offered = item(champion, goal, texts={"x": "On X"})
        story = stories.submit(champion, title="A story", body="Text")
        stories.send_back(champion, story, "More, please.")
    cases = [
        schema["/api/v1/objectives"]["POST"].Case(
            body={"title": "Hiring", "family": "talent", "target": 12, "due": "2099-06-30"}
        ),
        schema["/api/v1/objectives"]["GET"].Case(),
        schema["/api/v1/content"]["POST"].Case(
            body={
                "title": "An article",
                "type": "web_article",
                "url": "https://www.example.org/a",
                "suggested_text": "Worth a read",
                "objective_id": goal.id,
                "texts": {"linkedin": "Worth a read, colleagues"},
                "available_until": "2099-01-01T00:00:00Z",
            }
        ),
        schema["/api/v1/content"]["GET"].Case(query={"network": "x"}),
        schema["/api/v1/content/{item_id}"]["GET"].Case(path_parameters={"item_id": offered.id}),
        schema["/api/v1/content/{item_id}/retirement"]["POST"].Case(
            path_parameters={"item_id": offered.id}
        ),
        schema["/api/v1/stories"]["POST"].Case(body={"title": "Mine", "body": "It happened."}),
        schema["/api/v1/me/stories"]["GET"].Case(),
    ]

    statuses = [case.call_and_validate(app=served, headers=headers).status_code for case in cases]

    assert statuses == [201, 200, 201, 200, 200, 200, 201, 200]
