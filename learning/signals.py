"""Signals one feature sends and others listen to (progress sends, badges will listen).

A service never sends a signal itself: it calls `announce(signal, sender, **kwargs)`,
which queues the signal on the database session of the current unit of work. The unit
of work sends the queue once its commit has succeeded (`learning.transaction.commit`),
and a rollback drops it; a savepoint that is rolled back drops what was announced inside
it. So a receiver hears of a change only once it is in the database, and exactly once.

Receivers run after that commit, not inside the transaction that made the change:
SQLAlchemy forbids using the session from its own `after_commit` event, and a receiver
that writes (a badge earned by a completed course) needs the session. What a receiver
writes is a unit of work of its own, committed by the dispatcher right after the
receivers have run; what it announces in turn is sent after that commit. The reason for
this order: a learner's action never waits on, nor is undone by, what other features do
in reaction to it. The price: if a receiver fails, the action stays committed, the
receiver's writes are rolled back and its error surfaces (the request or command fails).

Each signal is sent with the user as sender.
"""

from blinker import Namespace, Signal
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from learning.extensions import db

learning_signals = Namespace()

level_assigned = learning_signals.signal("level-assigned")
lesson_completed = learning_signals.signal("lesson-completed")
quiz_attempted = learning_signals.signal("quiz-attempted")
course_completed = learning_signals.signal("course-completed")
path_completed = learning_signals.signal("path-completed")
guide_acknowledged = learning_signals.signal("guide-acknowledged")
# A person made a tracked link (`share=`); clicks and sign-ups send nothing, they are read.
item_shared = learning_signals.signal("item-shared")

# Keys in `Session.info`: the queue, and its length when each open savepoint began.
_ANNOUNCED = "announced_signals"
_SAVEPOINT_MARKS = "announced_before_savepoints"

Announcement = tuple[Signal, object, dict]


def announce(signal: Signal, sender: object, **kwargs) -> None:
    """Send `signal` once the current unit of work has committed; never if it rolls back."""
    db.session.info.setdefault(_ANNOUNCED, []).append((signal, sender, kwargs))


def take_announced(session: Session) -> list[Announcement]:
    """Empty the session's queue, returning what it held, oldest first."""
    return session.info.pop(_ANNOUNCED, [])


def send(announcements: list[Announcement]) -> None:
    for signal, sender, kwargs in announcements:
        signal.send(sender, **kwargs)


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        marks = session.info.setdefault(_SAVEPOINT_MARKS, {})
        marks[transaction] = len(session.info.get(_ANNOUNCED, []))


@event.listens_for(Session, "after_rollback")
def _drop_rolled_back_savepoint(session: Session) -> None:
    # Sent before the rolled-back transaction closes: a savepoint is still the innermost.
    mark = session.info.get(_SAVEPOINT_MARKS, {}).get(session.get_nested_transaction())
    if mark is not None:
        del session.info.get(_ANNOUNCED, [])[mark:]


@event.listens_for(Session, "after_transaction_end")
def _forget_ended_transaction(session: Session, transaction: SessionTransaction) -> None:
    session.info.get(_SAVEPOINT_MARKS, {}).pop(transaction, None)
    # The unit of work takes the queue before it commits: whatever is still queued when
    # the outermost transaction ends was rolled back, or closed without a commit.
    if transaction.parent is None:
        session.info.pop(_ANNOUNCED, None)
