"""`demo seed` gives every programme page something to show on first run."""

import pytest

from learning.auth.models import User
from learning.extensions import db
from tests.conftest import REAL_COURSES

DEMO_PASSWORD = "learn-safely-2026"


@pytest.fixture
def app_config(app_config):
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    return app_config


def signed_in(app, email):
    web = app.test_client()
    web.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
    return web


def test_the_demo_programme(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    opted = {u.email for u in db.session.query(User).filter(User.leaderboard_opt_in.is_(True))}
    assert "nadia@example.com" in opted and "ines@example.com" not in opted

    employee = signed_in(app, "employee@example.com")
    board = employee.get("/programme/leaderboard")
    assert "Nadia Benali" in board.text and "Inès Garcia" not in board.text
    assert "not shown." in board.text
    assert "Monthly sharing clinic" in employee.get("/programme/events").text

    ines = signed_in(app, "ines@example.com").get("/programme/leaderboard")
    assert "Inès Garcia" in ines.text and "only you can see this" in ines.text

    champion = signed_in(app, "champion@example.com")
    health = champion.get("/programme/")
    assert health.status_code == 200
    events = champion.get("/programme/events").text
    assert "Quarterly review of the programme" in events and "Sales stories workshop" in events

    candidates = signed_in(app, "hr@example.com").get("/programme/candidates").text
    assert "<td>7</td>" in candidates and "<td>10</td>" in candidates
    assert '<td class="suitable">Yes</td>' in candidates
    assert '<td class="suitable">No</td>' in candidates
