"""The outside contract of the JSON API (API.md): OpenAPI, shapes, errors, bad input."""

import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from learning.demo import ANSWERS_FOR_LEVEL

# Every /api/v1 operation API.md names: (method, path).
API_MD_OPERATIONS = [
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/diagnostic"),
    ("POST", "/api/v1/diagnostic"),
    ("GET", "/api/v1/me/path"),
    ("GET", "/api/v1/courses/{slug}"),
    ("POST", "/api/v1/lessons/{id}/complete"),
    ("POST", "/api/v1/courses/{slug}/quiz-attempts"),
    ("GET", "/api/v1/conduct-guide"),
    ("POST", "/api/v1/conduct-guide/{version}/acknowledgments"),
    ("GET", "/api/v1/content"),
    ("POST", "/api/v1/content/{id}/shares"),
    ("POST", "/api/v1/conversions"),
    ("GET", "/api/v1/me/badges"),
    ("GET", "/api/v1/reports/coverage"),
    ("GET", "/api/v1/reports/advocacy"),
    ("GET", "/api/v1/employees"),
    ("POST", "/api/v1/employees"),
]
# The learner's journey, built first: these must be there.
JOURNEY = API_MD_OPERATIONS[:9]
EXAMPLE_VALUES = {"slug": "some-course", "id": "1", "version": "1"}
ERROR_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def concrete(path: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: EXAMPLE_VALUES[m.group(1)], path)


def shape(path: str) -> str:
    return re.sub(r"{\w+}", "{}", path)


