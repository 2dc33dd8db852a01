"""Accounts, sign-in sessions, passwords, invitations and API tokens."""

import hashlib
import secrets
import unicodedata
from datetime import timedelta
from zoneinfo import available_timezones

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from learning.auth.models import ApiToken, LoginSession, User, UserRole
from learning.database import utcnow
from learning.errors import Conflict, Forbidden, Invalid, NotFound
from learning.extensions import db
from learning.roles import ROLES

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 128
NAME_MAX_LENGTH = 120
DEPARTMENT_MAX_LENGTH = 120
HR_GRANTABLE_ROLES = ("employee", "champion")
TOKEN_PREFIX = "lrn_"  # noqa: S105 - a public marker, not a secret
TOKEN_MAX_DAYS = 3650
# Compared against when the e-mail is unknown, so timing does not tell which accounts exist.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


def digest(secret: str) -> str:
    """Tokens are random and long, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _canonical_text(email: str | None) -> str:
    # NFKC folds compatibility forms (full-width letters, ligatures) into the plain ones, so
    # "ｒｉｔａ@ｅｘａｍｐｌｅ.com" is the address it looks like, rita@example.com.
    return unicodedata.normalize("NFKC", email or "").strip()


def normalise_email(email: str) -> str:
    try:
        result = validate_email(_canonical_text(email), check_deliverability=False)
    except EmailNotValidError as error:
        raise Invalid(
            _("This is not a valid e-mail address: %(reason)s", reason=str(error))
        ) from None
    return result.normalized.lower()


def check_password_rules(password: str) -> None:
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise Invalid(
            _("The password needs at least %(count)d characters.", count=PASSWORD_MIN_LENGTH)
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise Invalid(
            _("The password may have at most %(count)d characters.", count=PASSWORD_MAX_LENGTH)
        )


def _clean_text(value: str | None, label: str, max_length: int, required: bool) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise Invalid(_("%(field)s is required.", field=label))
        return None
    if len(value) > max_length:
        raise Invalid(
            _("%(field)s may have at most %(count)d characters.", field=label, count=max_length)
        )
    return value


def clean_name(name: str | None) -> str:
    return _clean_text(name, _("Name"), NAME_MAX_LENGTH, required=True)


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such person."))
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        sa.select(User).where(User.email == _canonical_text(email).lower())
    ).scalar_one_or_none()


def grantable_roles(actor: User | None) -> set[str]:
    """The roles `actor` may give a new account; None is the operator at the command line.

    HR brings people in to be trained or to run the programme; only an admin creates
    other HR, admin or integration accounts.
    """
    if actor is None or actor.has_role("admin"):
        return set(ROLES)
    if actor.has_role("hr"):
        return set(HR_GRANTABLE_ROLES)
    return set()


def create_user(
    email: str,
    name: str,
    roles: list[str],
    *,
    department: str | None = None,
    password: str | None = None,
    by: User | None = None,
) -> User:
    """Create an account. Without a password the person sets one through an invitation.

    `by` is the person creating it (None: the operator at the command line); they may
    only give the roles `grantable_roles` allows them, whatever page, API or import asks.
    """
    unknown = sorted(set(roles) - set(ROLES))
    if unknown or not roles:
        raise Invalid(
            _(
                "Unknown role: %(roles)s. Roles are: %(known)s.",
                roles=", ".join(unknown) or "-",
                known=", ".join(ROLES),
            )
        )
    refused = sorted(set(roles) - grantable_roles(by))
    if refused:
        raise Forbidden(
            _("You may not give the role %(roles)s.", roles=", ".join(refused)),
            code="role_not_grantable",
        )
    user = User(
        email=normalise_email(email),
        name=clean_name(name),
        department=_clean_text(department, _("Department"), DEPARTMENT_MAX_LENGTH, False),
    )
    if password is not None:
        check_password_rules(password)
        user.password_hash = generate_password_hash(password)
        user.password_changed_at = utcnow()
    user.role_rows = [UserRole(role=role) for role in sorted(set(roles))]
    # Only the unique key can tell a taken e-mail: a savepoint keeps the refusal from
    # spoiling the rest of the unit of work.
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except sa.exc.IntegrityError:
        raise Conflict(
            _("An account with the e-mail %(email)s already exists.", email=user.email),
            code="email_taken",
        ) from None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The person these credentials sign in, or None, however they are wrong.

    An integration account is a program using API tokens: it never signs in to the pages,
    and is refused exactly like a wrong password, after the same work.
    """
    user = find_user_by_email(email)
    if user is None or not user.password_hash or not user.is_active:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.is_person:
        return None
    return user


