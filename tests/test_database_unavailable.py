"""A database that stops answering: the application's own 503, and the next request works.

On PostgreSQL the connection is cut from a second connection (`pg_terminate_backend`),
as a restart or a network failure would; on SQLite the file connection is closed.
"""

import html
import re

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from learning import signals
from learning.conduct import services as conduct
from learning.errors import Conflict
from learning.extensions import db
from learning.progress.models import LessonCompletion
from tests.conftest import POSTGRES_URL

UNAVAILABLE = "The database does not answer right now; please try again in a moment."


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def lose_connection(session: Session) -> None:
    """Cut the session's database connection from outside."""
    dbapi_connection = session.connection().connection.dbapi_connection
    if not POSTGRES_URL:
        dbapi_connection.close()
        return
    other = sa.create_engine(POSTGRES_URL, poolclass=sa.pool.NullPool)
    with other.connect() as connection:
        # Waits (up to 5 s) until the backend is gone, so the next statement fails.
        terminated = connection.execute(
            sa.text("SELECT pg_terminate_backend(:pid, 5000)"),
            {"pid": dbapi_connection.info.backend_pid},
        ).scalar()
    other.dispose()
    assert terminated


@pytest.fixture
def connection_lost_in(monkeypatch):
    """Make a service lose its request's connection just before it runs."""

    def patch(module, name: str) -> None:
        service = getattr(module, name)

        def after_losing_the_connection(*args, **kwargs):
            lose_connection(db.session)
            return service(*args, **kwargs)

        monkeypatch.setattr(module, name, after_losing_the_connection)

    return patch


@pytest.fixture
def connection_lost_before_commit(app):
    """Cut the connection of the next request's unit of work just before it commits."""
    test_session = db.session()
    armed = []

    def cut(session):
        if armed and session is not test_session:
            armed.clear()
            lose_connection(session)

    sa.event.listen(Session, "before_commit", cut)
    yield lambda: armed.append(True)
    sa.event.remove(Session, "before_commit", cut)


def test_a_connection_lost_during_a_page_shows_the_503_page_then_pages_work_again(
    make_user, client, login, connection_lost_in, monkeypatch
):
    login(make_user())
    connection_lost_in(conduct, "status")
    response = client.get("/conduct/")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert f"Service unavailable {UNAVAILABLE}" in page_text(response)

    monkeypatch.undo()
    again = client.get("/conduct/")
    assert again.status_code == 200
    assert "Sign out" in page_text(again)


def test_a_connection_lost_during_an_api_call_gives_503_json_then_calls_work_again(
    make_user, catalogue, api, connection_lost_in, monkeypatch
):
    client = api(make_user())
    connection_lost_in(conduct, "status")
    response = client.get("/api/v1/conduct-guide")
    assert response.status_code == 503
    assert response.json == {"error": {"code": "database_unavailable", "message": UNAVAILABLE}}

    monkeypatch.undo()
    assert client.get("/api/v1/conduct-guide").status_code == 200


def test_a_connection_lost_at_the_commit_keeps_nothing_and_announces_nothing(
    make_user, catalogue, api, connection_lost_before_commit
):
    client = api(make_user(level="native", password=None))
    lesson = client.get("/api/v1/courses/core-conduct").json["lessons"][0]
    sent = []
    with signals.lesson_completed.connected_to(lambda sender, **kwargs: sent.append(sender.id)):
        connection_lost_before_commit()
        lost = client.post(f"/api/v1/lessons/{lesson['id']}/complete")
        assert lost.status_code == 503
        assert lost.json["error"]["code"] == "database_unavailable"
        assert sent == []
        assert (
            db.session.execute(sa.select(sa.func.count()).select_from(LessonCompletion)).scalar()
            == 0
        )

        assert client.post(f"/api/v1/lessons/{lesson['id']}/complete").status_code == 200
        assert len(sent) == 1


def test_a_database_that_does_not_answer_gives_503_until_it_is_back(make_user, client, login):
    login(make_user())
    dbapi = db.engine.dialect.loaded_dbapi

    def refuse(dialect, connection_record, cargs, cparams):
        raise dbapi.OperationalError("the database server is not running")

    # No connection left in the pool: every request must open a new one, and cannot.
    db.session.close()
    db.engine.dispose()
    sa.event.listen(db.engine, "do_connect", refuse)
    try:
        page = client.get("/conduct/")
        health = client.get("/healthz")
    finally:
        sa.event.remove(db.engine, "do_connect", refuse)

    assert page.status_code == 503
    # Not even the signed-in person could be read: the page is shown as to nobody.
    assert f"Service unavailable {UNAVAILABLE}" in page_text(page)
    assert "Sign out" not in page_text(page)
    assert health.status_code == 503
    assert health.json["error"]["code"] == "database_unavailable"

    back = client.get("/conduct/")
    assert back.status_code == 200
    assert "Sign out" in page_text(back)
    assert client.get("/healthz").json == {"status": "ok"}


def test_a_connection_lost_before_a_refusal_still_gives_the_refusal(
    make_user, catalogue, api, monkeypatch
):
    # Nothing failed on the connection until the rollback that ends the request.
    def lose_the_connection_then_refuse(user, version):
        lose_connection(db.session)
        raise Conflict("Refused while the connection was lost.")

    client = api(make_user())
    monkeypatch.setattr(conduct, "acknowledge", lose_the_connection_then_refuse)
    refused = client.post("/api/v1/conduct-guide/1/acknowledgments")
    assert refused.status_code == 409
    assert refused.json["error"]["message"] == "Refused while the connection was lost."

    monkeypatch.undo()
    assert client.post("/api/v1/conduct-guide/1/acknowledgments").status_code == 201
