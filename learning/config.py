"""Configuration from environment variables, with safe defaults for development."""

import os
import secrets
import shlex
import sys
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path

LANGUAGES = ("en", "fr")


def _default_locale() -> str:
    """DEFAULT_LOCALE when it is a language the product speaks; English otherwise."""
    chosen = os.environ.get("DEFAULT_LOCALE", "en").strip().lower()
    return chosen if chosen in LANGUAGES else "en"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _option_value(args: Sequence[str], long: str, short: str | None = None) -> str | None:
    """The value of `--long N`, `--long=N`, `-s N` or `-sN` among command-line arguments."""
    for position, arg in enumerate(args):
        if arg in (long, short) and position + 1 < len(args):
            return args[position + 1]
        if arg.startswith(long + "="):
            return arg.removeprefix(long + "=")
        if short and arg.startswith(short) and arg[len(short) :].isdigit():
            return arg[len(short) :]
    return None


def _is_gunicorn(argv: Sequence[str]) -> bool:
    """Whether this process is gunicorn's: its script, or `python -m gunicorn`."""
    program = Path(argv[0]) if argv else None
    return program is not None and (
        program.name.startswith("gunicorn") or program.parent.name == "gunicorn"
    )


def server_processes(environ: Mapping[str, str], argv: Sequence[str]) -> int:
    """How many processes serve the application, as far as can be told from outside it.

    `WEB_CONCURRENCY` (which gunicorn takes as its worker count), gunicorn's `--workers`
    in `GUNICORN_CMD_ARGS` or on its command line, and uWSGI's process count. The largest
    wins: the number only decides whether to warn that per-process counts do not add up.
    """
    counts = [environ.get("WEB_CONCURRENCY"), environ.get("UWSGI_PROCESSES")]
    with suppress(ValueError):  # quoting gunicorn itself would refuse
        gunicorn_args = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
        counts.append(_option_value(gunicorn_args, "--workers", "-w"))
    if _is_gunicorn(argv):
        counts.append(_option_value(argv[1:], "--workers", "-w"))
    with suppress(ImportError):
        import uwsgi  # only inside a uWSGI server

        counts.append(str(uwsgi.numproc))
    return max([int(count) for count in counts if count and count.strip().isdigit()] + [1])


def server_threads(environ: Mapping[str, str], argv: Sequence[str]) -> int:
    """How many threads of a process serve requests at once: gunicorn's `--threads` (in
    `GUNICORN_CMD_ARGS` or on its command line), or `SERVER_THREADS`; 5 when unknown.
    It sizes the tracked-link redirect's connection pool (learning.sharing.redirect_engine).
    """
    counts = [environ.get("SERVER_THREADS")]
    with suppress(ValueError):
        counts.append(_option_value(shlex.split(environ.get("GUNICORN_CMD_ARGS", "")), "--threads"))
    if _is_gunicorn(argv):
        counts.append(_option_value(argv[1:], "--threads"))
    return max([int(count) for count in counts if count and count.strip().isdigit()] or [5])


def per_process_limits_warning(config: Mapping) -> str | None:
    """What to tell the operator when the limits are counted apart in several processes."""
    processes = config["SERVER_PROCESSES"]
    in_memory = config["RATELIMIT_STORAGE_URI"].startswith("memory://")
    if processes > 1 and in_memory and config["RATELIMIT_ENABLED"]:
        return (
            f"{processes} server processes count sign-in failures and API requests each in "
            "its own memory, so every limit is multiplied by their number and an attacker "
            "gets that many more guesses. Set REDIS_URL so that every process shares the counts."
        )
    return None


