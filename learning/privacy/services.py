"""Downloads and anonymisations, each written to the audit in the same unit of work.

What anonymising a leaver does, and why:
- name "Former employee #<id>", e-mail `anonymised-<id>@invalid` (unique, undeliverable:
  `.invalid` is reserved by RFC 2606), password, manager and hire date removed, time zone
  and language back to the defaults; department and site stay, so every report by
  department or site keeps its counts (the small-group rule guards small teams);
- sessions and API tokens deleted: nothing signs in as them again;
- the drafts of their exercises deleted: private texts, counted nowhere (the lessons
  they completed stay done);
- free text goes: share texts, the HR reasons in their level history, the reasons of
  their awards, and the title and body of stories not published. A published story stays
  in the hub as the company's content; its author shows as the former employee;
- rows stay: shares, clicks, sign-ups, completions, attempts, awards, so every aggregate
  is unchanged;
- Open Badges: each award keeps the hash of the old e-mail (`Award.recipient_identity`),
  so whoever holds the badge can still have it verified with the e-mail they know.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.advocacy.models import ContentItem, ItemReview
from learning.auth.models import ApiToken, LoginSession, User
from learning.badges.models import Award
from learning.badges.openbadges import recipient_identity
from learning.errors import Conflict, Invalid, NotFound
from learning.exercises.models import Draft
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.privacy.models import REASON_MAX_LENGTH, PrivacyAudit
from learning.roles import PERSON_ROLES
from learning.sharing.models import Share

ANONYMISED_DOMAIN = "invalid"
WITHDRAWN_TITLE = "—"


def anonymised_email(user_id: int) -> str:
    return f"anonymised-{user_id}@{ANONYMISED_DOMAIN}"


def is_anonymised(user: User) -> bool:
    return user.email == anonymised_email(user.id)


def record_download(actor: User, subject: User) -> None:
    db.session.add(PrivacyAudit(action="download", actor_id=actor.id, subject_id=subject.id))
    db.session.flush()


def leavers() -> list[User]:
    """Deactivated people not anonymised yet: whom HR may anonymise."""
    return list(
        db.session.execute(
            sa.select(User)
            .where(
                User.is_active.is_(False), User.email.not_like(f"anonymised-%@{ANONYMISED_DOMAIN}")
            )
            .order_by(User.name, User.id)
        ).scalars()
    )


def anonymise(actor: User, user_id: int, reason: str | None) -> User:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the anonymisation."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise Invalid(
            _("The reason is too long (%(max)d characters at most).", max=REASON_MAX_LENGTH),
            code="reason_too_long",
        )
    user = db.session.get(User, user_id)
    if user is None or not user.has_role(*PERSON_ROLES):
        raise NotFound(_("There is no such employee."), code="unknown_person")
    if is_anonymised(user):
        raise Conflict(_("This person has already been anonymised."), code="already_anonymised")
    if user.is_active:
        raise Conflict(
            _("Only a deactivated employee can be anonymised: deactivate them first."),
            code="still_active",
        )
    # The badge hashes first, while the e-mail is still known.
    for award in db.session.execute(sa.select(Award).where(Award.user_id == user.id)).scalars():
        if award.recipient_identity is None:
            award.recipient_identity = recipient_identity(user.email, award.salt)
        award.reason = None if award.reason is None else ""
    db.session.execute(sa.update(Share).where(Share.user_id == user.id).values(text=""))
    db.session.execute(
        sa.update(LevelAssignment)
        .where(LevelAssignment.user_id == user.id, LevelAssignment.reason.is_not(None))
        .values(reason="")
    )
    unpublished = sa.select(ContentItem.id).where(
        ContentItem.author_id == user.id, ContentItem.status != "published"
    )
    # A champion's comment on an unpublished story may quote it: it goes with the story.
    db.session.execute(
        sa.update(ItemReview)
        .where(ItemReview.item_id.in_(unpublished), ItemReview.decision != "approved")
        .values(comment=WITHDRAWN_TITLE)
    )
    db.session.execute(
        sa.update(ContentItem)
        .where(ContentItem.id.in_(unpublished))
        .values(title=WITHDRAWN_TITLE, body="", url=None)
    )
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(sa.delete(Draft).where(Draft.user_id == user.id))
    user.name = f"Former employee #{user.id}"
    user.email = anonymised_email(user.id)
    user.password_hash = None
    user.manager_id = None
    user.hire_date = None
    user.timezone = "UTC"
    user.locale = None
    user.leaderboard_opt_in = False
    db.session.add(
        PrivacyAudit(action="anonymisation", actor_id=actor.id, subject_id=user.id, reason=reason)
    )
    db.session.flush()
    return user


@dataclass
class AuditRow:
    id: int
    action: str
    actor: str
    subject_id: int
    subject: str
    reason: str
    created_at: object


def audit_rows() -> list[AuditRow]:
    """Newest first, in one query."""
    actor = sa.orm.aliased(User)
    subject = sa.orm.aliased(User)
    rows = db.session.execute(
        sa.select(PrivacyAudit, actor.name, subject.name)
        .join(actor, actor.id == PrivacyAudit.actor_id)
        .join(subject, subject.id == PrivacyAudit.subject_id)
        .order_by(PrivacyAudit.created_at.desc(), PrivacyAudit.id.desc())
    ).all()
    return [
        AuditRow(
            row.id,
            row.action,
            actor_name,
            row.subject_id,
            subject_name,
            row.reason or "",
            row.created_at,
        )
        for row, actor_name, subject_name in rows
    ]
