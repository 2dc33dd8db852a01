"""Awards by hand ("expert" recognitions) and revocations, with their audit.

A champion awards a badge marked `manual` to an employee in their scope (their own
department, or someone who shared an item of an objective the champion created), with a
written reason, at most MANUAL_AWARDS_PER_MONTH a calendar month (UTC). An admin may award
any manual badge to anyone, without a cap. HR and admins revoke any award, with a reason.
Each manual award and each revocation writes an AwardAudit row in the same unit of work.

Every refusal is checked before anything is written; what only the database can settle
(two awards of the same badge to the same person at the same moment, two revocations of
one award) is settled there: the award's unique key, inside a savepoint, and a
revocation that updates only a row not yet revoked.
"""

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from learning.advocacy.models import ContentItem, Objective
from learning.auth.models import User, UserRole
from learning.badges.models import Award, AwardAudit, Badge
from learning.badges.services import new_salt
from learning.database import utcnow
from learning.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from learning.extensions import db
from learning.roles import PERSON_ROLES
from learning.sharing.models import Share

REASON_LENGTH = 1000
DEFAULT_MONTHLY_CAP = 5
AWARDERS = ("champion", "admin")
REVOKERS = ("hr", "admin")


def refusal(error_class, message: str, code: str, field: str | None = None) -> DomainError:
    error = error_class(message, code=code)
    error.field = field  # the form field a page shows it beside (see views.refused)
    return error


def clean_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise refusal(Invalid, _("Write the reason."), "reason_required", "reason")
    if len(text) > REASON_LENGTH:
        raise refusal(
            Invalid,
            _("Keep the reason within %(count)d characters.", count=REASON_LENGTH),
            "reason_too_long",
            "reason",
        )
    return text


def monthly_cap() -> int:
    return int(current_app.config.get("MANUAL_AWARDS_PER_MONTH", DEFAULT_MONTHLY_CAP))


def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def awarded_this_month(actor: User, now: datetime | None = None) -> int:
    """Manual awards the person gave since the start of the calendar month (UTC), counted
    in SQL from the audit: a revoked award still counts, it was given."""
    start = month_start(now or utcnow())
    return db.session.scalar(
        sa.select(sa.func.count(AwardAudit.id)).where(
            AwardAudit.actor_id == actor.id,
            AwardAudit.action == "awarded",
            AwardAudit.happened_at >= start,
        )
    )


def remaining_allowance(actor: User) -> int | None:
    """How many more awards the person may give this month; None for no cap (admins)."""
    if actor.has_role("admin"):
        return None
    return max(0, monthly_cap() - awarded_this_month(actor))


def _people() -> sa.Select:
    """Active people (never an integration account), as a select of users."""
    return sa.select(User).where(
        User.is_active.is_(True),
        sa.exists().where(UserRole.user_id == User.id, UserRole.role.in_(PERSON_ROLES)),
    )


def _scope_condition(actor: User):
    """Who a champion may recognise: their department, or who shared for their objectives."""
    shared_for_mine = sa.exists().where(
        Share.user_id == User.id,
        Share.item_id == ContentItem.id,
        ContentItem.objective_id == Objective.id,
        Objective.created_by_id == actor.id,
    )
    if actor.department:
        return sa.or_(User.department == actor.department, shared_for_mine)
    return shared_for_mine


def people_in_scope(actor: User) -> list[User]:
    """Whom the person may award a badge to, by name: one query."""
    query = _people().where(User.id != actor.id).order_by(User.name, User.id)
    if not actor.has_role("admin"):
        query = query.where(_scope_condition(actor))
    return list(db.session.scalars(query))


def manual_badges() -> list[Badge]:
    return list(
        db.session.scalars(
            sa.select(Badge)
            .where(Badge.criteria_kind == "manual", Badge.retired_at.is_(None))
            .order_by(Badge.position, Badge.name)
        )
    )


def _badge(slug: str) -> Badge:
    badge = db.session.scalar(sa.select(Badge).where(Badge.slug == slug))
    if badge is None or badge.retired_at is not None:
        raise refusal(NotFound, _("There is no such badge."), "unknown_badge", "badge")
    if not badge.manual:
        raise refusal(
            Invalid,
            _(
                "“%(name)s” is earned by what people do; it cannot be awarded by hand.",
                name=badge.name,
            ),
            "badge_not_manual",
            "badge",
        )
    return badge


