"""`demo seed` gives a roster worth reporting on, and docs/roster-sample.csv imports into
it cleanly, through the command line."""

import csv
import io
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.auth.models import User
from learning.database import utcnow
from learning.demo import DEMO_PASSWORD
from learning.extensions import db
from tests.conftest import REAL_COURSES

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "roster-sample.csv"


@pytest.fixture
def app_config(app_config):
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    return app_config


@pytest.fixture
def demo(app, runner):
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0


def test_the_demo_roster_has_departments_sites_managers_and_a_small_team(demo):
    people = list(db.session.execute(sa.select(User)).scalars())
    departments = Counter(user.department for user in people)
    assert len(departments) >= 6
    assert departments["Legal"] == 3  # under the small-group minimum of 5
    assert {user.site for user in people} == {"Paris", "Lyon", "Nantes"}
    assert sum(user.manager_id is not None for user in people) >= 40
    today = utcnow().date()
    hired = [user.hire_date for user in people]
    assert all(today - timedelta(days=366) <= day <= today for day in hired)
    long_ago = [user for user in people if user.hire_date < today - timedelta(days=30)]
    recent = [user for user in people if user.hire_date >= today - timedelta(days=30)]
    assert len(long_ago) >= 20 and len(recent) >= 3


def test_the_sample_csv_imports_cleanly_into_the_demo(demo, runner, outbox):
    lines = SAMPLE.read_text().splitlines()
    assert 20 <= len(lines) - 1 <= 40
    preview = runner.invoke(args=["employees", "import", str(SAMPLE)])
    assert preview.exit_code == 0, preview.output
    assert "rejected 0" in preview.output
    applied = runner.invoke(args=["employees", "import", str(SAMPLE), "--apply"])
    assert applied.exit_code == 0, applied.output
    pauline = accounts.find_user_by_email("pauline.people@example.com")
    assert pauline.manager.email == "romain.people@example.com"
    assert len(outbox) == sum("@example.com" in line for line in lines) - 8


def test_the_demo_has_people_who_must_acknowledge_the_guides_new_version(demo, api, client):
    hr = accounts.find_user_by_email("hr@example.com")
    totals = api(hr).get("/api/v1/reports/coverage").json
    assert totals["must_reacknowledge"] >= 3
    assert 10 <= totals["acknowledged_current_guide"] < totals["employees"]
    assert totals["overdue"] >= 5
    # The reminders page lists them, for the guide alone when their path is done.
    client.post("/auth/login", data={"email": hr.email, "password": DEMO_PASSWORD})
    reminders = client.get("/hr/reminders").text
    figure = f'data-total="must_reacknowledge">{totals["must_reacknowledge"]}</p>'
    assert figure in reminders
    assert "<td>Conduct guide</td>" in reminders


def impact_csv(client, table: str) -> list[list[str]]:
    response = client.get(f"/analytics/impact/{table}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_demo_gives_the_training_impact_report_something_to_compare(demo, client):
    client.post("/auth/login", data={"email": "hr@example.com", "password": DEMO_PASSWORD})
    header, *rows = impact_csv(client, "levels")
    everyone = {row[1]: dict(zip(header, row, strict=True)) for row in rows[:2]}
    completed, others = everyone["yes"], everyone["no"]
    assert int(completed["People"]) >= 20 and int(others["People"]) >= 20
    # Those who finished their path shared, within 30 days for many of them.
    assert int(completed["Shared within 30 days (%)"]) >= 20
    assert int(completed["Shared within 90 days (%)"]) > int(others["Shared within 90 days (%)"])
    assert float(completed["Counted clicks per sharer"]) > 0
    # A few retook the questionnaire: some moved, some stayed.
    _header, *moves = impact_csv(client, "transitions")
    assert sum(int(people) for _first, _latest, people in moves) >= 5
    assert any(first != latest for first, latest, _people in moves)
    assert any(first == latest for first, latest, _people in moves)
