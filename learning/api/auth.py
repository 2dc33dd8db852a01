"""Bearer-token authentication and role checks for the API.

Which user a token belongs to is the accounts feature's to say: the application factory
hands that lookup to `learning.api.register`, so this shared layer imports no feature.
"""

from collections.abc import Callable
from functools import wraps

from flask import g, request
from flask_babel import gettext as _

from learning.errors import DomainError
from learning.roles import PERSON_ROLES


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(user_for_token: Callable[[str], object]) -> None:
    """Find the token's user (None when there is none) or refuse the request."""
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is None:
        raise Unauthorized(_("Send a valid API token as 'Authorization: Bearer <token>'."))
    g.api_user = user


def current_api_user():
    """The user the request's token belongs to."""
    return g.api_user


def requires(*roles: str):
    """The token's user must hold one of these roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not g.api_user.has_role(*roles):
                raise DomainError(_("Your role does not allow this."), code="forbidden", status=403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


# Any person: an integration account only reports conversions and syncs employees.
person = requires(*PERSON_ROLES)
