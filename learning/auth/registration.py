"""Self-registration, open to the e-mail domains in `SELF_REGISTRATION_DOMAINS`.

The person gives their name and work address; we mail that address a signed link that
expires (`REGISTRATION_LINK_MAX_AGE_HOURS`). The account is created only when the link is
followed, and the password is chosen then, by whoever reads the mailbox: so nobody can
hold an address they do not read, nor set a password for someone else's account before
its owner arrives.

The page answers the same whether the address is new or already has an account; the
owner of a taken address gets a message saying so, with a link to sign in, instead of a
registration link.

The address is normalised (NFKC, then the domain in IDNA form, lower case) before its
domain is compared with the allowed ones, and the normalised address is where the link
goes and what the account keeps: "ｒｉｔａ@ｅｘａｍｐｌｅ.com" registers rita@example.com,
and the page says so. A look-alike domain in other scripts normalises to itself, and is
refused.
"""

from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from learning import mail
from learning.auth import services
from learning.auth.models import User
from learning.errors import Conflict, Forbidden, NotFound


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="registration")


def link_max_age() -> timedelta:
    return timedelta(hours=current_app.config["REGISTRATION_LINK_MAX_AGE_HOURS"])


def _allowed_address(email: str) -> str:
    address = services.normalise_email(email)
    if address.rsplit("@", 1)[1] not in current_app.config["SELF_REGISTRATION_DOMAINS"]:
        raise Forbidden(
            _("Self-registration is not open for this e-mail domain; ask HR for an invitation."),
            code="domain_not_allowed",
        )
    return address


def registration_token(address: str, name: str) -> str:
    """The signed part of the link that creates the account of `address`."""
    return _serializer().dumps([address, name])


def request_registration(email: str, name: str) -> str:
    """Mail the address its registration link, or tell its owner they have an account.

    Returns the normalised address the message goes to. What the caller shows must not
    depend on which message it was.
    """
    address = _allowed_address(email)
    name = services.clean_name(name)
    existing = services.find_user_by_email(address)
    if existing is None:
        body = render_template(
            "auth/mail/confirm_registration.txt",
            name=name,
            link=url_for(
                "auth.confirm_registration",
                token=registration_token(address, name),
                _external=True,
            ),
            hours=current_app.config["REGISTRATION_LINK_MAX_AGE_HOURS"],
        )
        subject = _("Confirm your address to create your account")
    else:
        body = render_template(
            "auth/mail/already_registered.txt",
            name=existing.name,
            link=url_for("auth.login", _external=True),
        )
        subject = _("You already have an account")
    mail.send_after_commit(address, subject, body)
    return address


def registration_for(token: str) -> tuple[str, str]:
    """The (address, name) a registration link was sent for, while it may still be used."""
    try:
        address, name = _serializer().loads(token, max_age=int(link_max_age().total_seconds()))
    except SignatureExpired:
        raise Forbidden(
            _("This link has expired; register again to receive a new one."),
            code="registration_link_expired",
        ) from None
    except (BadSignature, ValueError, TypeError):
        raise NotFound(
            _("This registration link is not valid."), code="registration_link_invalid"
        ) from None
    if services.find_user_by_email(address) is not None:
        raise _already_used()
    # The domains allowed may have changed since the link was sent.
    return _allowed_address(address), name


def _already_used() -> Forbidden:
    return Forbidden(
        _("This link has already been used: the account exists. Sign in."),
        code="registration_link_used",
    )


def complete_registration(token: str, password: str) -> User:
    """Create the account the link was sent for, with this password."""
    address, name = registration_for(token)
    services.check_password_rules(password)
    try:
        user = services.create_user(address, name, ["employee"], password=password)
    except Conflict:
        # The same link followed twice at once: the other request created the account.
        raise _already_used() from None
    return user
