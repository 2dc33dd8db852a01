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


class DriverStatement:
    """A statement compiled once per database, then run as the driver's own SQL.

    The redirect runs the same two statements millions of times: SQLAlchemy's work per
    execution of a Core statement (its cache key, the parameters' processing) costs as
    much Python time as the driver's own (benchmarks/redirect.py). Compiled once, it
    still runs on a SQLAlchemy connection, with its events and its error handling (a
    connection found dead is invalidated with the pool's others)."""

    def __init__(self, statement: sa.Executable):
        self.statement = statement
        self._compiled: dict[str, tuple] = {}

    def execute(self, connection: sa.Connection, values: dict) -> sa.CursorResult:
        sql, defaults, processors, order = self._for(connection.dialect)
        parameters = {**defaults, **values}
        for name, process in processors.items():
            parameters[name] = process(parameters[name])
        if order is not None:  # a driver with positional parameters (SQLite's `?`)
            return connection.exec_driver_sql(sql, tuple(parameters[name] for name in order))
        return connection.exec_driver_sql(sql, parameters)

    def _for(self, dialect: sa.Dialect) -> tuple:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self.statement.compile(dialect=dialect)
            processors, defaults = {}, {}
            for name, bind in statement.binds.items():
                process = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if process is not None:
                    processors[name] = process
                if bind.effective_value is not None:  # the statement's own constants
                    defaults[name] = bind.effective_value
            order = statement.positiontup if statement.positional else None
            compiled = self._compiled[dialect.name] = (
                statement.string,
                defaults,
                processors,
                order,
            )
        return compiled
