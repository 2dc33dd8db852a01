"""`demo seed` gives a roster worth reporting on, and docs/roster-sample.csv imports into
it cleanly, through the command line."""

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.auth.models import User
from learning.database import utcnow
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
