"""The demo's recognitions: badges awarded by hand by the champion and an admin, with
their reasons, and one revoked by HR, so that the audit has rows on first run.

They use the manual badges the badge definitions declare (`courses/`), in their order;
without any, there is nothing to award by hand and nothing is added.
"""

from datetime import timedelta

import sqlalchemy as sa

from learning.auth.models import User
from learning.badges import manual
from learning.badges.models import Award, AwardAudit
from learning.extensions import db

# (who awards, to whom, which manual badge by its rank, days ago, reason)
AWARDS = [
    (
        "champion@example.com",
        "ines@example.com",
        0,
        40,
        "Her posts about the spring job fair brought the most sign-ups of the campaign.",
    ),
    (
        "champion@example.com",
        "nadia@example.com",
        1,
        12,
        "Coached three colleagues of Sales through their first shares, patiently.",
    ),
    (
        "admin@example.com",
        "lucas@example.com",
        0,
        5,
        "Wrote the hub story about our engineers' volunteering day.",
    ),
    (
        "champion@example.com",
        "nadia@example.com",
        0,
        3,
        "Answered every comment on the product launch within the hour.",
    ),
]
# The award that HR then withdraws: the admin's to Lucas, given to the wrong person.
REVOKED = ("lucas@example.com", "Meant for Lucie Petit of Engineering, not Lucas: given in error.")


def seed(people: dict[str, User]) -> None:
    badges = manual.manual_badges()
    if not badges:
        return
    for actor, recipient, rank, days_ago, reason in AWARDS:
        badge = badges[min(rank, len(badges) - 1)]
        if manual.holds(people[recipient], badge):
            continue
        award = manual.award_by_hand(people[actor], badge.slug, people[recipient].id, reason)
        _backdate(award, days_ago)
    email, reason = REVOKED
    withdrawn = db.session.scalar(
        sa.select(Award).where(Award.user_id == people[email].id, Award.awarded_by_id.is_not(None))
    )
    if withdrawn is not None:
        manual.revoke(people["hr@example.com"], withdrawn.id, reason)
    db.session.flush()


def _backdate(award: Award, days_ago: int) -> None:
    """The award, and its audit row, as given `days_ago` days ago."""
    moment = award.awarded_at - timedelta(days=days_ago)
    award.awarded_at = moment
    db.session.execute(
        sa.update(AwardAudit).where(AwardAudit.award_id == award.id).values(happened_at=moment)
    )
