"""How sign-in and registration are throttled, as OWASP's authentication advice has it.

Sign-in counts failed attempts only (a person signing in does not use up anyone's
budget), in three ways:

- per address and e-mail together (`LOGIN_RATE_LIMIT`): the limit a guesser meets first;
- per address, whatever the e-mail (`LOGIN_ADDRESS_RATE_LIMIT`): one address trying many
  accounts;
- per e-mail, whatever the address (`LOGIN_EMAIL_RATE_LIMIT`): a slow backstop against
  guesses spread over many addresses.

A per-e-mail limit alone would let anyone lock a chosen person out by failing on purpose;
here an attacker's failures stop the attacker's address, and the person signs in from
theirs until the daily backstop, far above what one address may try.

Registration and the links that set a password are limited per address; registration
also per e-mail, so that nobody can fill a mailbox with our messages.

The counts live where `RATELIMIT_STORAGE_URI` says: Redis when `REDIS_URL` is set,
shared by every process; otherwise each process's memory.
"""

import unicodedata

from flask import current_app, g, request

from learning.extensions import limiter

_FAILED = "sign_in_failed"


def _email() -> str:
    # As the accounts compare it, so no spelling of an address gets a budget of its own.
    email = unicodedata.normalize("NFKC", request.form.get("email") or "")
    return email.strip().lower()[:254]


def _address() -> str:
    return request.remote_addr or ""


def note_failed_sign_in() -> None:
    """Count this request against the sign-in limits."""
    setattr(g, _FAILED, True)


def _failed(_response) -> bool:
    return g.get(_FAILED, False)


def _limit(setting: str):
    return lambda: current_app.config[setting]


def sign_in_limits(view):
    """Refuse a sign-in once any of the three failure counts is spent."""
    for setting, key in (
        ("LOGIN_RATE_LIMIT", lambda: f"address-email:{_address()}|{_email()}"),
        ("LOGIN_ADDRESS_RATE_LIMIT", lambda: f"address:{_address()}"),
        ("LOGIN_EMAIL_RATE_LIMIT", lambda: f"email:{_email()}"),
    ):
        view = limiter.limit(_limit(setting), methods=["POST"], key_func=key, deduct_when=_failed)(
            view
        )
    return view


def registration_limits(view):
    """Every registration counts, per address and per e-mail."""
    view = limiter.limit(
        _limit("REGISTRATION_RATE_LIMIT"),
        methods=["POST"],
        key_func=lambda: f"address:{_address()}",
    )(view)
    return limiter.limit(
        _limit("REGISTRATION_EMAIL_RATE_LIMIT"),
        methods=["POST"],
        key_func=lambda: f"email:{_email()}",
    )(view)


def password_link_limits(view):
    """Every password posted through an invitation or a confirmation link counts, per address."""
    return limiter.limit(
        _limit("REGISTRATION_RATE_LIMIT"),
        methods=["POST"],
        key_func=lambda: f"address:{_address()}",
    )(view)
