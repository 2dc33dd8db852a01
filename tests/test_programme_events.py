"""Champions schedule programme events, people see those meant for them, and the
champion records who attended. Bad input: a clear error, nothing written."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learning.database import utcnow
from learning.extensions import db
from learning.programme import events
from learning.programme.models import EventAttendance, ProgrammeEvent
from learning.transaction import unit_of_work
from tests.conftest import PASSWORD
from tests.test_leaderboard import Activity


def event_count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(ProgrammeEvent)).scalar()


def form(**values) -> dict:
    soon = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    return {
        "kind": "workshop",
        "title": "Sharing clinic",
        "starts_at": soon,
        "recurrence": "none",
        "audience": "everyone",
        "department": "",
        "objective_id": "",
        **values,
    }


@pytest.fixture
def champion(make_user, client, login):
    person = make_user(roles=("champion",), name="Carla Champion", department="Marketing")
    login(person)
    return person


def test_a_champion_schedules_an_event(client, champion):
    response = client.post("/programme/events/new", data=form())
    assert response.status_code == 302
    made = db.session.scalars(sa.select(ProgrammeEvent)).one()
    assert (made.title, made.kind, made.audience, made.recurrence) == (
        "Sharing clinic",
        "workshop",
        "everyone",
        "none",
    )
    assert made.created_by_id == champion.id
    assert "Sharing clinic" in client.get("/programme/events").text


@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": "   "}, "Give the event a title."),
        ({"starts_at": "2020-01-01T10:00"}, "A new event starts in the future, not in the past."),
        ({"starts_at": ""}, "Give the date and time the event starts."),
        ({"audience": "the-board"}, "Unknown audience"),
        ({"audience": "department", "department": "Nowhere"}, "Choose a department"),
        ({"audience": "department"}, "Choose a department"),
        ({"audience": "objective"}, "Choose the objective whose sharers are invited."),
        ({"audience": "objective", "objective_id": "424242"}, "Choose the objective"),
        ({"kind": "party"}, "Not a valid choice"),
        ({"recurrence": "weekly"}, "Not a valid choice"),
        ({"title": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client, champion, values, message):
    response = client.post("/programme/events/new", data=form(**values))
    assert response.status_code == 200
    assert message in response.text
    assert event_count() == 0


@pytest.mark.parametrize("recurrence, count, step", [("monthly", 12, 1), ("quarterly", 4, 3)])
def test_a_recurring_event_is_its_occurrences_for_a_year(champion, recurrence, count, step):
    first = datetime(2099, 1, 31, 9, 30, tzinfo=UTC)
    with unit_of_work():
        made = events.create_event(
            champion,
            kind="quarterly_review" if step == 3 else "training",
            title="Review",
            starts_at=first,
            audience="everyone",
            recurrence=recurrence,
        )
    stored = db.session.scalars(sa.select(ProgrammeEvent).order_by(ProgrammeEvent.starts_at)).all()
    assert len(stored) == len(made) == count
    assert {event.series_id for event in stored} == {stored[0].id}
    months = [(event.starts_at.year, event.starts_at.month) for event in stored]
    assert months == [(2099 + (step * n) // 12, (step * n) % 12 + 1) for n in range(count)]
    # The 31st where the month has one, else the month's last day; always 09:30 UTC.
    assert stored[1].starts_at.day == (28 if step == 1 else 30)
    assert {(event.starts_at.hour, event.starts_at.minute) for event in stored} == {(9, 30)}


def test_people_see_the_events_meant_for_them(app, make_user, champion):
    activity = Activity(champion)
    sales = make_user(name="Sally Sales", department="Sales")
    finance = make_user(name="Fred Finance", department="Finance")
    activity.share(finance)  # Fred shared for the launch objective
    soon = utcnow() + timedelta(days=3)
    with unit_of_work():
        events.create_event(
            champion, kind="workshop", title="For all", starts_at=soon, audience="everyone"
        )
        events.create_event(
            champion,
            kind="training",
            title="For sales",
            starts_at=soon,
            audience="department",
            department="Sales",
        )
        events.create_event(
            champion,
            kind="workshop",
            title="For launch sharers",
            starts_at=soon,
            audience="objective",
            objective_id=activity.objective.id,
        )
    assert [e.title for e in events.upcoming_for(sales)] == ["For all", "For sales"]
    assert [e.title for e in events.upcoming_for(finance)] == ["For all", "For launch sharers"]

    client = app.test_client()
    client.post("/auth/login", data={"email": sales.email, "password": PASSWORD})
    page = client.get("/programme/events")
    assert "For sales" in page.text and "For launch sharers" not in page.text
    assert "Schedule an event" not in page.text  # an employee only sees what is for them
    assert "For sales" in client.get("/progress/").text  # the dashboard card


def test_attendance_is_recorded_once_the_event_has_started(client, login, make_user, champion):
    alice, bob = make_user(name="Alice"), make_user(name="Bob")
    with unit_of_work():
        coming = events.create_event(
            champion,
            kind="workshop",
            title="Coming",
            starts_at=utcnow() + timedelta(days=1),
            audience="everyone",
        )[0]
        held = events.create_event(
            champion,
            kind="workshop",
            title="Held",
            starts_at=utcnow() + timedelta(minutes=1),
            audience="everyone",
        )[0]
        held.starts_at = utcnow() - timedelta(hours=1)  # time has passed since
    url = f"/programme/events/{coming.id}/attendance"
    response = client.post(url, data={"attended": [str(alice.id)]}, follow_redirects=True)
    assert "Attendance is recorded once the event has started." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EventAttendance)) == 0

    url = f"/programme/events/{held.id}/attendance"
    page = client.get(url)
    assert "Alice" in page.text and "Bob" in page.text
    response = client.post(url, data={"attended": [str(alice.id), str(bob.id)]})
    assert response.status_code == 302
    assert events.attendee_ids(held) == {alice.id, bob.id}
    # Recorded again: exactly who is ticked now.
    client.post(url, data={"attended": [str(bob.id)]})
    db.session.expire_all()
    assert events.attendee_ids(held) == {bob.id}

    for bad in (["424242"], ["abc"], ["1" * 30], ["²"]):
        page = client.post(url, data={"attended": bad}, follow_redirects=True)
        assert page.status_code == 200
        assert "Unknown people" in page.text or "Tick the people who attended." in page.text
        assert events.attendee_ids(held) == {bob.id}


def test_an_unknown_event_is_a_404(client, champion):
    assert client.get("/programme/events/424242/attendance").status_code == 404


def test_only_champions_and_admins_schedule(client, login, make_user):
    login(make_user(roles=("hr",)))
    assert client.get("/programme/events/new").status_code == 403
    assert client.post("/programme/events/new", data=form()).status_code == 403
    assert event_count() == 0
