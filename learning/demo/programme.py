"""The demo's programme: who is shown on the leaderboards, a little sharing this month
(so the month's board has something on the first of it), past events with their
attendance and events to come, and candidate champions rated by HR.

Past events are written as rows with past dates (the service schedules only the future).
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa

from learning.advocacy.models import ContentItem
from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db
from learning.programme import candidates, events
from learning.programme.models import CRITERIA, EventAttendance, ProgrammeEvent
from learning.sharing.models import Click, Share

# Shown by name; Inès and Hana share too but have not opted in, so colleagues see
# "colleagues not shown", and they see their own rank.
OPTED_IN = ("champion@example.com", "nadia@example.com", "lucas@example.com")
# This month's shares: (e-mail, counted clicks brought).
THIS_MONTH = (("nadia@example.com", 4), ("ines@example.com", 6), ("champion@example.com", 2))
# (days ago, kind, title, audience department or None, who attended)
PAST_EVENTS = (
    (95, "training", "Sharing clinic: your LinkedIn profile", None, ("nadia", "ines", "hr")),
    (60, "quarterly_review", "Quarterly review of the programme", None, ("nadia", "hr")),
    (25, "workshop", "Writing your own story for the hub", "Sales", ("nadia",)),
    (6, "training", "Sharing clinic: what to share, what not", None, ("ines", "paul")),
)
# (candidate, charismatic, known, recognised, available): 10, 7 and 8 out of 12.
RATINGS = (
    ("nadia@example.com", 3, 3, 2, 2),
    ("lucas@example.com", 2, 2, 2, 1),
    ("ines@example.com", 2, 2, 2, 2),
)


def seed(people: dict[str, User]) -> None:
    now = utcnow()
    champion, hr = people["champion@example.com"], people["hr@example.com"]
    for email in OPTED_IN:
        people[email].leaderboard_opt_in = True
    item = db.session.scalars(
        sa.select(ContentItem).where(ContentItem.status == "published").order_by(ContentItem.id)
    ).first()
    earlier_today = now - (now - now.replace(hour=0, minute=0, second=0, microsecond=0)) / 2
    for email, clicks in THIS_MONTH:
        share = Share(
            code=secrets.token_urlsafe(9),
            user=people[email],
            item=item,
            network="linkedin",
            text=item.suggested_text,
            created_at=earlier_today,
        )
        db.session.add(share)
        db.session.flush()
        db.session.add_all(
            Click(share_id=share.id, clicked_at=earlier_today, kind="person") for _ in range(clicks)
        )
    for days_ago, kind, title, department, attended in PAST_EVENTS:
        event = ProgrammeEvent(
            kind=kind,
            title=title,
            starts_at=(now - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0),
            audience="department" if department else "everyone",
            department=department,
            created_by=champion,
        )
        db.session.add(event)
        db.session.flush()
        db.session.add_all(
            EventAttendance(
                event_id=event.id,
                user_id=people[f"{name}@example.com"].id,
                recorded_by_id=champion.id,
            )
            for name in attended
        )
    soon = (now + timedelta(days=9)).replace(hour=9, minute=30, second=0, microsecond=0)
    events.create_event(
        champion,
        kind="training",
        title="Monthly sharing clinic",
        starts_at=soon,
        audience="everyone",
        recurrence="monthly",
        now=now,
    )
    events.create_event(
        champion,
        kind="workshop",
        title="Sales stories workshop",
        starts_at=soon + timedelta(days=3),
        audience="department",
        department="Sales",
        now=now,
    )
    for email, *scores in RATINGS:
        candidates.rate(hr, email, dict(zip(CRITERIA, scores, strict=True)), now=now)
    db.session.flush()