def _recipient(actor: User, user_id: int | None) -> User:
    recipient = db.session.scalar(_people().where(User.id == user_id)) if user_id else None
    if recipient is None:
        raise refusal(NotFound, _("There is no such person."), "unknown_person", "person")
    if recipient.id == actor.id:
        raise refusal(Forbidden, _("Nobody awards a badge to themself."), "outside_scope", "person")
    if not actor.has_role("admin"):
        in_scope = db.session.scalar(
            sa.select(sa.literal(True)).where(User.id == recipient.id, _scope_condition(actor))
        )
        if not in_scope:
            raise refusal(
                Forbidden,
                _(
                    "%(name)s is outside your scope: you recognise people of your department "
                    "or who shared for your objectives.",
                    name=recipient.name,
                ),
                "outside_scope",
                "person",
            )
    return recipient


def holds(person: User, badge: Badge) -> bool:
    """Whether the person was given the badge (revoked or not: the unique key is on both)."""
    return bool(
        db.session.scalar(
            sa.select(Award.id).where(Award.badge_id == badge.id, Award.user_id == person.id)
        )
    )


def _lock_actor(actor: User) -> None:
    """Two awards by the same champion at the same moment are counted one after the other:
    the champion's row is locked until the award is committed (PostgreSQL; SQLite has a
    single writer anyway)."""
    db.session.execute(sa.select(User.id).where(User.id == actor.id).with_for_update())


def award_by_hand(actor: User, badge_slug: str, user_id: int | None, reason: str | None) -> Award:
    """Give a manual badge to a person, with the reason; refuse with a clear error and write
    nothing if anything is wrong."""
    if not actor.has_role(*AWARDERS):
        raise refusal(Forbidden, _("Only champions and admins award badges."), "forbidden")
    text = clean_reason(reason)
    badge = _badge(badge_slug)
    recipient = _recipient(actor, user_id)
    if not actor.has_role("admin"):
        _lock_actor(actor)
        if awarded_this_month(actor) >= monthly_cap():
            raise refusal(
                Conflict,
                _(
                    "You have given your %(count)d awards of this month; more are possible "
                    "from the first of next month.",
                    count=monthly_cap(),
                ),
                "monthly_cap_reached",
            )
    already = _("%(name)s already holds “%(badge)s”.", name=recipient.name, badge=badge.name)
    if holds(recipient, badge):
        raise refusal(Conflict, already, "already_awarded", "person")
    award = Award(
        badge_id=badge.id,
        user_id=recipient.id,
        awarded_by_id=actor.id,
        reason=text,
        salt=new_salt(),
        evidence={"reason": text, "awarded_by": actor.name},
    )
    try:
        with db.session.begin_nested():
            db.session.add(award)
            db.session.flush()
    except sa.exc.IntegrityError:
        # Someone gave the same badge to the same person a moment ago: theirs stands.
        raise refusal(Conflict, already, "already_awarded", "person") from None
    db.session.add(AwardAudit(award_id=award.id, action="awarded", actor_id=actor.id, reason=text))
    db.session.flush()
    return award


def get_award(award_id: int) -> Award:
    award = db.session.get(Award, award_id)
    if award is None:
        raise refusal(NotFound, _("There is no such award."), "unknown_award")
    return award


def revoke(actor: User, award_id: int, reason: str | None) -> Award:
    """Withdraw an award, with the reason. The update touches only an award not yet revoked,
    so of two revocations at the same moment one succeeds and the other is told."""
    if not actor.has_role(*REVOKERS):
        raise refusal(Forbidden, _("Only HR and admins revoke badges."), "forbidden")
    text = clean_reason(reason)
    award = get_award(award_id)
    result = db.session.execute(
        sa.update(Award)
        .where(Award.id == award.id, Award.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id, revocation_reason=text)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise refusal(Conflict, _("This award was already revoked."), "already_revoked")
    db.session.add(AwardAudit(award_id=award.id, action="revoked", actor_id=actor.id, reason=text))
    db.session.flush()
    db.session.refresh(award)
    return award
