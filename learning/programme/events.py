"""Programme events: champions schedule them, people see those meant for them, and the
champion records who attended.

A recurring event (monthly or quarterly) is created as its occurrences for the next
twelve months (12 monthly, 4 quarterly), each a row of its own sharing the first one's
`series_id`: each occurrence has its date and attendance, and the health page counts
occurrences. The dates recur in UTC on the same day of the month (the last day of a
shorter month when the day does not exist there).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.advocacy.models import ContentItem, Objective
from learning.auth.models import User, UserRole
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import DomainError, Invalid, NotFound
from learning.extensions import db
from learning.programme.models import (
    AUDIENCES,
    EVENT_KINDS,
    RECURRENCES,
    TITLE_LENGTH,
    EventAttendance,
    ProgrammeEvent,
)
from learning.roles import PERSON_ROLES
from learning.sharing.models import Share

KIND_LABELS = {
    "training": _l("Training"),
    "quarterly_review": _l("Quarterly review"),
    "workshop": _l("Workshop"),
}
AUDIENCE_LABELS = {
    "everyone": _l("Everyone"),
    "department": _l("A department"),
    "objective": _l("An objective's sharers"),
}
RECURRENCE_LABELS = {
    "none": _l("Once"),
    "monthly": _l("Every month, for a year"),
    "quarterly": _l("Every quarter, for a year"),
}
OCCURRENCES = {"none": 1, "monthly": 12, "quarterly": 4}
STEP_MONTHS = {"none": 0, "monthly": 1, "quarterly": 3}
# The attendance form lists at most this many people of the audience.
ATTENDANCE_LIST_LIMIT = 500
LISTED = 100


class InvalidEvent(Invalid):
    code = "invalid_event"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class EventRow:
    event: ProgrammeEvent
    attended: int


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def create_event(
    by: User,
    *,
    kind: str,
    title: str | None,
    starts_at: datetime | None,
    audience: str,
    department: str | None = None,
    objective_id: int | None = None,
    recurrence: str = "none",
    now: datetime | None = None,
) -> list[ProgrammeEvent]:
    """Schedule an event and, when it recurs, its occurrences for the next twelve
    months. Everything is checked first: a refusal writes nothing."""
    now = now or utcnow()
    title = (title or "").strip()
    if not title:
        raise InvalidEvent(_("Give the event a title."), "title")
    if len(title) > TITLE_LENGTH:
        raise InvalidEvent(
            _("A title has at most %(count)d characters.", count=TITLE_LENGTH), "title"
        )
    if kind not in EVENT_KINDS:
        raise InvalidEvent(_("Choose a training, a quarterly review or a workshop."), "kind")
    if starts_at is None:
        raise InvalidEvent(_("Give the date and time the event starts."), "starts_at")
    if starts_at <= now:
        raise InvalidEvent(_("A new event starts in the future, not in the past."), "starts_at")
    if recurrence not in RECURRENCES:
        raise InvalidEvent(_("Choose once, every month or every quarter."), "recurrence")
    department = (department or "").strip() or None
    if audience not in AUDIENCES:
        raise InvalidEvent(
            _("Unknown audience: choose everyone, a department or an objective's sharers."),
            "audience",
        )
    if audience == "department":
        known = db.session.execute(
            sa.select(sa.exists().where(User.department == department))
        ).scalar_one()
        if not department or not known:
            raise InvalidEvent(_("Choose a department people belong to."), "department")
    else:
        department = None
    if audience == "objective":
        if objective_id is None or db.session.get(Objective, objective_id) is None:
            raise InvalidEvent(_("Choose the objective whose sharers are invited."), "objective_id")
    else:
        objective_id = None
    occurrences = []
    for number in range(OCCURRENCES[recurrence]):
        occurrence = ProgrammeEvent(
            kind=kind,
            title=title,
            starts_at=add_months(starts_at, number * STEP_MONTHS[recurrence]),
            audience=audience,
            department=department,
            objective_id=objective_id,
            recurrence=recurrence,
            created_by=by,
        )
        db.session.add(occurrence)
        occurrences.append(occurrence)
    db.session.flush()
    if recurrence != "none":
        for occurrence in occurrences:
            occurrence.series_id = occurrences[0].id
        db.session.flush()
    return occurrences


def get_event(event_id: int) -> ProgrammeEvent:
    event = db.session.get(ProgrammeEvent, event_id)
    if event is None:
        raise NotFound(_("There is no such event."), code="event_not_found")
    return event


def _attended_counts():
    return (
        sa.select(EventAttendance.event_id, sa.func.count().label("attended"))
        .group_by(EventAttendance.event_id)
        .subquery("attended")
    )


def _rows(query) -> list[EventRow]:
    attended = _attended_counts()
    query = query.add_columns(sa.func.coalesce(attended.c.attended, 0)).outerjoin(
        attended, attended.c.event_id == ProgrammeEvent.id
    )
    return [EventRow(event, count) for event, count in db.session.execute(query)]


def upcoming_and_past(now: datetime | None = None) -> tuple[list[EventRow], list[EventRow]]:
    """Every event coming (soonest first) and the last held (latest first), for champions."""
    now = now or utcnow()
    base = sa.select(ProgrammeEvent).options(sa.orm.joinedload(ProgrammeEvent.objective))
    coming = _rows(
        base.where(ProgrammeEvent.starts_at > now).order_by(ProgrammeEvent.starts_at).limit(LISTED)
    )
    past = _rows(
        base.where(ProgrammeEvent.starts_at <= now)
        .order_by(ProgrammeEvent.starts_at.desc())
        .limit(LISTED)
    )
    return coming, past


def _for_person(user: User):
    """The condition on events whose audience includes `user`."""
    shared_for = (
        sa.select(ContentItem.objective_id)
        .join(Share, Share.item_id == ContentItem.id)
        .where(Share.user_id == user.id, ContentItem.objective_id == ProgrammeEvent.objective_id)
    )
    return sa.or_(
        ProgrammeEvent.audience == "everyone",
        sa.and_(
            ProgrammeEvent.audience == "department", ProgrammeEvent.department == user.department
        ),
        sa.and_(ProgrammeEvent.audience == "objective", shared_for.exists()),
    )


def upcoming_for(user: User, now: datetime | None = None) -> list[ProgrammeEvent]:
    """The events to come whose audience includes the person, soonest first."""
    now = now or utcnow()
    query = (
        sa.select(ProgrammeEvent)
        .options(sa.orm.joinedload(ProgrammeEvent.objective))
        .where(ProgrammeEvent.starts_at > now, _for_person(user))
        .order_by(ProgrammeEvent.starts_at)
        .limit(LISTED)
    )
    return list(db.session.scalars(query))


def audience_people(event: ProgrammeEvent) -> list[User]:
    """The people the event was for, by name (at most ATTENDANCE_LIST_LIMIT), with those
    recorded as attending whatever their audience."""
    people = sa.select(UserRole.user_id).where(UserRole.role.in_(PERSON_ROLES))
    condition = sa.and_(User.is_active.is_(True), User.id.in_(people))
    if event.audience == "department":
        condition = sa.and_(condition, User.department == event.department)
    elif event.audience == "objective":
        sharers = (
            sa.select(Share.user_id)
            .join(ContentItem, ContentItem.id == Share.item_id)
            .where(ContentItem.objective_id == event.objective_id)
        )
        condition = sa.and_(condition, User.id.in_(sharers))
    attended = sa.select(EventAttendance.user_id).where(EventAttendance.event_id == event.id)
    query = (
        sa.select(User)
        .where(sa.or_(condition, User.id.in_(attended)))
        .order_by(User.name, User.id)
        .limit(ATTENDANCE_LIST_LIMIT)
    )
    return list(db.session.scalars(query))


def attendee_ids(event: ProgrammeEvent) -> set[int]:
    query = sa.select(EventAttendance.user_id).where(EventAttendance.event_id == event.id)
    return set(db.session.scalars(query))


def record_attendance(
    event: ProgrammeEvent, by: User, user_ids: list[int], now: datetime | None = None
) -> int:
    """Record exactly these people as having attended (replacing what was recorded).
    Only once the event has started; every id must be a person's. Returns how many."""
    now = now or utcnow()
    if event.starts_at > now:
        raise DomainError(
            _("Attendance is recorded once the event has started."), code="event_not_started"
        )
    wanted = set(user_ids)
    known = set(
        db.session.scalars(
            sa.select(UserRole.user_id)
            .where(UserRole.user_id.in_(wanted), UserRole.role.in_(PERSON_ROLES))
            .distinct()
        )
    )
    if unknown := wanted - known:
        raise NotFound(
            _("Unknown people: %(ids)s.", ids=", ".join(map(str, sorted(unknown)[:10]))),
            code="person_not_found",
        )
    current = attendee_ids(event)
    if gone := current - wanted:
        db.session.execute(
            sa.delete(EventAttendance).where(
                EventAttendance.event_id == event.id, EventAttendance.user_id.in_(gone)
            )
        )
    # Two champions recording at the same moment: the primary key decides, quietly.
    for user_id in sorted(wanted - current):
        insert_ignoring_duplicates(
            db.session,
            EventAttendance,
            event_id=event.id,
            user_id=user_id,
            recorded_by_id=by.id,
            recorded_at=now,
        )
    db.session.flush()
    return len(wanted)


def departments() -> list[str]:
    query = sa.select(User.department).where(User.department.is_not(None)).distinct()
    return sorted(db.session.scalars(query), key=str.casefold)