def start_session(user: User, user_agent: str | None = None) -> str:
    """Record a new signed-in browser and return the token its cookie will carry."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(user_id=user.id, token_hash=digest(token), user_agent=(user_agent or "")[:255])
    )
    user.session_token = token
    return token


def end_session(token: str) -> None:
    db.session.execute(sa.delete(LoginSession).where(LoginSession.token_hash == digest(token)))


def user_for_session(token: str) -> User | None:
    """The person a browser's session belongs to; never an integration account."""
    user = db.session.execute(
        sa.select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == digest(token), User.is_active.is_(True))
    ).scalar_one_or_none()
    if user is None or not user.is_person:
        return None
    user.session_token = token
    return user


def change_password(user: User, current_password: str, new_password: str) -> str:
    """Change the password and sign out every browser, returning a fresh session token."""
    if not user.password_hash or not check_password_hash(user.password_hash, current_password):
        raise Invalid(_("The current password is not right."), code="wrong_password")
    check_password_rules(new_password)
    return _set_password(user, new_password)


def _set_password(user: User, password: str) -> str:
    user.password_hash = generate_password_hash(password)
    user.password_changed_at = utcnow()
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id))
    return start_session(user)


def _invitation_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="invitation")


def invitation_token(user: User) -> str:
    # The password fingerprint makes the link single-use: it dies once a password is set.
    return _invitation_serializer().dumps([user.id, digest(user.password_hash or "")])


def user_for_invitation(token: str) -> User:
    max_age = timedelta(days=current_app.config["INVITATION_MAX_AGE_DAYS"])
    try:
        user_id, fingerprint = _invitation_serializer().loads(
            token, max_age=int(max_age.total_seconds())
        )
    except SignatureExpired:
        raise Forbidden(
            _("This invitation has expired; ask HR for a new one."), code="invitation_expired"
        ) from None
    except (BadSignature, ValueError, TypeError):
        raise NotFound(_("This invitation link is not valid."), code="invitation_invalid") from None
    user = db.session.get(User, user_id)
    if user is None or digest(user.password_hash or "") != fingerprint or not user.is_active:
        raise Forbidden(_("This invitation has already been used."), code="invitation_used")
    if not user.is_person:
        raise Forbidden(
            _("This account is for a program: it uses API tokens and has no password."),
            code="not_a_person",
        )
    return user


def accept_invitation(token: str, password: str) -> tuple[User, str]:
    user = user_for_invitation(token)
    check_password_rules(password)
    return user, _set_password(user, password)


def update_profile(user: User, name: str, timezone: str, locale: str | None) -> None:
    """Name, time zone and language; an empty language is no choice (the browser's)."""
    # Check everything before changing anything: a refusal leaves the user untouched.
    name = clean_name(name)
    if timezone not in available_timezones():
        raise Invalid(_("Unknown time zone: %(zone)s", zone=timezone))
    locale = check_locale(locale)
    user.name = name
    user.timezone = timezone
    user.locale = locale


def choose_language(user: User, locale: str | None) -> None:
    user.locale = check_locale(locale)


def check_locale(locale: str | None) -> str | None:
    """A language the product speaks, or None for no choice; anything else is refused."""
    if not locale:
        return None
    if locale not in current_app.config["LANGUAGES"]:
        raise Invalid(_("Unknown language: %(locale)s", locale=str(locale)[:20]))
    return locale


def create_api_token(user: User, expires_in_days: int | None = None) -> str:
    """A new token for `user`, working until revoked or, with `expires_in_days`, until then."""
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= TOKEN_MAX_DAYS:
            raise Invalid(
                _(
                    "A token lasts between 1 and %(count)d days.",
                    count=TOKEN_MAX_DAYS,
                ),
                code="token_expiry_invalid",
            )
        expires_at = utcnow() + timedelta(days=expires_in_days)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            user_id=user.id, token_hash=digest(token), prefix=token[:12], expires_at=expires_at
        )
    )
    return token


def _usable_token():
    return sa.and_(
        ApiToken.revoked_at.is_(None),
        sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()),
    )


def user_for_api_token(token: str) -> User | None:
    return db.session.execute(
        sa.select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == digest(token), _usable_token(), User.is_active.is_(True))
    ).scalar_one_or_none()


def api_tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens not revoked, newest first; expired ones are listed as such."""
    return list(
        db.session.execute(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        ).scalars()
    )


def usable_api_tokens() -> list[ApiToken]:
    """Everyone's tokens that still work, by person, for an admin to review."""
    return list(
        db.session.execute(
            sa.select(ApiToken)
            .join(ApiToken.user)
            .where(_usable_token())
            .options(sa.orm.contains_eager(ApiToken.user))
            .order_by(User.email, ApiToken.created_at.desc(), ApiToken.id.desc())
        ).scalars()
    )


def revoke_api_token(actor: User, token_id: int) -> ApiToken:
    """Revoke a token: one's own, or anyone's for an admin. Revoking twice changes nothing.

    Someone else's token is, to anyone but an admin, as good as absent.
    """
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and not actor.has_role("admin")):
        raise NotFound(_("There is no such API token."), code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token
