"""Two raters' or champions' submissions at the same moment, on real threads: the
database's keys decide, and the loser of the race is quiet (no error, one row)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db
from learning.programme import candidates, events
from learning.programme.models import CandidateRating, EventAttendance, ProgrammeEvent
from learning.transaction import unit_of_work

THREADS = 8
WAIT = 30  # seconds: far more than the burst needs, so a hang fails the test


def burst(app, work) -> list:
    start = threading.Barrier(THREADS, timeout=WAIT)

    def run(number: int):
        with app.app_context():
            start.wait()
            with unit_of_work():
                return work(number)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(run, number) for number in range(THREADS)]
        return [future.result(timeout=WAIT) for future in futures]


def test_one_rating_per_candidate_and_rater_whatever_the_race(app, make_user):
    hr_id = make_user(roles=("hr",), password=None).id
    # Plain values: the test's own objects belong to its session, which no thread may use.
    email = make_user(email="cand@example.com", password=None).email

    def rate(number: int) -> int:
        scores = dict.fromkeys(candidates.CRITERION_LABELS, number % 3 + 1)
        return candidates.rate(db.session.get(User, hr_id), email, scores)

    totals = burst(app, rate)
    db.session.expire_all()
    rows = db.session.scalars(sa.select(CandidateRating)).all()
    assert len(rows) == 1
    assert rows[0].total in totals


def test_attendance_recorded_twice_at_once_is_one_row_per_person(app, make_user):
    champion = make_user(roles=("champion",), password=None)
    people = [make_user(password=None).id for _ in range(3)]
    with unit_of_work():
        event = events.create_event(
            champion,
            kind="workshop",
            title="Held",
            starts_at=utcnow() + timedelta(minutes=1),
            audience="everyone",
        )[0]
        event.starts_at = utcnow() - timedelta(hours=1)
    event_id, champion_id = event.id, champion.id

    def record(number: int) -> int:
        held = db.session.get(ProgrammeEvent, event_id)
        return events.record_attendance(held, db.session.get(User, champion_id), people)

    assert burst(app, record) == [3] * THREADS
    count = sa.select(sa.func.count()).select_from(EventAttendance)
    assert db.session.execute(count).scalar() == 3
