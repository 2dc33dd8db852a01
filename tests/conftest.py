"""Fixtures: a fresh application and database for every test, on SQLite or PostgreSQL.

Set TEST_DATABASE_URL to run the suite on PostgreSQL; otherwise each test gets its own
SQLite file.
"""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from learning import create_app
from learning.auth import services as accounts
from learning.courses import services as courses
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db, limiter
from learning.familiarity import services as familiarity
from learning.transaction import commit, unit_of_work
from tests.catalogue import (
    EXERCISE_COURSE,
    load_content,
    write_catalogue,
    write_exercise_course,
)

# Fixtures of a feature's own, shared by its test modules.
pytest_plugins = ["tests.badge_helpers"]

PASSWORD = "correct horse battery"
REAL_COURSES = Path(__file__).resolve().parent.parent / "courses"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def test_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test secret key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Whatever REDIS_URL the environment has: tests count in memory unless they say.
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        "MAIL_BACKEND": "locmem",
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """Each request in its own application context, as in production.

    The `app` fixture keeps an application context open for the whole test, and Flask
    would reuse it for every request: `g` (where Flask-Login keeps the signed-in user)
    would then carry one browser's user over to another browser's next request.

    What the test itself did through services before the request is its own unit of
    work, committed first, as the command that did it would have: the request runs on
    a connection of its own and must see it (and on SQLite, not wait for its lock).
    """

    def open(self, *args, **kwargs):
        commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _postgres_schema():
    """On PostgreSQL, a schema of this run's own, created once; tests truncate between them.

    A schema per run keeps concurrent runs on the same database out of each other's way.
    """
    if not POSTGRES_URL:
        yield None
        return
    schema = f"test_run_{os.getpid()}"
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    app = create_app(test_config(POSTGRES_URL, **postgres_schema_options(schema)))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield schema
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def postgres_schema_options(schema: str) -> dict:
    return {
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c search_path={schema}"},
        }
    }


def _truncate_all() -> None:
    tables = ", ".join(table.name for table in db.metadata.sorted_tables)
    # Test-only: acknowledgments refuse TRUNCATE through a trigger. Replica mode skips
    # ordinary triggers until this transaction ends; the application never does this.
    db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def app_config(request, tmp_path, _postgres_schema) -> dict:
    """Settings for the `app` fixture; a test may update it before `app` is built."""
    if _postgres_schema:
        return test_config(
            POSTGRES_URL,
            COURSES_DIR=str(tmp_path / "courses"),
            **postgres_schema_options(_postgres_schema),
        )
    return test_config(
        f"sqlite:///{tmp_path / 'test.sqlite3'}", COURSES_DIR=str(tmp_path / "courses")
    )


@pytest.fixture
def app(app_config, tmp_path):
    application = create_app(app_config)
    application.test_client_class = IsolatedClient
    with application.app_context():
        if _uses_sqlite(application):
            db.create_all()
        if application.config["RATELIMIT_ENABLED"]:
            limiter.reset()
        yield application
        db.session.remove()
        if not _uses_sqlite(application):
            _truncate_all()
        db.engine.dispose()


def fixtures(request, *names):
    """Fixtures a test asks for once it has set `app_config`."""
    return [request.getfixturevalue(name) for name in names]


@pytest.fixture
def outbox(app) -> list:
    """The e-mail the application has sent, kept in memory (Flask-Mailman's locmem)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    """`flask --app wsgi ...` against the test application."""
    return app.test_cli_runner()


def _uses_sqlite(application) -> bool:
    return application.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


@pytest.fixture
def catalogue_dir(tmp_path) -> Path:
    """The small test catalogue, written to a folder a test may edit."""
    return write_catalogue(tmp_path / "courses")


@pytest.fixture
def catalogue(app, catalogue_dir):
    """The small test catalogue, loaded."""
    load_content(catalogue_dir)
    return catalogue_dir


@pytest.fixture
def exercise_lesson(catalogue):
    """The small test catalogue with a course whose `practice` lesson is a draft exercise,
    loaded; the exercise lesson."""
    write_exercise_course(catalogue)
    load_content(catalogue)
    course = courses.get_course(EXERCISE_COURSE)
    return next(lesson for lesson in courses.active_lessons(course) if lesson.exercise)


@pytest.fixture
def real_catalogue(app):
    """The product's real course content, loaded."""
    load_content(REAL_COURSES)
    return REAL_COURSES


@pytest.fixture
def make_user(app):
    """Create an account; with `level`, the person has taken the diagnostic for it."""
    counter = iter(range(1, 10_000))

    def factory(
        email=None, roles=("employee",), level=None, name=None, department=None, password=PASSWORD
    ):
        number = next(counter)
        with unit_of_work():
            user = accounts.create_user(
                email or f"person{number}@example.com",
                name or f"Person {number}",
                list(roles),
                department=department,
                password=password,
            )
            if level:
                familiarity.take_diagnostic(user, ANSWERS_FOR_LEVEL[level])
        return user

    return factory


@pytest.fixture
def login(client):
    """Sign a user in through the sign-in form."""

    def do_login(user, password=PASSWORD, next_url=None):
        url = "/auth/login" + (f"?next={next_url}" if next_url else "")
        return client.post(
            url, data={"email": user.email, "password": password, "next": next_url or ""}
        )

    return do_login


class ApiClient:
    def __init__(self, client, token):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers={**self.headers, **(headers or {})}, **kwargs)

    def post(self, url, json=None, headers=None, **kwargs):
        return self.client.post(
            url, json=json, headers={**self.headers, **(headers or {})}, **kwargs
        )


@pytest.fixture
def api(client):
    """An API client acting with a fresh token of the given user."""

    def for_user(user):
        with unit_of_work():
            token = accounts.create_api_token(user)
        return ApiClient(client, token)

    return for_user


@pytest.fixture
def objective(app):
    """Make an objective (a campaign with a target of sign-ups by default)."""

    def factory(title="Q3 launch event", **values):
        from datetime import date, timedelta

        from learning.advocacy.models import Objective

        values = {
            "family": "campaigns",
            "target": 3000,
            "starts_on": date(2026, 1, 1),
            "due": date.today() + timedelta(days=90),
            **values,
        }
        with unit_of_work():
            made = Objective(title=title, **values)
            db.session.add(made)
        return made

    return factory


@pytest.fixture
def hub_item(app, make_user, objective):
    """Make a hub item, published and shareable now unless told otherwise."""

    def factory(title="The Q3 launch event", author=None, **values):
        from learning.advocacy.models import ContentItem

        values = {
            "type": "event",
            "url": "https://www.example.com/events/q3?ref=hub#register",
            "suggested_text": "Join us for the Q3 launch event.",
            "status": "published",
            **values,
        }
        if "objective_id" not in values:
            values["objective_id"] = objective().id
        author_id = (author or make_user(roles=("champion",), password=None)).id
        with unit_of_work():
            item = ContentItem(title=title, author_id=author_id, **values)
            db.session.add(item)
        return item

    return factory
