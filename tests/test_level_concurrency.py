"""Concurrent questionnaires and HR overrides for one person, on real threads: each is
recorded with the right source, and the person's level is always their newest one."""

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from learning.auth.models import User
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from learning.levels import LEVELS
from learning.transaction import unit_of_work

DIAGNOSTICS = 20
OVERRIDES = 5
WAIT = 30  # seconds: far more than the whole burst needs, so a hang fails the test


def _assignments(person_id: int) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [
        (row.source, row.level)
        for row in db.session.execute(
            sa.select(LevelAssignment.source, LevelAssignment.level)
            .where(LevelAssignment.user_id == person_id)
            .order_by(LevelAssignment.id)
        )
    ]


def test_concurrent_diagnostics_and_overrides_keep_history_and_level_together(app, make_user, api):
    hr = make_user(roles=("hr",), password=None)
    person = make_user(password=None)
    headers = api(person).headers
    # Plain ids: the test's own objects belong to its session, which no thread may use.
    hr_id, person_id = hr.id, person.id
    start = threading.Barrier(DIAGNOSTICS + OVERRIDES, timeout=WAIT)

    def take_diagnostic(number: int) -> int:
        """Through the API, as a person with several tabs or a script would."""
        with app.app_context():
            web = app.test_client()
            answers = ANSWERS_FOR_LEVEL[LEVELS[number % len(LEVELS)]]
            start.wait()
            return web.post("/api/v1/diagnostic", json={"answers": answers}, headers=headers)

    def override(number: int) -> LevelAssignment:
        with app.app_context():
            by, employee = db.session.get(User, hr_id), db.session.get(User, person_id)
            start.wait()
            with unit_of_work():
                level = LEVELS[number % len(LEVELS)]
                return familiarity.override_level(by, employee, level, f"Override {number}.")

    with ThreadPoolExecutor(max_workers=DIAGNOSTICS + OVERRIDES) as pool:
        diagnostics = [pool.submit(take_diagnostic, number) for number in range(DIAGNOSTICS)]
        overrides = [pool.submit(override, number) for number in range(OVERRIDES)]
        responses = [future.result(timeout=WAIT) for future in diagnostics]
        for future in overrides:
            future.result(timeout=WAIT)

    assert [response.status_code for response in responses] == [200] * DIAGNOSTICS
    history = _assignments(person_id)
    sources = [source for source, _ in history]
    assert len(history) == DIAGNOSTICS + OVERRIDES
    assert sources.count("override") == OVERRIDES
    answered = [source for source in sources if source != "override"]
    assert answered == ["diagnostic"] + ["retake"] * (DIAGNOSTICS - 1)
    stored_level = db.session.execute(sa.select(User.level).where(User.id == person_id)).scalar()
    assert stored_level == history[-1][1]
    assert familiarity.newest(db.session.get(User, person_id)).level == stored_level
