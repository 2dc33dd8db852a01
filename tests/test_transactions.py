"""One commit per unit of work, and signals sent only once what they announce is committed."""

import pytest
import sqlalchemy as sa

from learning import signals
from learning.auth import services as accounts
from learning.auth.models import ApiToken, User
from learning.badges import services as badges
from learning.conduct import services as conduct
from learning.conduct.models import Acknowledgment
from learning.courses import services as courses
from learning.courses.models import Course
from learning.errors import Conflict
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.progress import services as progress
from learning.progress.models import LessonCompletion
from learning.transaction import unit_of_work
from tests.conftest import REAL_COURSES, fixtures


def committed_rows(model) -> int:
    """The rows another connection sees, that is, the committed ones."""
    with db.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(model)).scalar()


@pytest.fixture
def learner(make_user):
    return make_user(level="native", password=None)


@pytest.fixture
def lesson(catalogue):
    return courses.active_lessons(courses.get_course("core-conduct"))[0]


@pytest.fixture
def completions():
    """(learner id, lesson id, completions committed) for each lesson_completed sent."""
    sent = []

    def record(sender, lesson, **kwargs):
        sent.append((sender.id, lesson.id, committed_rows(LessonCompletion)))

    with signals.lesson_completed.connected_to(record):
        yield sent


# Commands and jobs


def test_a_unit_of_work_sends_its_signal_once_after_its_commit(learner, lesson, completions):
    expected = (learner.id, lesson.id, 1)
    with unit_of_work():
        assert progress.complete_lesson(learner, lesson) is True
        assert completions == []
    assert completions == [expected]


def test_a_rolled_back_unit_of_work_writes_nothing_and_sends_nothing(learner, lesson, completions):
    with pytest.raises(RuntimeError, match="the rest failed"), unit_of_work():
        progress.complete_lesson(learner, lesson)
        raise RuntimeError("the rest failed")
    assert (completions, committed_rows(LessonCompletion)) == ([], 0)

    # What was rolled back is not sent with the next commit either.
    with unit_of_work():
        progress.complete_lesson(learner, lesson)
    assert completions == [(learner.id, lesson.id, 1)]


def test_a_rolled_back_savepoint_drops_what_was_announced_inside_it(make_user):
    hr, employee = make_user(roles=("hr",)), make_user()
    assigned = []
    with (
        signals.level_assigned.connected_to(
            lambda sender, assignment, **kwargs: assigned.append(assignment.reason)
        ),
        unit_of_work(),
    ):
        familiarity.override_level(hr, employee, "objector", "Before the savepoint.")
        with pytest.raises(RuntimeError), db.session.begin_nested():
            familiarity.override_level(hr, employee, "native", "Rolled back.")
            raise RuntimeError
        familiarity.override_level(hr, employee, "beginner", "After the savepoint.")
    assert assigned == ["Before the savepoint.", "After the savepoint."]


def test_receivers_writes_are_committed_and_announced_in_turn(learner, lesson):
    acknowledged = []

    def acknowledge_the_guide(sender, **kwargs):
        conduct.acknowledge(sender, 1)

    def record(sender, guide, **kwargs):
        acknowledged.append((sender.id, guide.version, committed_rows(Acknowledgment)))

    with (
        signals.lesson_completed.connected_to(acknowledge_the_guide),
        signals.guide_acknowledged.connected_to(record),
        unit_of_work(),
    ):
        progress.complete_lesson(learner, lesson)
    assert acknowledged == [(learner.id, 1, 1)]


def test_a_failing_receiver_leaves_the_action_committed_and_its_own_writes_undone(learner, lesson):
    def write_then_fail(sender, **kwargs):
        accounts.create_api_token(sender)
        raise RuntimeError("the receiver failed")

    with (
        signals.lesson_completed.connected_to(write_then_fail),
        pytest.raises(RuntimeError, match="the receiver failed"),
        unit_of_work(),
    ):
        progress.complete_lesson(learner, lesson)
    assert (committed_rows(LessonCompletion), committed_rows(ApiToken)) == (1, 0)


def test_a_taken_email_is_refused_without_spoiling_the_rest_of_the_unit_of_work(app):
    with unit_of_work():
        accounts.create_user("ada@example.com", "Ada", ["employee"])
        with pytest.raises(Conflict, match="already exists"):
            accounts.create_user("ADA@example.com", "Ada Again", ["employee"])
        accounts.create_user("grace@example.com", "Grace", ["employee"])
    emails = db.session.execute(sa.select(User.email).order_by(User.email)).scalars().all()
    assert emails == ["ada@example.com", "grace@example.com"]


def test_a_refused_account_in_a_unit_of_work_that_fails_leaves_nothing(app):
    # The savepoint around each account must not commit what came before it.
    with pytest.raises(RuntimeError), unit_of_work():
        accounts.create_user("ada@example.com", "Ada", ["employee"])
        with pytest.raises(Conflict):
            accounts.create_user("ada@example.com", "Ada Again", ["employee"])
        raise RuntimeError
    assert committed_rows(User) == 0


def test_demo_seed_failing_part_way_leaves_the_database_empty(request, app_config, monkeypatch):
    app_config["COURSES_DIR"] = str(REAL_COURSES)
    (runner,) = fixtures(request, "runner")

    def fail(*args, **kwargs):
        raise RuntimeError("awarding failed")

    # The demo's last step, once every person, share and click has been written.
    monkeypatch.setattr(badges, "apply", fail)
    failed = runner.invoke(args=["demo", "seed"])
    assert isinstance(failed.exception, RuntimeError)
    assert (committed_rows(User), committed_rows(Course)) == (0, 0)

    monkeypatch.undo()
    seeded = runner.invoke(args=["demo", "seed"])
    assert seeded.exit_code == 0, seeded.output
    assert committed_rows(User) > 0


# Requests


def test_a_request_commits_before_it_sends_its_signal(learner, lesson, completions, api):
    response = api(learner).post(f"/api/v1/lessons/{lesson.id}/complete")
    assert response.status_code == 200
    assert completions == [(learner.id, lesson.id, 1)]


def test_a_request_refused_after_writing_keeps_nothing_of_it(
    learner, lesson, completions, api, monkeypatch
):
    complete_lesson = progress.complete_lesson

    def complete_then_refuse(user, lesson):
        complete_lesson(user, lesson)
        raise Conflict("Refused after the lesson was recorded.")

    monkeypatch.setattr(progress, "complete_lesson", complete_then_refuse)
    client = api(learner)
    refused = client.post(f"/api/v1/lessons/{lesson.id}/complete")
    assert refused.status_code == 409
    assert (completions, committed_rows(LessonCompletion)) == ([], 0)

    monkeypatch.undo()
    assert client.post(f"/api/v1/lessons/{lesson.id}/complete").status_code == 200
    assert completions == [(learner.id, lesson.id, 1)]


def test_a_request_that_crashes_after_writing_keeps_nothing_of_it(request, app_config, monkeypatch):
    app_config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a 500 page, not a raise
    learner, lesson, completions, api = fixtures(request, "learner", "lesson", "completions", "api")
    complete_lesson = progress.complete_lesson

    def complete_then_crash(user, lesson):
        complete_lesson(user, lesson)
        raise RuntimeError("a bug after the lesson was recorded")

    monkeypatch.setattr(progress, "complete_lesson", complete_then_crash)
    response = api(learner).post(f"/api/v1/lessons/{lesson.id}/complete")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal_server_error"
    assert (completions, committed_rows(LessonCompletion)) == ([], 0)
