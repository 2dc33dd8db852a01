"""The unit of work: one commit per request, command or job.

Services add and flush; they never commit. Whoever started the work commits it, once,
at its end, and then sends the signals it announced (see `learning.signals`):

- a request: its response commits when its status is below 400 (a page, a redirect
  after a form, an API answer); an exception, or an error response (4xx, 5xx), rolls
  everything back;
- a command or a background job: `with unit_of_work():`, or `@unit_of_work()` on it.

A refusal writes nothing. A page may catch a `DomainError` and show the form again
with a 200, and that response commits: so a service checks everything it can before it
writes, and what only the database can tell (an e-mail already taken) it writes inside
a savepoint, `db.session.begin_nested()`, which the refusal rolls back.

A connection lost in the middle of the work ends it like an error: the application
answers 503 (`learning.errors`), the session is rolled back without raising, and the
pool opens a fresh connection for the next request.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import Flask, Response, current_app

from learning import signals
from learning.extensions import db


def commit() -> None:
    """Commit the unit of work, then send what it announced.

    Receivers' writes are committed the same way, until nothing more is announced.
    """
    announced = signals.take_announced(db.session)
    db.session.commit()
    while announced:
        signals.send(announced)
        announced = signals.take_announced(db.session)
        db.session.commit()


def discard() -> None:
    """Roll the unit of work back, dropping what it announced. Never raises for a dead
    connection: SQLAlchemy has invalidated it, so the pool will not hand it out again."""
    try:
        db.session.rollback()
    except sa.exc.DBAPIError:
        db.session.close()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit once at the end of the block, or roll back if it raises."""
    try:
        yield
        commit()
    except BaseException:
        discard()
        raise


def _end_request(response: Response) -> Response:
    if not db.session.registry.has():
        return response  # the request never used the session: nothing to commit
    if response.status_code >= 400:
        discard()
        return response
    try:
        commit()
    except sa.exc.DBAPIError as error:
        # The commit itself failed (the connection was lost): answer with the error
        # page the view would have got, not with the success it prepared.
        discard()
        return current_app.make_response(current_app.handle_user_exception(error))
    except Exception:
        discard()
        raise
    return response


def register(app: Flask) -> None:
    """Commit or roll back each request. Registered last, so it runs before the other
    application-wide `after_request` hooks, which then add their headers to its answer."""
    app.after_request(_end_request)
