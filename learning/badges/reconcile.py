"""The reconciliation: clicks and sign-ups become badges without touching the redirect.

`/s/{code}` writes one click row and nothing else, and a sign-up report writes one
conversion row; neither sends a signal. This job reads what is newer than a watermark
(`badge_watermark`), adds each sharer's new counted clicks and attributed sign-ups to
their running counters (`badge_counters`), awards the click, sign-up and objective
badges of the people concerned, and moves the watermark, all in one transaction: a
process that dies half-way commits nothing, and the next run does the same work again.

Who runs it, without anyone starting it by hand:
- a daemon thread, started by the first request a serving process handles (never in
  `create_app`, which does no database work, nor under tests unless they ask), runs it
  every `BADGES_RECONCILE_SECONDS` (20 by default);
- the pages that show badges run it first when its last run is older than a minute;
- `flask badges reconcile` runs it once.
Only one process works at a time: on PostgreSQL the watermark row is locked with
`FOR UPDATE SKIP LOCKED` (another process skips this round); SQLite lets one writer
in at a time, and whoever comes second finds the watermark already moved.

A click is read once it is `SETTLING` old, so that a click whose id was drawn before
another's but committed after it is not passed over by the watermark.
"""

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app

from learning.auth.models import User
from learning.badges import rules, services
from learning.badges.models import BadgeCounter, BadgeWatermark
from learning.database import utcnow
from learning.extensions import db
from learning.sharing.models import Click, Conversion, Share

log = logging.getLogger(__name__)
STATE_ID = 1
SETTLING = timedelta(seconds=2)
STALE_AFTER = timedelta(minutes=1)
DEFAULT_INTERVAL_SECONDS = 20
COUNTED = "person"


@dataclass
class Reconciled:
    ran: bool = True
    clicks: int = 0
    signups: int = 0
    people: int = 0
    awarded: list[tuple[int, int]] = field(default_factory=list)  # (badge id, user id)


def _upsert(model):
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _locked_state() -> BadgeWatermark | None:
    """The watermark row, held until the transaction ends; None when another process
    holds it (PostgreSQL) and so is doing this work now."""
    db.session.execute(_upsert(BadgeWatermark).values(id=STATE_ID).on_conflict_do_nothing())
    query = sa.select(BadgeWatermark).where(BadgeWatermark.id == STATE_ID)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.execute(query.execution_options(populate_existing=True)).scalar_one_or_none()


def _add_to_counters(column: str, counts: dict[int, int]) -> None:
    if not counts:
        return
    statement = _upsert(BadgeCounter).values(
        [
            {"user_id": user_id, column: count, "updated_at": utcnow()}
            for user_id, count in counts.items()
        ]
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[BadgeCounter.user_id],
            set_={
                column: getattr(BadgeCounter, column) + getattr(statement.excluded, column),
                "updated_at": statement.excluded.updated_at,
            },
        )
    )


def reconcile(now: datetime | None = None) -> Reconciled:
    """One run; adds and flushes, the caller's unit of work commits."""
    now = now or utcnow()
    state = _locked_state()
    if state is None:
        return Reconciled(ran=False)
    done = Reconciled()
    settled = now - SETTLING
    last_click = db.session.scalar(
        sa.select(sa.func.max(Click.id)).where(
            Click.id > state.last_click_id, Click.clicked_at <= settled
        )
    )
    clicks: dict[int, int] = {}
    if last_click is not None:
        clicks = dict(
            db.session.execute(
                sa.select(Share.user_id, sa.func.count())
                .select_from(Click)
                .join(Share, Share.id == Click.share_id)
                .where(
                    Click.id > state.last_click_id,
                    Click.id <= last_click,
                    Click.kind == COUNTED,
                )
                .group_by(Share.user_id)
            ).all()
        )
        _add_to_counters("clicks", clicks)
        state.last_click_id = last_click
    last_conversion = db.session.scalar(
        sa.select(sa.func.max(Conversion.id)).where(Conversion.id > state.last_conversion_id)
    )
    signups: dict[int, int] = {}
    if last_conversion is not None:
        signups = dict(
            db.session.execute(
                sa.select(Share.user_id, sa.func.count())
                .select_from(Conversion)
                .join(Share, Share.id == Conversion.share_id)
                .where(
                    Conversion.id > state.last_conversion_id,
                    Conversion.id <= last_conversion,
                    Conversion.attributed.is_(True),
                )
                .group_by(Share.user_id)
            ).all()
        )
        _add_to_counters("signups", signups)
        state.last_conversion_id = last_conversion
    last_share = db.session.scalar(sa.select(sa.func.max(Share.id))) or 0
    shares_seen = state.last_share_id
    anything_new = last_click is not None or last_conversion is not None
    anything_new = anything_new or last_share > shares_seen
    state.last_share_id = max(shares_seen, last_share)
    done.clicks, done.signups = sum(clicks.values()), sum(signups.values())
    db.session.flush()
    if anything_new:
        _award(done, state, set(clicks) | set(signups), shares_seen, now)
    state.ran_at = now
    db.session.flush()
    return done


