"""Sign-in throttling: failures counted per address and e-mail, per address, and per
e-mail as a slow backstop; shared through Redis by every process; a warning when several
processes would each count on their own."""

import logging
import os
import sys
import types
import uuid

import pytest
import redis

from learning import create_app
from learning.config import from_environment, server_processes, server_threads
from learning.extensions import db
from tests import conftest
from tests.conftest import PASSWORD, IsolatedClient, fixtures

WRONG_CREDENTIALS = "The e-mail or the password is not right."
TOO_MANY = "Too many requests; please wait a moment and try again."
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def sign_in(app, email, password=PASSWORD, address="127.0.0.1"):
    return app.test_client().post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def throttled(app_config, **limits) -> None:
    app_config.update(RATELIMIT_ENABLED=True, **limits)


def test_sign_in_is_throttled_with_a_readable_page(app_config, request):
    throttled(app_config, LOGIN_RATE_LIMIT="3 per minute")
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user()

    for _attempt in range(3):
        response = sign_in(app, user.email, "guessing a password")
        assert response.status_code == 200
        assert WRONG_CREDENTIALS in response.text

    response = sign_in(app, user.email, PASSWORD)  # even the right one, now

    assert response.status_code == 429
    assert "text/html" in response.content_type
    assert TOO_MANY in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_an_attackers_failures_do_not_lock_the_person_out(app_config, request):
    """With the limits as shipped: twenty failures from one address stop that address,
    and the person signs in from their own."""
    throttled(app_config)
    app, make_user = fixtures(request, "app", "make_user")
    victim = make_user(email="victim@example.com")

    statuses = [sign_in(app, victim.email, f"guess {n}", ATTACKER).status_code for n in range(20)]

    assert statuses == [200] * 10 + [429] * 10
    assert sign_in(app, victim.email, PASSWORD, ATTACKER).status_code == 429
    response = sign_in(app, victim.email, PASSWORD, VICTIM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/progress/"


def test_signing_in_does_not_use_up_the_budget(app_config, request):
    throttled(app_config, LOGIN_RATE_LIMIT="3 per minute", LOGIN_EMAIL_RATE_LIMIT="3 per day")
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user()

    successes = [sign_in(app, user.email).status_code for _time in range(6)]
    failures = [sign_in(app, user.email, "wrong password").status_code for _time in range(4)]

    assert successes == [302] * 6
    assert failures == [200, 200, 200, 429]


def test_one_address_trying_many_accounts_meets_the_per_address_limit(app_config, request):
    throttled(app_config, LOGIN_ADDRESS_RATE_LIMIT="5 per minute")
    app, make_user = fixtures(request, "app", "make_user")
    people = [make_user() for _person in range(6)]

    statuses = [sign_in(app, p.email, "a common password", ATTACKER).status_code for p in people]

    assert statuses == [200] * 5 + [429]
    assert sign_in(app, people[-1].email, PASSWORD, ATTACKER).status_code == 429
    assert sign_in(app, people[-1].email, PASSWORD, VICTIM).status_code == 302


def test_the_per_email_backstop_stops_guesses_spread_over_many_addresses(app_config, request):
    throttled(app_config, LOGIN_EMAIL_RATE_LIMIT="4 per day")
    app, make_user = fixtures(request, "app", "make_user")
    target, other = make_user(), make_user()

    statuses = [
        sign_in(app, target.email, "guess", f"203.0.113.{n}").status_code for n in range(1, 6)
    ]
    refused = sign_in(app, target.email, PASSWORD, VICTIM)

    assert statuses == [200] * 4 + [429]
    assert refused.status_code == 429
    assert 60 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert sign_in(app, other.email, PASSWORD, "203.0.113.1").status_code == 302


def test_spelling_the_email_differently_does_not_earn_more_guesses(app_config, request):
    throttled(app_config, LOGIN_RATE_LIMIT="2 per minute")
    app, make_user = fixtures(request, "app", "make_user")
    user = make_user(email="rita@example.com")

    statuses = [
        sign_in(app, spelling, "guess").status_code
        for spelling in ("rita@example.com", " RITA@example.com", "ｒｉｔａ@ｅｘａｍｐｌｅ.com")
    ]

    assert statuses == [200, 200, 429]
    assert user.email == "rita@example.com"


# Counted where every process sees it


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the local Redis, removed afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        pytest.skip(f"Redis does not answer at {REDIS_URL} ({error}); set TEST_REDIS_URL")
    prefix = f"learning-test-{uuid.uuid4().hex}"
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def second_process(app_config):
    """Another instance of the application, as another worker process would build it:
    the limiter's storage is made anew."""
    application = create_app(dict(app_config))
    application.test_client_class = IsolatedClient
    return application


def test_with_redis_every_process_shares_the_counts(app_config, request, redis_prefix):
    store, prefix = redis_prefix
    throttled(
        app_config,
        LOGIN_RATE_LIMIT="3 per minute",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
    )
    first, make_user = fixtures(request, "app", "make_user")
    user = make_user()

    before = [sign_in(first, user.email, "guess").status_code for _try in range(2)]
    second = second_process(app_config)
    after = [sign_in(second, user.email, "guess").status_code for _try in range(2)]

    assert before + after == [200, 200, 200, 429]
    assert sign_in(first, user.email).status_code == 429
    assert list(store.scan_iter(f"{prefix}*")), "the counts are kept in Redis"
    with second.app_context():
        db.engine.dispose()


def test_in_memory_each_process_counts_on_its_own(app_config, request):
    """Why Redis is needed: without it a second worker starts from nothing."""
    throttled(app_config, LOGIN_RATE_LIMIT="3 per minute")
    first, make_user = fixtures(request, "app", "make_user")
    user = make_user()

    before = [sign_in(first, user.email, "guess").status_code for _try in range(2)]
    second = second_process(app_config)
    after = [sign_in(second, user.email, "guess").status_code for _try in range(3)]

    assert before + after == [200] * 5
    with second.app_context():
        db.engine.dispose()


def test_redis_url_puts_the_limits_in_redis_unless_said_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert from_environment(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"

    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    assert from_environment(str(tmp_path))["RATELIMIT_STORAGE_URI"] == (
        "redis://cache.internal:6379/2"
    )

    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memcached://127.0.0.1:11211")
    assert from_environment(str(tmp_path))["RATELIMIT_STORAGE_URI"] == (
        "memcached://127.0.0.1:11211"
    )


# The warning when several processes would count apart


def built_with(monkeypatch, tmp_path, environment: dict, **config):
    for name in ("WEB_CONCURRENCY", "GUNICORN_CMD_ARGS", "UWSGI_PROCESSES", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = conftest.test_config(
        f"sqlite:///{tmp_path / 'warning.sqlite3'}", RATELIMIT_ENABLED=True
    )
    del settings["RATELIMIT_STORAGE_URI"]  # from the environment, as in production
    settings.update(config)
    return create_app(settings)


def limit_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "REDIS_URL" in record.getMessage()
    ]


def test_several_processes_counting_in_memory_are_warned_about_at_start(
    monkeypatch, tmp_path, caplog
):
    with caplog.at_level(logging.WARNING):
        built_with(monkeypatch, tmp_path, {"WEB_CONCURRENCY": "4"})

    (warning,) = limit_warnings(caplog)
    assert warning.startswith("4 server processes count sign-in failures")
    assert "Set REDIS_URL" in warning


@pytest.mark.parametrize(
    "environment",
    [
        {"WEB_CONCURRENCY": "4", "REDIS_URL": REDIS_URL},  # shared: nothing to say
        {"WEB_CONCURRENCY": "1"},  # one process
        {},  # nothing tells of several processes
    ],
)
def test_no_warning_when_the_counts_add_up(monkeypatch, tmp_path, caplog, environment):
    with caplog.at_level(logging.WARNING):
        built_with(monkeypatch, tmp_path, environment)
    assert limit_warnings(caplog) == []


@pytest.mark.parametrize(
    ("environment", "argv", "processes"),
    [
        ({}, ["flask", "run"], 1),
        ({"WEB_CONCURRENCY": "3"}, [], 3),
        ({"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 --workers=5"}, [], 5),
        ({"GUNICORN_CMD_ARGS": "-w 2 --timeout 30"}, [], 2),
        ({}, ["/srv/.venv/bin/gunicorn", "-w", "6", "wsgi:app"], 6),
        ({}, ["gunicorn", "-w8", "wsgi:app"], 8),
        ({}, ["gunicorn", "--workers", "7", "wsgi:app"], 7),
        ({}, ["python", "-w", "9"], 1),  # not gunicorn's command line
        ({}, ["/srv/.venv/lib/python3.11/site-packages/gunicorn/__main__.py", "-w", "3"], 3),
        ({"UWSGI_PROCESSES": "4"}, [], 4),
        ({"WEB_CONCURRENCY": "not a number"}, [], 1),
        ({"GUNICORN_CMD_ARGS": "--name 'unbalanced"}, [], 1),
    ],
)
def test_the_number_of_server_processes_is_read_from_the_usual_places(environment, argv, processes):
    assert server_processes(environment, argv) == processes


@pytest.mark.parametrize(
    ("environment", "argv", "threads"),
    [
        ({}, ["flask", "run"], 5),
        ({"SERVER_THREADS": "12"}, [], 12),
        ({"GUNICORN_CMD_ARGS": "--workers 2 --threads=8"}, [], 8),
        ({}, ["/srv/.venv/bin/gunicorn", "--threads", "4", "wsgi:app"], 4),
        ({}, ["/srv/.venv/lib/python3.11/site-packages/gunicorn/__main__.py", "--threads", "2"], 2),
        ({}, ["python", "--threads", "9"], 5),  # not gunicorn's command line
    ],
)
def test_the_redirects_pool_is_sized_to_the_servers_threads(environment, argv, threads):
    assert server_threads(environment, argv) == threads


def test_inside_uwsgi_its_process_count_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "uwsgi", types.SimpleNamespace(numproc=4))
    assert server_processes({}, ["uwsgi"]) == 4
