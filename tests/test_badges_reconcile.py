"""The reconciliation that turns clicks and sign-ups into badges without touching the
redirect: it picks them up by itself, survives a crash, gives one award to a race, and
costs the same whatever a person's history."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.badges import reconcile, rules, services
from learning.badges.models import Award, Badge, BadgeCounter, BadgeWatermark
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.badge_helpers import (
    awarded,
    clicks,
    share,
    signups,
)

WAIT = 30


def watermark() -> BadgeWatermark:
    db.session.expire_all()
    return db.session.get(BadgeWatermark, reconcile.STATE_ID)


def counter(person) -> tuple[int, int]:
    db.session.expire_all()
    row = db.session.get(BadgeCounter, person.id)
    return (row.clicks, row.signups) if row else (0, 0)


def test_clicks_and_sign_ups_are_picked_up_and_counted_once(badges, sharer):
    person, other = sharer(), sharer()
    made = share(person)
    clicks(made, 6)
    clicks(share(other), 2)
    signups(made, 1)
    with unit_of_work():
        done = reconcile.reconcile()
    assert (done.clicks, done.signups) == (8, 1)
    assert counter(person) == (6, 1) and counter(other) == (2, 0)
    assert "first-signup" in awarded(person)
    with unit_of_work():
        again = reconcile.reconcile()
    assert (again.clicks, again.signups) == (0, 0)
    assert counter(person) == (6, 1)
    clicks(made, 4)
    with unit_of_work():
        reconcile.reconcile()
    assert counter(person) == (10, 1)
    assert "clicks-10" in awarded(person)


def test_a_click_still_settling_waits_for_the_next_run(badges, sharer):
    from learning.database import utcnow

    person = sharer()
    clicks(share(person), 10, at=utcnow())
    with unit_of_work():
        reconcile.reconcile(now=utcnow() - reconcile.SETTLING)
    assert counter(person) == (0, 0)
    with unit_of_work():
        reconcile.reconcile(now=utcnow() + reconcile.SETTLING)
    assert counter(person) == (10, 0)
    assert "clicks-10" in awarded(person)


def test_a_run_that_dies_moves_nothing_and_the_next_one_counts_everything_once(
    badges, sharer, monkeypatch
):
    person = sharer()
    clicks(share(person), 10)
    before = watermark().last_click_id if watermark() else 0

    def die(*args, **kwargs):
        raise RuntimeError("the process died")

    monkeypatch.setattr(services, "evaluate", die)
    with pytest.raises(RuntimeError), unit_of_work():
        reconcile.reconcile()
    assert counter(person) == (0, 0)
    assert (watermark().last_click_id if watermark() else 0) == before
    monkeypatch.undo()
    with unit_of_work():
        reconcile.reconcile()
    assert counter(person) == (10, 0)
    assert "clicks-10" in awarded(person)


def test_the_background_thread_awards_within_its_interval(app, badges, sharer):
    person = sharer()
    clicks(share(person), 10)
    app.config.update(BADGES_RECONCILE_IN_BACKGROUND=True, BADGES_RECONCILE_SECONDS=0.2)
    thread = reconcile.start_in_background(app)
    try:
        assert thread is not None and thread.daemon
        assert reconcile.start_in_background(app) is None  # one thread per process
        deadline = time.monotonic() + WAIT
        while "clicks-10" not in awarded(person) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "clicks-10" in awarded(person)
    finally:
        reconcile.stop_in_background(app)
        thread.join(WAIT)
    assert not thread.is_alive()


def test_no_thread_is_started_under_tests_unless_asked(app):
    assert not reconcile.runs_in_background(app)
    assert reconcile.start_in_background(app) is None


def test_the_badges_page_catches_up_when_nobody_reconciled_for_a_minute(
    badges, sharer, client, login
):
    person = sharer()
    clicks(share(person), 10)
    login(person)
    page = client.get("/badges/")
    assert "10 clicks brought" in page.text
    assert "clicks-10" in awarded(person)


def test_two_concurrent_evaluations_give_one_award(app, badges, sharer):
    """Threads on the application's pool, each its own unit of work, all at once."""
    person = sharer()
    clicks(share(person), 10)
    with unit_of_work():
        reconcile._add_to_counters("clicks", {person.id: 10})  # counted, not yet awarded
    person_id = person.id
    tasks = 8
    start = threading.Barrier(tasks, timeout=WAIT)

    def evaluate() -> int:
        with app.app_context():
            someone = db.session.get(User, person_id)
            start.wait()
            with unit_of_work():
                given = services.evaluate(someone, rules.IMPACT_KINDS)
            db.session.remove()
            return len(given)

    with ThreadPoolExecutor(max_workers=tasks) as pool:
        given = [
            future.result(timeout=WAIT) for future in [pool.submit(evaluate) for _ in range(tasks)]
        ]
    assert sum(given) == 1
    rows = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Award)
        .join(Badge)
        .where(Award.user_id == person_id, Badge.slug == "clicks-10")
    )
    assert rows == 1


