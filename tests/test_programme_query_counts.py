"""The programme's pages run a fixed number of SQL statements, whatever the data."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from learning.database import utcnow
from learning.extensions import db
from learning.programme import candidates, events
from learning.transaction import unit_of_work
from tests.test_leaderboard import Activity


@pytest.fixture
def statements_for(client):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    def measure(url: str) -> int:
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        client.get(url)  # anything a first visit does once (the rollups)
        db.session.expire_all()
        g.pop("_login_user", None)
        seen.clear()
        assert client.get(url).status_code == 200, url
        return len(seen)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield measure
    sa.event.remove(db.engine, "before_cursor_execute", count)


def grow(champion, hr, make_user, activity, number: int, offset: int) -> None:
    with unit_of_work():
        for n in range(number):
            person = make_user(department="Sales")
            events.create_event(
                champion,
                kind="workshop",
                title=f"Workshop {offset + n}",
                starts_at=datetime(2099, 1, 1, tzinfo=UTC) + timedelta(days=offset + n),
                audience="objective" if n % 2 else "department",
                department=None if n % 2 else "Sales",
                objective_id=activity.objective.id if n % 2 else None,
                recurrence="quarterly",
            )
            candidates.rate(hr, person.email, dict.fromkeys(candidates.CRITERION_LABELS, 2))
            activity.share(person, at=utcnow() - timedelta(days=n), clicks=n % 3)


@pytest.mark.parametrize(
    "url, role",
    [
        ("/programme/events", "champion"),
        ("/programme/events", "employee"),
        ("/programme/candidates", "hr"),
        ("/programme/", "champion"),
        ("/programme/leaderboard?period=all", "hr"),
        ("/progress/", "employee"),
    ],
)
def test_a_fixed_number_of_statements(login, make_user, statements_for, url, role):
    champion = make_user(roles=("champion",), department="Marketing")
    hr = make_user(roles=("hr",), department="Sales")
    activity = Activity(champion)
    viewer = {"champion": champion, "hr": hr}.get(role) or make_user(department="Sales")
    login(viewer)
    grow(champion, hr, make_user, activity, 2, 0)
    few = statements_for(url)
    grow(champion, hr, make_user, activity, 12, 100)
    assert statements_for(url) == few
