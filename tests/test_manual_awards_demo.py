"""`demo seed` gives the audit of awards rows: recognitions by the champion and an admin,
with their reasons, and one revoked by HR."""

import pytest
import sqlalchemy as sa

from learning.badges.models import Award, AwardAudit
from learning.extensions import db
from tests.conftest import REAL_COURSES
from tests.recognition_data import make_badge


@pytest.fixture
def app_config(app_config):
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    return app_config


def test_the_demo_has_recognitions_and_a_revocation_in_the_audit(app, runner, client):
    # The badge definitions declare the manual badges; these stand in for them here.
    make_badge("demo-expert", name="Expert voice")
    make_badge("demo-mentor", name="Mentor", image="mentor.png")
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    actions = db.session.scalars(sa.select(AwardAudit.action)).all()
    assert actions.count("awarded") >= 3
    assert actions.count("revoked") == 1
    assert all(reason for reason in db.session.scalars(sa.select(AwardAudit.reason)))
    revoked = db.session.scalar(sa.select(Award).where(Award.revoked_at.is_not(None)))
    assert revoked.revocation_reason

    client.post("/auth/login", data={"email": "hr@example.com", "password": "learn-safely-2026"})
    page = client.get("/badges/audit")
    assert "Chloé Martin" in page.text and "Revoked" in page.text
    champion = app.test_client()
    champion.post(
        "/auth/login", data={"email": "champion@example.com", "password": "learn-safely-2026"}
    )
    assert "more awards this month (of 5)" in champion.get("/badges/award").text