def _award(
    done: Reconciled, state: BadgeWatermark, impacted: set[int], shares_seen: int, now
) -> None:
    """Evaluate the click and sign-up badges of the people whose counters moved, and the
    objective badges of those who shared for an objective that reached its target since
    the last run, or who shared for a reached one since then: never everyone again."""
    impact_badges = services.active_badges(rules.IMPACT_KINDS)
    objective_badges = services.active_badges(("objective_reached",))
    reached: list[int] = []
    for_objectives: set[int] = set()
    if objective_badges:
        reached = rules.reached_objective_ids(now)
        newly = set(reached) - set(state.objectives_reached or [])
        state.objectives_reached = sorted(reached)
        for_objectives = _sharers_for(newly) | _sharers_for(set(reached), after=shares_seen)
    people = (impacted if impact_badges else set()) | for_objectives
    if not people:
        return
    done.people = len(people)
    for person in db.session.scalars(sa.select(User).where(User.id.in_(people))):
        badges = (objective_badges if person.id in for_objectives else []) + (
            impact_badges if person.id in impacted else []
        )
        for badge in services.evaluate(person, None, badges=badges, reached=reached):
            done.awarded.append((badge.id, person.id))


def _sharers_for(objective_ids: set[int], after: int = 0) -> set[int]:
    """People who shared an item of these objectives (only shares newer than `after`)."""
    from learning.advocacy.models import ContentItem

    if not objective_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Share.user_id)
            .join(ContentItem, ContentItem.id == Share.item_id)
            .where(ContentItem.objective_id.in_(sorted(objective_ids)), Share.id > after)
            .distinct()
        )
    )


def catch_up_if_stale(now: datetime | None = None) -> None:
    """Run the reconciliation when nobody has for a minute (no background thread, or it
    died): a page that shows badges is then never more than a minute behind."""
    now = now or utcnow()
    ran_at = db.session.scalar(
        sa.select(BadgeWatermark.ran_at).where(BadgeWatermark.id == STATE_ID)
    )
    if ran_at is not None and now - ran_at < STALE_AFTER:
        return
    try:
        with db.session.begin_nested():
            reconcile(now)
    except sa.exc.OperationalError:
        log.warning("badge reconciliation skipped: the database is busy", exc_info=True)


# The background runner -----------------------------------------------------------------

_running: dict[int, threading.Event] = {}  # application id -> its thread's stop signal
_start_lock = threading.Lock()


def runs_in_background(app: Flask) -> bool:
    configured = app.config.get("BADGES_RECONCILE_IN_BACKGROUND")
    return (not app.testing) if configured is None else bool(configured)


def start_in_background(app: Flask) -> threading.Thread | None:
    """Start the process's reconciliation thread, once per application and process."""
    if not runs_in_background(app):
        return None
    with _start_lock:
        if id(app) in _running:
            return None
        stop = _running[id(app)] = threading.Event()
    interval = float(app.config.get("BADGES_RECONCILE_SECONDS", DEFAULT_INTERVAL_SECONDS))
    thread = threading.Thread(
        target=_run_until_stopped,
        args=(app, interval, stop),
        name="badge-reconciliation",
        daemon=True,
    )
    thread.start()
    return thread


def stop_in_background(app: Flask) -> None:
    """Ask the application's thread to stop after its current round (tests use it)."""
    with _start_lock:
        stop = _running.pop(id(app), None)
    if stop is not None:
        stop.set()


def run_once(app: Flask) -> Reconciled | None:
    from learning.transaction import unit_of_work

    with app.app_context():
        try:
            with unit_of_work():
                return reconcile()
        except Exception:  # the next round tries again; the watermark did not move
            log.exception("badge reconciliation failed")
            return None
        finally:
            db.session.remove()


def _run_until_stopped(app: Flask, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        run_once(app)
        stop.wait(interval)


def start_with_first_request() -> None:
    """A `before_app_request` hook: the serving process starts its thread lazily."""
    app = current_app._get_current_object()
    if id(app) not in _running:
        start_in_background(app)
