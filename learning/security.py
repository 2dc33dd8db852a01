"""Who may use a page, and where a sign-in may send someone next."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, url_for
from flask_login import current_user

from learning.extensions import login_manager
from learning.roles import PERSON_ROLES


def roles_required(*roles: str):
    """Signed-in people with one of these roles; others get 403, strangers the sign-in page."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


# Any person: the training is for everyone, whatever else they do.
person_required = roles_required(*PERSON_ROLES)


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def landing_page(user) -> str:
    """Where a person starts: HR and admins on the training overview, champions on the
    advocacy analytics, others on their dashboard."""
    if user.has_role("hr", "admin"):
        return url_for("hr.overview")
    if user.has_role("champion"):
        return url_for("analytics.overview")
    return url_for("progress.dashboard")
