"""The checks on what a champion or an employee writes into the hub, shared by the pages
and the API. Each refusal names the form field it is about, so a page can show it there."""

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from flask_babel import gettext as _

from learning.advocacy.models import (
    CONTENT_TYPES,
    FAMILIES,
    METRICS,
    TITLE_LENGTH,
    URL_LENGTH,
    Objective,
)
from learning.errors import Invalid
from learning.extensions import db

# The largest target: what a 32-bit integer column holds on every database.
TARGET_MAX = 2**31 - 1
# Markdown an item or a story may carry: a description, or a story of a few pages.
BODY_LENGTH = 20_000
DESCRIPTION_LENGTH = 5_000
COMMENT_LENGTH = 2_000


class InvalidField(Invalid):
    """A value the hub refuses, and the field it came from."""

    def __init__(self, message: str, *, code: str, field: str):
        super().__init__(message, code=code)
        self.field = field


def clean_title(title) -> str:
    title = title.strip() if isinstance(title, str) else ""
    if not 1 <= len(title) <= TITLE_LENGTH:
        raise InvalidField(
            _("The title must have 1 to %(max)d characters.", max=TITLE_LENGTH),
            code="invalid_title",
            field="title",
        )
    return title


def clean_markdown(text, *, field: str, limit: int = BODY_LENGTH) -> str:
    text = text if isinstance(text, str) else ""
    if len(text) > limit:
        raise InvalidField(
            _(
                "This text has %(length)d characters; at most %(max)d are kept.",
                length=len(text),
                max=limit,
            ),
            code="text_too_long",
            field=field,
        )
    return text


def check_choice(value, choices: tuple[str, ...], *, field: str) -> str:
    if value not in choices:
        raise InvalidField(
            _("Choose one of: %(names)s.", names=", ".join(choices)),
            code=f"invalid_{field}",
            field=field,
        )
    return value


def check_type(value) -> str:
    return check_choice(value, CONTENT_TYPES, field="type")


def check_family(value) -> str:
    return check_choice(value, FAMILIES, field="family")


def check_metric(value) -> str:
    return check_choice(value, METRICS, field="metric")


def check_target(value) -> int:
    """A positive whole number a database integer holds; never a boolean or a float."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= TARGET_MAX:
        raise InvalidField(
            _("The target must be a whole number from 1 to %(max)d.", max=TARGET_MAX),
            code="invalid_target",
            field="target",
        )
    return value


def check_dates(starts_on, due) -> None:
    if not isinstance(starts_on, date) or not isinstance(due, date):
        raise InvalidField(
            _("Give the start and due dates as dates (YYYY-MM-DD)."),
            code="invalid_dates",
            field="due",
        )
    if due <= starts_on:
        raise InvalidField(
            _("The due date must come after the start date."), code="invalid_dates", field="due"
        )


def check_window(available_from: datetime, available_until: datetime | None) -> None:
    if available_until is not None and available_until <= available_from:
        raise InvalidField(
            _("The end of the availability must come after its start."),
            code="invalid_window",
            field="available_until",
        )


def check_objective(objective_id) -> Objective:
    objective = None
    if isinstance(objective_id, int) and not isinstance(objective_id, bool):
        objective = db.session.get(Objective, objective_id) if 0 < objective_id < 2**63 else None
    if objective is None:
        raise InvalidField(
            _("Choose an existing objective."), code="unknown_objective", field="objective_id"
        )
    return objective


def platform_hosts() -> set[str]:
    """The names the platform is reached at: a link to one of them would come back here."""
    addresses = [current_app.config.get("PUBLIC_BASE_URL") or ""]
    if has_request_context():
        addresses.append("//" + request.host)
    return {_host_of(address) for address in addresses} - {""}


def _host_of(address: str) -> str:
    try:
        return _hostname(urlsplit(address).hostname)
    except ValueError:  # an unreadable Host header names no platform address
        return ""


def _hostname(host: str | None) -> str:
    return (host or "").lower().rstrip(".")


def clean_url(url) -> str:
    """An absolute http(s) address of somewhere else than the platform itself."""
    url = url.strip() if isinstance(url, str) else ""
    refusal = None
    try:
        parts = urlsplit(url)
        host = _hostname(parts.hostname)
        parts.port  # noqa: B018 - reading it checks the port is a number
    except ValueError:
        parts, host = None, ""
    if len(url) > URL_LENGTH:
        refusal = _("The address is longer than %(max)d characters.", max=URL_LENGTH)
    elif (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or any(ch.isspace() or ord(ch) < 32 for ch in url)
    ):
        refusal = _("Give a full web address starting with http:// or https://.")
    elif host in platform_hosts():
        refusal = _("The address must lead elsewhere than this platform.")
    if refusal:
        raise InvalidField(refusal, code="invalid_url", field="url")
    return url
