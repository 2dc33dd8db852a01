"""Reminder e-mails: to people whose path is overdue, and to people who must acknowledge
a new version of the conduct guide.

Never more than one reminder a week per person, whatever it is about: a reminder is sent
only when the person's last one is at least seven days old (sent on day 0, the next may go
on day 7). The rule is kept by a check-then-insert under a lock: `send` locks the people's
rows (SELECT ... FOR UPDATE on PostgreSQL; SQLite lets one writer at a time), then, in a
fresh statement, picks those still without a reminder that week, and records one for each
in the same transaction. A second sender waits for the lock and then finds them reminded.
A unique key cannot say "within seven days", hence the lock.

An objector is reminded of their training and the guide, never of sharing: the message
they get does not mention it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from learning import mail
from learning.auth.models import User
from learning.conduct import services as conduct
from learning.database import utcnow
from learning.extensions import db
from learning.hr import overdue
from learning.hr.models import Reminder
from learning.progress.services import completed_path_ids

WEEK = timedelta(days=7)
LIST_LIMIT = 500
HISTORY_LIMIT = 100


@dataclass
class Due:
    user: User
    training: bool  # path overdue
    guide: bool  # the current guide to acknowledge
    last_sent_at: datetime | None
    deadline: date

    @property
    def next_possible_at(self) -> datetime | None:
        return self.last_sent_at + WEEK if self.last_sent_at is not None else None

    def can_send(self, now: datetime) -> bool:
        return self.last_sent_at is None or self.last_sent_at <= now - WEEK


@dataclass
class DueList:
    rows: list[Due]
    total: int
    overdue: int
    must_reacknowledge: int


def _last_sent():
    return (
        sa.select(Reminder.user_id, sa.func.max(Reminder.sent_at).label("sent_at"))
        .group_by(Reminder.user_id)
        .subquery("last_sent")
    )


def _due_query(now: datetime, guide_id: int | None) -> sa.Select:
    # Who completed their path, joined once: each condition below reads it.
    done = completed_path_ids(overdue.active_people()).subquery("done")
    late = overdue.is_overdue(now.date(), completed=done.c.user_id.is_not(None))
    reacknowledge = overdue.must_reacknowledge(guide_id)
    guide_due = sa.or_(reacknowledge, sa.and_(late, sa.not_(overdue.acknowledged(guide_id))))
    last = _last_sent()
    return (
        sa.select(
            User,
            late.label("training"),
            reacknowledge.label("reacknowledge"),
            guide_due.label("guide"),
            last.c.sent_at,
        )
        .outerjoin(done, done.c.user_id == User.id)
        .outerjoin(last, last.c.user_id == User.id)
        .where(User.id.in_(overdue.active_people()), sa.or_(late, reacknowledge))
    )


def due(now: datetime | None = None) -> DueList:
    """Who is overdue or must re-acknowledge, with their last reminder: three queries."""
    now = now or utcnow()
    guide = conduct.current_version()
    query = _due_query(now, guide.id if guide is not None else None).subquery("due")
    overdue_count, reacknowledge_count, total = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.case((query.c.training, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((query.c.reacknowledge, 1), else_=0)), 0),
            sa.func.count(),
        )
    ).one()
    person = aliased(User, query)
    rows = db.session.execute(
        sa.select(person, query.c.training, query.c.guide, query.c.sent_at)
        .order_by(query.c.name, query.c.id)
        .limit(LIST_LIMIT)
    ).all()
    return DueList(
        rows=[
            Due(user, bool(training), bool(guide_due), sent_at, _deadline_of(user))
            for user, training, guide_due, sent_at in rows
        ],
        total=total,
        overdue=overdue_count,
        must_reacknowledge=reacknowledge_count,
    )


def _deadline_of(user: User) -> date:
    return overdue.deadline(user.hire_date or user.created_at.date())


@dataclass
class Sent:
    user: User
    training: bool
    guide: bool


def send(by: User | None = None, now: datetime | None = None) -> list[Sent]:
    """Send a reminder to everyone due one who has had none this week, and record it.

    The messages go out once the caller's unit of work commits (`learning.mail`).
    """
    now = now or utcnow()
    guide = conduct.current_version()
    guide_id = guide.id if guide is not None else None
    candidates = _due_query(now, guide_id).with_only_columns(User.id)
    # The lock: whoever else is sending to these people finishes first.
    db.session.execute(
        sa.select(User.id).where(User.id.in_(candidates)).order_by(User.id).with_for_update()
    )
    reminded_this_week = sa.exists().where(
        Reminder.user_id == User.id, Reminder.sent_at > now - WEEK
    )
    rows = db.session.execute(
        _due_query(now, guide_id).where(sa.not_(reminded_this_week)).order_by(User.id)
    ).all()
    sent = []
    for user, training, _reacknowledge, guide_due, _last in rows:
        db.session.add(
            Reminder(
                user_id=user.id,
                about_training=bool(training),
                about_guide=bool(guide_due),
                sent_by_id=by.id if by is not None else None,
                sent_at=now,
            )
        )
        _mail(user, bool(training), bool(guide_due), guide.version if guide else None)
        sent.append(Sent(user, bool(training), bool(guide_due)))
    db.session.flush()
    return sent


def _link(endpoint: str) -> str:
    """An absolute link, also from the scheduler's command (no request there)."""
    if has_request_context():
        return url_for(endpoint, _external=True)
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://localhost"
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True)


def _mail(user: User, training: bool, guide: bool, guide_version: int | None) -> None:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        body = render_template(
            "hr/mail/reminder.txt",
            name=user.name,
            training=training,
            guide=guide,
            guide_version=guide_version,
            deadline=_deadline_of(user),
            objector=user.level == "objector",
            path_link=_link("progress.path"),
            guide_link=_link("conduct.guide"),
        )
        if training:
            subject = _("Reminder: your social-media training is waiting for you")
        else:
            subject = _("Reminder: please read the new conduct guide")
    mail.send_after_commit(user.email, subject, body)


def history(limit: int = HISTORY_LIMIT) -> list[Reminder]:
    """The reminders sent, latest first, with who they went to and who sent them."""
    recipient = aliased(User)
    return list(
        db.session.execute(
            sa.select(Reminder)
            .join(recipient, recipient.id == Reminder.user_id)
            .options(sa.orm.contains_eager(Reminder.user.of_type(recipient)))
            .options(sa.orm.joinedload(Reminder.sent_by))
            .order_by(Reminder.sent_at.desc(), Reminder.id.desc())
            .limit(limit)
        ).scalars()
    )