def instance_secret_key(instance_path: str) -> str:
    """Read the development secret key from the instance folder, creating it once."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "learning.sqlite3")
    )
    https = _bool("HTTPS", False)
    redis_url = os.environ.get("REDIS_URL")
    mail_server = os.environ.get("MAIL_SERVER")
    return {
        # None: the factory reads or creates one in the instance folder (development).
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "COURSES_DIR": os.environ.get(
            "COURSES_DIR", str(Path(__file__).resolve().parent.parent / "courses")
        ),
        # The company's settings; by default company.yml in COURSES_DIR.
        "COMPANY_FILE": os.environ.get("COMPANY_FILE") or None,
        # Comma-separated e-mail domains whose people may register themselves.
        "SELF_REGISTRATION_DOMAINS": [
            domain.strip().lower()
            for domain in os.environ.get("SELF_REGISTRATION_DOMAINS", "").split(",")
            if domain.strip()
        ],
        "HTTPS": https,
        "SESSION_COOKIE_SECURE": https,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "REDIS_URL": redis_url,
        # With Redis, every process and server shares the counts; in memory, each its own.
        "RATELIMIT_STORAGE_URI": (
            os.environ.get("RATELIMIT_STORAGE_URI") or redis_url or "memory://"
        ),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "SERVER_PROCESSES": server_processes(os.environ, sys.argv),
        "SERVER_THREADS": server_threads(os.environ, sys.argv),
        # Failed sign-ins, counted per address and e-mail together, per address, and per
        # e-mail whatever the address: see learning/auth/throttling.py.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LOGIN_ADDRESS_RATE_LIMIT": os.environ.get(
            "LOGIN_ADDRESS_RATE_LIMIT", "50 per minute;300 per hour"
        ),
        "LOGIN_EMAIL_RATE_LIMIT": os.environ.get("LOGIN_EMAIL_RATE_LIMIT", "100 per day"),
        "REGISTRATION_RATE_LIMIT": os.environ.get(
            "REGISTRATION_RATE_LIMIT", "10 per minute;100 per hour"
        ),
        "REGISTRATION_EMAIL_RATE_LIMIT": os.environ.get(
            "REGISTRATION_EMAIL_RATE_LIMIT", "3 per hour;10 per day"
        ),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "1200 per minute"),
        "INVITATION_MAX_AGE_DAYS": int(os.environ.get("INVITATION_MAX_AGE_DAYS", "14")),
        "REGISTRATION_LINK_MAX_AGE_HOURS": int(
            os.environ.get("REGISTRATION_LINK_MAX_AGE_HOURS", "24")
        ),
        # Without an SMTP server (development), e-mail is written to the log.
        "MAIL_BACKEND": "smtp" if mail_server else "learning.mail.LogEmailBackend",
        "MAIL_SERVER": mail_server or "localhost",
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "no-reply@localhost"),
        "MAIL_TIMEOUT": 10,
        # Tracked links go into public posts: the address the public reaches the app at
        # (e.g. https://go.example.com). Without it, the address of the current request.
        "PUBLIC_BASE_URL": (os.environ.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        # The roster import (learning/hr/roster.py): the largest file and the most lines
        # one import takes, and how long an uploaded file waits for HR's confirmation.
        "ROSTER_MAX_BYTES": int(os.environ.get("ROSTER_MAX_BYTES", 5 * 1024 * 1024)),
        "ROSTER_MAX_LINES": int(os.environ.get("ROSTER_MAX_LINES", 20_000)),
        "ROSTER_IMPORT_TTL_MINUTES": int(os.environ.get("ROSTER_IMPORT_TTL_MINUTES", 60)),
        # A sign-up counts for a link when reported within this many days of its last click.
        "ATTRIBUTION_WINDOW_DAYS": int(os.environ.get("ATTRIBUTION_WINDOW_DAYS", "30")),
        # How often each serving process's thread turns new clicks and sign-ups into badges.
        "BADGES_RECONCILE_SECONDS": float(os.environ.get("BADGES_RECONCILE_SECONDS", "20")),
        # Badges a champion may award by hand in a calendar month (UTC); admins have no cap.
        "MANUAL_AWARDS_PER_MONTH": int(os.environ.get("MANUAL_AWARDS_PER_MONTH", "5")),
        # HR's grouped reports merge groups of fewer people than this into "Other" (admins
        # see every group), so that no small team's results can be read off a chart.
        "SMALL_GROUP_MINIMUM": int(os.environ.get("SMALL_GROUP_MINIMUM", "5")),
        # Who issues the Open Badges: named in every badge's Issuer profile.
        "BADGE_ISSUER_NAME": os.environ.get("BADGE_ISSUER_NAME"),
        "BADGE_ISSUER_URL": os.environ.get("BADGE_ISSUER_URL"),
        "BADGE_ISSUER_EMAIL": os.environ.get("BADGE_ISSUER_EMAIL"),
        # HR: days after the hire date to complete the learning path (learning.hr.overdue).
        "ONBOARDING_DAYS": int(os.environ.get("ONBOARDING_DAYS", "30")),
        # The company's language, for whoever has neither chosen one nor asked for one.
        "BABEL_DEFAULT_LOCALE": _default_locale(),
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": list(LANGUAGES),
        "API_TITLE": "Social-media learning and advocacy API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
