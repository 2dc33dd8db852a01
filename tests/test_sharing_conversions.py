"""`POST /api/v1/conversions`: a sign-up counts once per reference, even when reported
twice at the same moment, and is attributed only within the window after a click."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.client import HTTPConnection

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from learning.extensions import db
from learning.sharing import services as sharing
from learning.sharing.models import Click, Conversion
from learning.transaction import unit_of_work
from tests.test_sharing import acknowledge

URL = "/api/v1/conversions"
NOW = datetime(2026, 7, 1, 12, 0, 0, tzinfo=UTC)
WAIT = 30


@pytest.fixture
def code(catalogue, make_user, hub_item) -> str:
    sharer = make_user(level="native")
    acknowledge(sharer)
    item = hub_item()
    with unit_of_work():
        return sharing.create_share(sharer, item.id, "linkedin").code


@pytest.fixture
def integration(make_user, api):
    return api(make_user(roles=("integration",), password=None))


def conversions() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Conversion.reference, Conversion.attributed).order_by(Conversion.id)
    ).all()


def add_click(code: str, clicked_at: datetime, kind: str = "person") -> None:
    with unit_of_work():
        share_id = db.session.execute(
            sa.text("SELECT id FROM shares WHERE code = :code"), {"code": code}
        ).scalar_one()
        db.session.add(Click(share_id=share_id, kind=kind, visitor="v", clicked_at=clicked_at))


def test_the_first_report_counts_a_repeat_is_acknowledged_only(code, integration):
    add_click(code, datetime.now(UTC))
    first = integration.post(URL, json={"code": code, "reference": "signup-1"})
    assert first.status_code == 201
    assert set(first.json) == {"id", "code", "reference", "attributed"}
    assert (first.json["code"], first.json["reference"], first.json["attributed"]) == (
        code,
        "signup-1",
        True,
    )

    repeat = integration.post(URL, json={"code": code, "reference": "signup-1"})
    assert repeat.status_code == 200
    assert repeat.json == first.json
    assert conversions() == [("signup-1", True)]


def test_an_admin_may_report_an_employee_may_not(code, make_user, api):
    admin = api(make_user(roles=("admin",), level="native"))
    assert admin.post(URL, json={"code": code, "reference": "a"}).status_code == 201
    employee = api(make_user(level="native"))
    refused = employee.post(URL, json={"code": code, "reference": "b"})
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "forbidden")
    assert [reference for reference, _ in conversions()] == ["a"]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"code": "NoSuchCode12", "reference": "r"}, 404, "unknown_code"),
        ({"code": "x" * 500, "reference": "r"}, 404, "unknown_code"),
        ({"code": "CODE", "reference": "r" * 201}, 422, "validation_error"),
        ({"code": "CODE", "reference": ""}, 422, "validation_error"),
        ({"code": "CODE"}, 422, "validation_error"),
        ({"code": "CODE", "reference": 12}, 422, "validation_error"),
    ],
)
def test_bad_reports_are_a_clear_4xx_and_record_nothing(code, integration, body, status, error):
    body = {key: code if value == "CODE" else value for key, value in body.items()}
    response = integration.post(URL, json=body)
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == error
    assert conversions() == []


def test_a_reference_of_200_characters_is_accepted(code, integration):
    assert integration.post(URL, json={"code": code, "reference": "r" * 200}).status_code == 201


def test_malformed_json_is_a_400(code, integration):
    response = integration.client.post(
        URL, data="{'code': 1", headers={**integration.headers, "Content-Type": "application/json"}
    )
    assert (response.status_code, response.json["error"]["code"]) == (400, "invalid_json")
    assert conversions() == []


@pytest.mark.parametrize(
    ("clicked_before", "kind", "attributed"),
    [
        (timedelta(days=30), "person", True),  # exactly at the boundary: it counts
        (timedelta(days=30, seconds=1), "person", False),
        (timedelta(days=2), "person", True),
        (timedelta(days=2), "bot", False),  # only a counted click attributes
        (timedelta(days=2), "self", False),
        (-timedelta(seconds=1), "person", False),  # a click after the report
    ],
)
def test_the_attribution_window_at_its_boundary(
    code, integration, monkeypatch, clicked_before, kind, attributed
):
    monkeypatch.setattr(sharing, "utcnow", lambda: NOW)
    add_click(code, NOW - clicked_before, kind)
    response = integration.post(URL, json={"code": code, "reference": "s"})
    assert response.status_code == 201
    assert response.json["attributed"] is attributed
    assert conversions() == [("s", attributed)]  # recorded either way


def test_the_window_is_configurable(app, code, integration, monkeypatch):
    app.config["ATTRIBUTION_WINDOW_DAYS"] = 7
    monkeypatch.setattr(sharing, "utcnow", lambda: NOW)
    add_click(code, NOW - timedelta(days=8))
    assert integration.post(URL, json={"code": code, "reference": "late"}).json["attributed"] is (
        False
    )
    add_click(code, NOW - timedelta(days=7))
    assert integration.post(URL, json={"code": code, "reference": "ok"}).json["attributed"] is True


def test_the_same_reference_sent_twice_at_once_counts_once(app, code, integration):
    """A served application, two connections at the same moment, for several references:
    one 201 and one 200 each, one row each (the unique key decides)."""
    references = [f"same-moment-{number}" for number in range(5)]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    start = threading.Barrier(2 * len(references), timeout=WAIT)

    def report(reference: str) -> int:
        connection = HTTPConnection("127.0.0.1", server.server_port, timeout=WAIT)
        body = json.dumps({"code": code, "reference": reference})
        headers = {**integration.headers, "Content-Type": "application/json"}
        start.wait()
        connection.request("POST", URL, body=body, headers=headers)
        status = connection.getresponse().status
        connection.close()
        return status

    try:
        with ThreadPoolExecutor(max_workers=2 * len(references)) as pool:
            statuses = list(pool.map(report, [r for r in references for _ in range(2)]))
    finally:
        server.shutdown()
        thread.join(WAIT)
    for number in range(len(references)):
        assert sorted(statuses[2 * number : 2 * number + 2]) == [200, 201], statuses
    assert sorted(reference for reference, _ in conversions()) == references
