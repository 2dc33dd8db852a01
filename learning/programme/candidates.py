"""Choosing champions: HR or an admin rates a candidate 1 to 3 on four criteria; a
total of SUITABLE_TOTAL (8) or more out of 12 marks a suitable leader.

Each rater keeps one rating per candidate: rating the same candidate again replaces the
rater's previous rating (and its time), so the list shows, per candidate and rater, the
latest rating and when it was made. The database holds the rules: each criterion
between 1 and 3 (check constraints), one rating per candidate and rater (a unique key,
written with an upsert, so two submissions at the same moment leave one row).
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from learning.auth import services as accounts
from learning.auth.models import User
from learning.database import utcnow
from learning.errors import Invalid, NotFound
from learning.extensions import db
from learning.programme.models import CRITERIA, HIGHEST, LOWEST, SUITABLE_TOTAL, CandidateRating

CRITERION_LABELS = {
    "charismatic": _l("Charismatic"),
    "known": _l("Known"),
    "recognised": _l("Recognised by peers"),
    "available": _l("Available"),
}


class InvalidRating(Invalid):
    code = "invalid_rating"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class RatingRow:
    id: int
    candidate_id: int
    candidate: str
    candidate_email: str
    department: str
    rated_by: str
    rated_at: datetime
    scores: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    @property
    def suitable(self) -> bool:
        return self.total >= SUITABLE_TOTAL


def _upsert():
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(CandidateRating)


def rate(by: User, candidate_email: str | None, scores: dict, now: datetime | None = None) -> int:
    """Record `by`'s rating of the person with this e-mail; return the total. Everything
    is checked first: a refusal writes nothing."""
    checked = {}
    for name in CRITERIA:
        value = scores.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidRating(
                _("Rate “%(criterion)s” from 1 to 3.", criterion=CRITERION_LABELS[name]), name
            )
        if not LOWEST <= value <= HIGHEST:
            raise InvalidRating(
                _(
                    "“%(criterion)s” is rated from 1 to 3, not %(value)d.",
                    criterion=CRITERION_LABELS[name],
                    value=value,
                ),
                name,
            )
        checked[name] = value
    email = (candidate_email or "").strip().lower()
    if not email:
        raise InvalidRating(_("Give the candidate's e-mail address."), "candidate")
    candidate = accounts.find_user_by_email(email)
    if candidate is None or not candidate.is_active or not candidate.is_person:
        raise NotFound(
            _("Nobody with the e-mail address %(email)s works here.", email=email[:254]),
            code="person_not_found",
        )
    insert = _upsert().values(
        candidate_id=candidate.id, rated_by_id=by.id, rated_at=now or utcnow(), **checked
    )
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["candidate_id", "rated_by_id"],
            set_={name: insert.excluded[name] for name in (*CRITERIA, "rated_at")},
        )
    )
    return sum(checked.values())


def ratings() -> list[RatingRow]:
    """Every rating, the highest total first: one statement."""
    candidate, rater = aliased(User), aliased(User)
    query = (
        sa.select(CandidateRating, candidate, rater.name)
        .join(candidate, candidate.id == CandidateRating.candidate_id)
        .join(rater, rater.id == CandidateRating.rated_by_id)
    )
    rows = [
        RatingRow(
            id=rating.id,
            candidate_id=person.id,
            candidate=person.name,
            candidate_email=person.email,
            department=person.department or "",
            rated_by=rater_name,
            rated_at=rating.rated_at,
            scores={name: getattr(rating, name) for name in CRITERIA},
        )
        for rating, person, rater_name in db.session.execute(query)
    ]
    return sorted(rows, key=lambda r: (-r.total, r.candidate.casefold(), r.rated_by))
