"""Awarding automatic badges, once, with their evidence; what a person holds and is
closest to; applying a new or changed rule to past activity.

An award is inserted with ON CONFLICT DO NOTHING on its unique (badge, person) key: two
events completing the same rule at the same moment (two clicks, two requests, two
processes) give one award, and the one that loses the race goes on quietly.
"""

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.auth.models import User
from learning.badges import rules
from learning.badges.models import SALT_LENGTH, Award, Badge
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import NotFound
from learning.extensions import db

# An objector is never nudged to share: these badges are not offered to them as "closest".
SHARING_FAMILY = (*rules.SHARING_KINDS, *rules.IMPACT_KINDS, "objective_reached")
AUTOMATIC_KINDS = (*rules.LEARNING_KINDS, *SHARING_FAMILY)


def new_salt() -> str:
    return secrets.token_hex(SALT_LENGTH // 2)


def active_badges(kinds=None) -> list[Badge]:
    query = sa.select(Badge).where(Badge.retired_at.is_(None)).order_by(Badge.position, Badge.id)
    if kinds is not None:
        query = query.where(Badge.criteria_kind.in_(list(kinds)))
    return list(db.session.scalars(query))


def get_badge(slug: str) -> Badge:
    badge = db.session.scalar(sa.select(Badge).where(Badge.slug == slug))
    if badge is None:
        raise NotFound(_("No such badge."), code="badge_not_found")
    return badge


def held_badge_ids(user_id: int) -> set[int]:
    """Every badge the person was ever awarded, revoked ones included: a revoked award is
    not given again by a rule."""
    return set(db.session.scalars(sa.select(Award.badge_id).where(Award.user_id == user_id)))


def award_automatically(badge: Badge, user_id: int, evidence: dict) -> bool:
    """Give the badge, unless the person already has it; True when this call gave it."""
    return insert_ignoring_duplicates(
        db.session,
        Award,
        badge_id=badge.id,
        user_id=user_id,
        awarded_at=utcnow(),
        evidence=evidence,
        salt=new_salt(),
    )


def evaluate(user: User, kinds, *, badges: list[Badge] | None = None, **context) -> list[Badge]:
    """Award what the person has earned among the badges of these kinds: a fixed number of
    statements whatever their history. Returns the badges given now."""
    candidates = badges if badges is not None else active_badges(kinds)
    if not candidates:
        return []
    held = held_badge_ids(user.id)
    candidates = [badge for badge in candidates if badge.id not in held and not badge.manual]
    if not candidates:
        return []
    facts = rules.read_facts(user, {badge.criteria_kind for badge in candidates}, **context)
    given = []
    for badge in candidates:
        progress = rules.progress_towards(badge, facts)
        if progress is None or not progress.reached:
            continue
        if award_automatically(badge, user.id, rules.evidence_for(badge, facts)):
            given.append(badge)
    return given


@dataclass
class Applied:
    badge: Badge
    user: User


def apply(slug: str | None = None) -> list[Applied]:
    """Apply a new or changed rule (or every automatic rule) to past activity: whoever
    has met it is awarded it now, and nobody twice. The counters are brought up to date
    first, so clicks and sign-ups count in full; each rule's candidates are found in one
    statement, and only they are evaluated."""
    from learning.badges import reconcile

    if slug is None:
        badges = active_badges(AUTOMATIC_KINDS)
    else:
        badge = get_badge(slug)
        if badge.manual:
            raise NotFound(
                _("A manual badge is awarded by a champion, not by a rule."), code="manual_badge"
            )
        badges = [badge]
    counted = reconcile.reconcile()
    applied = [
        Applied(db.session.get(Badge, badge_id), db.session.get(User, user_id))
        for badge_id, user_id in counted.awarded
    ]
    context = {}
    if any(badge.criteria_kind == "objective_reached" for badge in badges):
        context["reached"] = rules.reached_objective_ids()
    candidates = set()
    for badge in badges:
        holders = sa.select(Award.user_id).where(Award.badge_id == badge.id)
        query = rules.candidates(badge, context.get("reached"))
        candidates |= set(db.session.scalars(query.except_(holders)))
    people = db.session.scalars(
        sa.select(User)
        .where(User.is_active.is_(True), User.id.in_(sorted(candidates)))
        .order_by(User.id)
    )
    for person in people:
        for badge in evaluate(person, None, badges=badges, **context):
            applied.append(Applied(badge, person))
    return applied


@dataclass
class HeldBadge:
    award: Award
    badge: Badge


@dataclass
class NearBadge:
    badge: Badge
    progress: rules.Progress


def held_by(user: User) -> list[HeldBadge]:
    """The person's badges, newest first; revoked ones are not shown."""
    rows = db.session.execute(
        sa.select(Award, Badge)
        .join(Badge, Badge.id == Award.badge_id)
        .where(Award.user_id == user.id, Award.revoked_at.is_(None))
        .order_by(Award.awarded_at.desc(), Award.id.desc())
    )
    return [HeldBadge(award, badge) for award, badge in rows]


def closest(user: User, limit: int = 4) -> list[NearBadge]:
    """The automatic badges the person is closest to earning, with their progress. An
    objector is shown only the learning ones: nobody nudges them to share."""
    kinds = rules.LEARNING_KINDS if user.level == "objector" else AUTOMATIC_KINDS
    # Revoked awards are not offered again either.
    taken = held_badge_ids(user.id)
    badges = [badge for badge in active_badges(kinds) if badge.id not in taken]
    if not badges:
        return []
    facts = rules.read_facts(user, {badge.criteria_kind for badge in badges})
    near = []
    for badge in badges:
        progress = rules.progress_towards(badge, facts)
        if progress is not None and not progress.reached:
            near.append(NearBadge(badge, progress))
    near.sort(key=lambda entry: (-entry.progress.percent, entry.badge.position))
    return near[:limit]


def holders(badge: Badge) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Award)
        .where(Award.badge_id == badge.id, Award.revoked_at.is_(None))
    )
