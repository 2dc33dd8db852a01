"""The served OpenAPI document tells the truth, as schemathesis checks it.

Every operation of `/api/v1/openapi.json` is called, through the WSGI application (no
server, no network), with requests generated from the document, valid and invalid, by an
employee holding a token, over a loaded catalogue and conduct guide. No response may be a
server error, and each one's status, content type and body must be among those the
document gives for its operation.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from learning import create_app
from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.demo import ANSWERS_FOR_LEVEL
from tests import conftest

DOCUMENT = "/api/v1/openapi.json"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "response_schema_conformance",
    "content_type_conformance",
)
SETTINGS = schemathesis.Config.from_dict(
    {
        # A fixed seed and no saved examples: every run sends the same requests.
        "seed": 20260401,
        "generation": {"mode": "all", "max-examples": 25, "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    }
)

# Every application the factory builds serves the same document, and serving it needs no
# database: the operations to test are read from one built for that alone.
schema = schemathesis.openapi.from_wsgi(
    DOCUMENT, create_app(conftest.test_config("sqlite://")), config=SETTINGS
)


@pytest.fixture
def learner_headers(catalogue, make_user, api) -> dict:
    """An employee's token (checked to work by the test of successful answers)."""
    return api(make_user(level="native")).headers


@pytest.fixture
def served(app):
    """The application under test, each request in its own application context, as in
    production (not the test's, with its `g` and its database session)."""

    def application(environ, start_response):
        with app.app_context():
            return app(environ, start_response)

    return application


@schema.parametrize()
# The application, its database and the token are set up once per operation and kept
# across its examples, as a server keeps its state between requests.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_keeps_to_the_document(case, served, learner_headers):
    case.call_and_validate(app=served, headers=learner_headers)


def test_successful_answers_keep_to_the_document(served, learner_headers):
    """What only real course, lesson, quiz and guide ids reach, which generated ones
    rarely are: each success response, checked the same way."""
    course = courses.get_course("core-conduct")
    questions = courses.quiz_questions(course)
    quiz_answers = {str(question.id): question.choices[0].id for question in questions}
    cases = [
        schema["/api/v1/diagnostic"]["POST"].Case(body={"answers": ANSWERS_FOR_LEVEL["native"]}),
        schema["/api/v1/courses/{slug}"]["GET"].Case(path_parameters={"slug": course.slug}),
        schema["/api/v1/lessons/{lesson_id}/complete"]["POST"].Case(
            path_parameters={"lesson_id": courses.active_lessons(course)[0].id}
        ),
        schema["/api/v1/courses/{slug}/quiz-attempts"]["POST"].Case(
            path_parameters={"slug": course.slug}, body={"answers": quiz_answers}
        ),
        schema["/api/v1/conduct-guide/{version}/acknowledgments"]["POST"].Case(
            path_parameters={"version": conduct.require_current_version().version}
        ),
    ]

    statuses = [
        case.call_and_validate(app=served, headers=learner_headers).status_code for case in cases
    ]

    assert statuses == [200, 200, 200, 201, 201]
