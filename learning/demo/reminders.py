"""The demo's reminder history: a few reminders sent in the past weeks, by the daily
scheduler and by HR, so that the reminders page has a history on first run.

Only the record is written (no e-mail goes out), at least a week ago, so that the people
late today are due a reminder again when HR presses the button.
"""

from datetime import timedelta

from learning.database import utcnow
from learning.extensions import db
from learning.hr.models import Reminder

# (to whom, sent by (None: the scheduler), about the path, about the guide, days ago)
REMINDERS = [
    ("tom@example.com", None, True, True, 21),
    ("paul@example.com", None, True, True, 21),
    ("lucas@example.com", "hr@example.com", True, True, 14),
    ("tom@example.com", None, True, True, 8),
    ("marie@example.com", "hr@example.com", True, False, 7),
]


def seed(people: dict) -> None:
    now = utcnow()
    for email, sender, training, guide, days_ago in REMINDERS:
        if email not in people:
            continue
        db.session.add(
            Reminder(
                user_id=people[email].id,
                about_training=training,
                about_guide=guide,
                sent_by_id=people[sender].id if sender in people else None,
                sent_at=now - timedelta(days=days_ago, hours=3),
            )
        )
    db.session.flush()
