"""The redirect's own connection pool.

The application's engine checks every connection with a ping before lending it
(`pool_pre_ping`): a round trip per request, as much as the redirect's own statement on
PostgreSQL. The redirect borrows from a pool of its own, without the ping, as large as
the server's threads, and in autocommit (its only write is committed when it returns).
A connection that died meanwhile raises a DBAPIError: SQLAlchemy invalidates it and
every connection of the pool opened before it, and the request goes on to Flask, whose
view follows the link again on a fresh connection (see fast_path).
"""

import threading

import sqlalchemy as sa
from flask import Flask, current_app

from learning.extensions import db

EXTENSION = "sharing.redirect_engine"
# Connections opened beyond the pool when a server starts more threads than it said (a
# thread per request): they are closed when given back.
OVERFLOW = 10
_creating = threading.Lock()


def redirect_engine(app: Flask | None = None) -> sa.Engine:
    """The redirect's engine for this application, made at its first use in the process."""
    app = app or current_app._get_current_object()
    engine = app.extensions.get(EXTENSION)
    if engine is None:
        with _creating:
            engine = app.extensions.get(EXTENSION)
            if engine is None:
                engine = app.extensions[EXTENSION] = _create(app)
    return engine


def _create(app: Flask) -> sa.Engine:
    with app.app_context():
        base = db.engine
    if base.dialect.name == "sqlite" and not base.url.database:
        # An in-memory database exists only on the application's own connection.
        return base.execution_options(isolation_level="AUTOCOMMIT")
    options = {
        key: value
        for key, value in app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).items()
        if key not in ("pool_pre_ping", "pool_size", "max_overflow")
    }
    engine = sa.create_engine(
        base.url,
        **options,
        pool_pre_ping=False,
        pool_size=app.config.get("SERVER_THREADS", 5),
        max_overflow=OVERFLOW,
        isolation_level="AUTOCOMMIT",
    )

    # The pool goes with the application's: whoever disposes of one disposes of both.
    @sa.event.listens_for(base, "engine_disposed")
    def _dispose_with_application(disposed) -> None:
        engine.dispose()

    return engine
