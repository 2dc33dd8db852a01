"""The redirect's own connection pool.

The application's engine checks every connection with a ping before lending it
(`pool_pre_ping`): a round trip per request, as much as the redirect's own statement on
PostgreSQL. The redirect borrows from a pool of its own, without the ping, as large as
the server's threads, and in autocommit (its only write is committed when it returns).
A connection that died meanwhile raises a DBAPIError: SQLAlchemy invalidates it and
every connection of the pool opened before it, and the request goes on to Flask, whose
view follows the link again on a fresh connection (see fast_path).
"""

import collections
import contextlib
import threading

import sqlalchemy as sa
from flask import Flask, current_app

from learning.extensions import db

EXTENSION = "sharing.redirect_engine"
SHELF = "sharing.redirect_shelf"
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


class Shelf:
    """The redirect's DBAPI connections, borrowed from its pool and kept at hand.

    Checking a connection out of SQLAlchemy's pool and back in, and running a statement
    through its execution layer, cost the redirect twice the Python time of the driver's
    own work (benchmarks/redirect.py). The redirect's threads take a connection off this
    shelf and put it back, each an atomic operation on a deque. The shelf keeps as many
    as the server has threads; a connection beyond that goes back to the pool, where a
    thread waiting for one (more requests at once than threads) gets it. A connection
    that raised a driver error is discarded with every other on the shelf, since a
    restarted database ended them all; the next request checks out fresh ones."""

    def __init__(self, engine: sa.Engine, size: int):
        self.engine = engine
        self.size = size
        self.error = engine.dialect.loaded_dbapi.Error
        self._idle: collections.deque = collections.deque()

    @contextlib.contextmanager
    def connection(self):
        try:
            connection = self._idle.pop()
        except IndexError:
            connection = self.engine.raw_connection()
        try:
            yield connection
        except self.error:
            connection.invalidate()
            self.discard()
            raise
        except BaseException:
            connection.invalidate()  # in an unknown state: not lent again
            raise
        if len(self._idle) < self.size:
            self._idle.append(connection)
        else:
            connection.close()  # back to the pool

    def discard(self) -> None:
        while True:
            try:
                self._idle.pop().invalidate()
            except IndexError:
                return


def shelf(app: Flask | None = None) -> Shelf:
    """The shelf of the redirect's engine for this application."""
    app = app or current_app._get_current_object()
    found = app.extensions.get(SHELF)
    if found is None:
        engine = redirect_engine(app)
        with _creating:
            found = app.extensions.get(SHELF)
            if found is None:
                found = app.extensions[SHELF] = Shelf(engine, app.config.get("SERVER_THREADS", 5))

                @sa.event.listens_for(engine, "engine_disposed")
                def _discard_with_engine(disposed) -> None:
                    found.discard()

    return found


class DriverStatement:
    """A statement compiled once per database, then run on the driver's own cursor.

    The redirect runs the same two statements millions of times: SQLAlchemy's work per
    execution of a Core statement (its cache key, the parameters' processing, the
    result's set-up) costs more Python time than the driver's own. Compiled once, the
    SQL and the types' conversions of the parameters are SQLAlchemy's; the execution is
    the driver's."""

    def __init__(self, statement: sa.Executable):
        self.statement = statement
        self._compiled: dict[str, tuple] = {}

    def execute(self, cursor, dialect: sa.Dialect, values: dict):
        """Runs the statement on a DBAPI `cursor` of `dialect`'s driver; returns the cursor."""
        sql, defaults, processors, order = self._for(dialect)
        parameters = {**defaults, **values}
        for name, process in processors.items():
            parameters[name] = process(parameters[name])
        if order is not None:  # a driver with positional parameters (SQLite's `?`)
            parameters = tuple(parameters[name] for name in order)
        run(cursor, sql, parameters)
        return cursor

    def sql(self, dialect: sa.Dialect) -> str:
        return self._for(dialect)[0]

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


def run(cursor, sql: str, parameters) -> None:
    """The driver's execute, in one place (the tests count the statements here)."""
    cursor.execute(sql, parameters)