def _statements(app):
    counted = []

    def count(conn, cursor, statement, parameters, context, executemany):
        counted.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    return counted, lambda: sa.event.remove(db.engine, "before_cursor_execute", count)


def _history(sharer, size: int):
    person = sharer()
    networks = ("linkedin", "x", "facebook", "email", "whatsapp")
    for number in range(size):
        clicks(share(person, networks[number % len(networks)]), 1)
    with unit_of_work():
        reconcile.reconcile()
    return person


def test_evaluating_an_event_costs_the_same_whatever_the_history(app, badges, sharer):
    every_kind = set(services.AUTOMATIC_KINDS)
    costs = {}
    for size in (1, 50):
        person = _history(sharer, size)
        counted, stop = _statements(app)
        try:
            rules.read_facts(person, every_kind)
            facts_cost = len(counted)
            with unit_of_work():
                services.evaluate(person, (*rules.SHARING_KINDS, *rules.IMPACT_KINDS))
        finally:
            stop()
        costs[size] = (facts_cost, len(counted))
    assert costs[1][0] == costs[50][0], costs
    # Evaluation adds a statement or two per badge it awards, never per share or click.
    assert costs[1][1] <= 24 and costs[50][1] <= 24, costs


def test_concurrent_reconciliations_count_every_click_once(app, badges, sharer):
    person = sharer()
    clicks(share(person), 25)
    with unit_of_work():
        reconcile._locked_state()  # the watermark row exists, as after a first run
    tasks = 4
    start = threading.Barrier(tasks, timeout=WAIT)

    def run() -> bool:
        with app.app_context():
            start.wait()
            try:
                with unit_of_work():
                    return reconcile.reconcile().ran
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=tasks) as pool:
        ran = [future.result(timeout=WAIT) for future in [pool.submit(run) for _ in range(tasks)]]
    assert any(ran)
    assert counter(person) == (25, 0)
    assert "clicks-10" in awarded(person)


def test_an_objective_sharers_are_evaluated_once_when_it_is_reached(
    badges, sharer, objective, hub_item
):
    from datetime import timedelta

    from learning.database import utcnow

    goal = objective(metric="shares", target=2, starts_on=utcnow().date() - timedelta(days=5))
    item = hub_item(objective_id=goal.id)
    first, second, other = sharer(), sharer(), sharer()
    share(first, item_id=item.id)
    share(second, item_id=item.id)
    with unit_of_work():
        done = reconcile.reconcile()
    assert done.people == 2
    assert "objective-reached" in awarded(first) and "objective-reached" in awarded(second)
    clicks(share(other), 1)
    with unit_of_work():
        later = reconcile.reconcile()
    assert later.people == 1  # the one whose clicks moved, not the objective's sharers again
