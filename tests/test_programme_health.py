"""The programme's health, month by month, against figures computed by hand.

Months are named by their distance from the month in progress (M0): M-3 is three
months ago. Who shared when:

    person   M-5  M-4  M-3  M-2  M-1  M0
    ulla      1
    uma            2    1              1
    ugo            1    1
    ursula         1         1
    (ulla also shared 14 months ago, before the twelve shown: she is no first-timer)

    active:      M-5 1, M-4 3, M-3 2, M-2 1, M-1 0, M0 1 (none before M-5)
    first-time:  M-4 3 (uma, ugo, ursula)
    lapsed:      M-4 1 (ulla), M-3 1 (ursula), M-2 2 (uma, ugo), M-1 1 (ursula)
    events held: M-3 one with 2 attendances; M-2 one with none; M0 one already
                 past with 1 attendance (and one later this month, not held yet)

The last three finished months, M-3, M-2, M-1, have 2, 1, 0 active sharers: fallen
two months in a row, so the page warns.
"""

from datetime import timedelta

import pytest

from learning.analytics.rollup import midnight
from learning.database import utcnow
from learning.extensions import db
from learning.programme import health
from learning.programme.models import EventAttendance, ProgrammeEvent
from learning.sharing.models import Share
from learning.transaction import unit_of_work
from tests.test_leaderboard import Activity


def month_start(now, offset: int):
    number = health.month_number(now.date()) + offset
    return midnight(health.first_day(number))


def in_month(now, offset: int):
    """The middle of that month; for the month in progress, earlier today."""
    if offset == 0:
        start = month_start(now, 0)
        return start + (now - start) / 2
    return month_start(now, offset) + timedelta(days=14, hours=12)


@pytest.fixture
def world(make_user):
    champion = make_user(roles=("champion",), name="Carla Champion")
    activity = Activity(champion)
    now = utcnow()
    people = {name: make_user(name=name.title()) for name in ("ulla", "uma", "ugo", "ursula")}
    plan = {
        "ulla": [-14, -5],
        "uma": [-4, -4, -3, 0],
        "ugo": [-4, -3],
        "ursula": [-4, -2],
    }
    for name, offsets in plan.items():
        for offset in offsets:
            activity.share(people[name], at=in_month(now, offset))
    with unit_of_work():
        events = []
        for offset, attendees in ((-3, ["ulla", "uma"]), (-2, []), (0, ["ugo"])):
            event = ProgrammeEvent(
                kind="workshop",
                title=f"Workshop {offset}",
                starts_at=in_month(now, offset),
                audience="everyone",
                created_by_id=champion.id,
            )
            db.session.add(event)
            db.session.flush()
            events.append(event)
            for name in attendees:
                db.session.add(
                    EventAttendance(
                        event_id=event.id, user_id=people[name].id, recorded_by_id=champion.id
                    )
                )
        next_month = month_start(now, 1)
        db.session.add(
            ProgrammeEvent(
                kind="training",
                title="Later this month",
                starts_at=now + (next_month - now) / 2,
                audience="everyone",
                created_by_id=champion.id,
            )
        )
    return {"now": now, "people": people, "activity": activity, "champion": champion}


EXPECTED = {
    # offset: (active, first-time, lapsed, events, attendances)
    -11: (0, 0, 0, 0, 0),
    -5: (1, 0, 0, 0, 0),
    -4: (3, 3, 1, 0, 0),
    -3: (2, 0, 1, 1, 2),
    -2: (1, 0, 2, 1, 0),
    -1: (0, 0, 1, 0, 0),
    0: (1, 0, 0, 1, 1),
}


def test_the_figures_of_each_month(world):
    report = health.programme_health()

    assert len(report.months) == 12
    by_offset = {index - 11: month for index, month in enumerate(report.months)}
    assert by_offset[0].in_progress and not by_offset[-1].in_progress
    assert by_offset[-11].starts_on == month_start(world["now"], -11).date()
    for offset, month in by_offset.items():
        expected = EXPECTED.get(offset, (0, 0, 0, 0, 0))
        got = (month.active, month.first_time, month.lapsed, month.events, month.attendances)
        assert got == expected, offset
    assert report.falling is True


def test_no_warning_when_participation_holds(world):
    # Ugo shares last month too: 2, 1, 1 is not a fall two months in a row.
    world["activity"].share(world["people"]["ugo"], at=in_month(world["now"], -1))
    report = health.programme_health()
    assert [m.active for m in report.months[-4:-1]] == [2, 1, 1]
    assert report.falling is False


def test_the_page_the_chart_data_and_the_csv(client, login, world):
    login(world["champion"])
    page = client.get("/programme/")
    assert page.status_code == 200
    assert "Participation has fallen two months in a row." in page.text
    label = month_start(world["now"], -4).strftime("%Y-%m")
    assert (
        f'<tr data-month="{label}"><th scope="row">{label}</th><td>3</td><td>3</td><td>1</td>'
        in (page.text)
    )
    assert 'id="chart-health"' in page.text and "<script>" not in page.text

    data = client.get("/programme/health.json").json["health"]
    assert data["active"][-5:] == [3, 2, 1, 0, 1]
    assert data["labels"][-5] == label and data["first_time"][-5] == 3

    exported = client.get("/programme/health.csv")
    assert exported.mimetype == "text/csv"
    lines = exported.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Month,Active sharers,First-time sharers,Lapsed sharers,Events held,Attendances"
    )
    assert f"{label},3,3,1,0,0" in lines


def test_the_health_page_is_for_champions_hr_and_admins(client, login, make_user):
    login(make_user())
    assert client.get("/programme/").status_code == 403


def test_health_reads_a_fixed_number_of_statements(world):
    from sqlalchemy import event

    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        health.programme_health()
        few = len(seen)
        for offset in range(-10, 0):
            world["activity"].share(world["people"]["ulla"], at=in_month(world["now"], offset))
        seen.clear()
        health.programme_health()
        assert len(seen) == few == 4
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert db.session.query(Share).count() > 10