def is_routed(app, method: str, path: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(concrete(path), method=method)
    except (NotFound, MethodNotAllowed):
        return False
    return True


def assert_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.json
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert ERROR_CODE.match(body["error"]["code"]), body
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"].strip()
    if code:
        assert body["error"]["code"] == code


def test_openapi_lists_every_api_operation_built(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    documented = {
        (method.upper(), shape(path))
        for path, operations in spec["paths"].items()
        for method in operations
        if method != "parameters"
    }
    built = [(m, p) for m, p in API_MD_OPERATIONS if is_routed(app, m, p)]
    assert set(JOURNEY) <= set(built)
    missing = [(m, p) for m, p in built if (m, shape(p)) not in documented]
    assert missing == []


def test_openapi_documents_bearer_authentication_and_errors(app, client):
    spec = client.get("/api/v1/openapi.json").json
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    responses = spec["paths"]["/api/v1/courses/{slug}"]["get"]["responses"]
    assert "200" in responses
    assert "404" in responses


def resolve(spec: dict, item: dict) -> dict:
    """`item`, or what its `$ref` points at in the document."""
    if "$ref" not in item:
        return item
    found = spec
    for key in item["$ref"].removeprefix("#/").split("/"):
        found = found[key]
    return found


def test_openapi_documents_every_error_with_the_shape_sent(app, client):
    spec = client.get("/api/v1/openapi.json").json
    error = spec["components"]["schemas"]["ApiError"]
    detail = resolve(spec, error["properties"]["error"])
    assert error["required"] == ["error"]
    assert sorted(detail["required"]) == ["code", "message"]
    operations = [
        (path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]
    assert operations
    for path, operation in operations:
        responses = {
            status: resolve(spec, response) for status, response in operation["responses"].items()
        }
        # No catch-all: each status a request can get is documented for its operation.
        assert "default" not in responses, path
        expected = {"400", "401", "403", "429"}
        expected |= {"404"} if "{" in path else set()
        expected |= {"413", "422"} if "requestBody" in operation else set()
        assert expected <= set(responses), path
        for status in expected:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ApiError"}, (path, status)
        assert "Retry-After" in responses["429"]["headers"], path
        assert "WWW-Authenticate" in responses["401"]["headers"], path
    acknowledge = spec["paths"]["/api/v1/conduct-guide/{version}/acknowledgments"]["post"]
    assert "409" in acknowledge["responses"]
    assert "404" in spec["paths"]["/api/v1/conduct-guide"]["get"]["responses"]


def test_me_before_and_after_the_diagnostic(app, make_user, api):
    user = make_user(
        email="ada@example.com", name="Ada Lovelace", department="Sales", password=None
    )
    client = api(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json == {
        "id": user.id,
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "roles": ["employee"],
        "department": "Sales",
        "level": None,
        "locale": None,
    }
    client.post("/api/v1/diagnostic", json={"answers": ANSWERS_FOR_LEVEL["objector"]})
    assert client.get("/api/v1/me").json["level"] == "objector"


def test_me_lists_every_role(app, make_user, api):
    user = make_user(roles=("employee", "hr", "champion"), password=None)
    assert api(user).get("/api/v1/me").json["roles"] == ["champion", "employee", "hr"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}, {"X": "y"}],
    ids=["no-token", "unknown-token", "other-scheme", "other-header"],
)
def test_without_a_valid_token_it_is_401(app, client, headers):
    for url in ("/api/v1/me", "/api/v1/diagnostic", "/api/v1/courses/x"):
        assert_error(client.get(url, headers=headers), 401, "unauthorized")
    assert_error(client.post("/api/v1/diagnostic", headers=headers, json={}), 401)


def test_an_integration_account_is_not_a_learner(app, make_user, api):
    machine = api(make_user(roles=("integration",), password=None))
    assert_error(machine.get("/api/v1/me"), 403, "forbidden")
    assert_error(machine.get("/api/v1/me/path"), 403, "forbidden")
    assert_error(machine.post("/api/v1/conduct-guide/1/acknowledgments"), 403, "forbidden")


def test_every_error_has_the_error_shape(app, catalogue, make_user, api):
    client = api(make_user(password=None))
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.get("/api/v1/courses/no-such-course"), 404, "course_not_found")
    assert_error(client.post("/api/v1/lessons/987654/complete"), 404, "lesson_not_found")
    assert_error(client.post("/api/v1/me"), 405)
    assert_error(client.get("/api/v1/lessons/1/complete"), 405)
    assert_error(client.post("/api/v1/conduct-guide/7/acknowledgments"), 409, "not_current_version")
    assert_error(client.post("/api/v1/diagnostic", json={"answers": {}}), 422, "invalid_answers")
    assert_error(client.post("/api/v1/diagnostic", json={}), 422)
    assert_error(client.post("/api/v1/diagnostic", json={"answers": {}, "more": 1}), 422)
    assert_error(
        client.post("/api/v1/courses/core-conduct/quiz-attempts", json={"answers": {"x": 1}}), 422
    )


def test_a_body_too_large_is_refused_with_the_error_shape(app, make_user, api):
    client = api(make_user(password=None))
    body = '{"answers": {}, "padding": "' + "x" * (3 * 1024 * 1024) + '"}'
    response = client.client.post(
        "/api/v1/diagnostic", headers=client.headers, data=body, content_type="application/json"
    )
    assert_error(response, 413)
    assert response.json["error"]["message"] == "The request is too large."


BAD_BODIES = [
    pytest.param({"data": "{not json", "content_type": "application/json"}, id="malformed"),
    pytest.param({"data": '{"answers": ', "content_type": "application/json"}, id="truncated"),
    pytest.param({"data": b"\xff\xfe\x00", "content_type": "application/json"}, id="not-utf8"),
    pytest.param({"json": [1, 2]}, id="array"),
    pytest.param({"json": "answers"}, id="string"),
    pytest.param({"json": 42}, id="number"),
    pytest.param({"data": "null", "content_type": "application/json"}, id="null"),
    pytest.param({"json": {"answers": [["a", "b"]]}}, id="answers-array"),
    pytest.param({"json": {"answers": "a"}}, id="answers-string"),
    pytest.param({"json": {"answers": None}}, id="answers-null"),
    pytest.param({"json": {"answers": {"1": {"a": 1}, "2": [3], "3": None}}}, id="nested"),
    pytest.param({"json": {"answers": {"1": 10**30, "99999999999999999999": 1}}}, id="huge"),
    pytest.param({"json": {"answers": {"1": True, "-1": -1, "1.5": 1.5}}}, id="odd-values"),
    pytest.param({"data": "answers=1", "content_type": "text/plain"}, id="text"),
    pytest.param({"data": "answers=1"}, id="form"),
    pytest.param({}, id="no-body"),
]


@pytest.mark.parametrize("body", BAD_BODIES)
@pytest.mark.parametrize(
    "url", ["/api/v1/diagnostic", "/api/v1/courses/core-conduct/quiz-attempts"]
)
def test_a_bad_body_is_a_json_4xx_never_a_500(app, catalogue, make_user, api, url, body):
    client = api(make_user(password=None))
    response = client.client.post(url, headers=client.headers, **body)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)
    assert client.get("/api/v1/me").json["level"] is None


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/lessons/99999999999999999999999/complete"),
        ("post", "/api/v1/lessons/9223372036854775808/complete"),
        ("get", "/api/v1/courses/" + "x" * 5000),
        ("get", "/api/v1/courses/%00%ff"),
        ("post", "/api/v1/courses/%C3%A9t%C3%A9/quiz-attempts"),
    ],
)
def test_odd_addresses_are_a_json_4xx_never_a_500(app, catalogue, make_user, api, method, url):
    client = api(make_user(password=None))
    response = getattr(client, method)(url)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_odd_addresses_in_pages_are_a_404_never_a_500(app, catalogue, make_user, client, login):
    login(make_user())
    for url in (
        "/courses/core-conduct/quiz/attempts/99999999999999999999999",
        "/hr/employees/99999999999999999999999/level",
    ):
        assert client.get(url).status_code in (403, 404)
