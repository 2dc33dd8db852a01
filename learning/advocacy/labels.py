"""What the hub's codes are called on a page."""

from flask_babel import lazy_gettext as _l

FAMILIES = {
    "awareness": _l("Awareness"),
    "campaigns": _l("Campaigns"),
    "talent": _l("Talent"),
}
METRICS = {
    "conversions": _l("confirmed sign-ups"),
    "clicks": _l("counted clicks"),
    "shares": _l("shares"),
}
CONTENT_TYPES = {
    "press_release": _l("Press release"),
    "case_study": _l("Case study"),
    "product_review": _l("Product review"),
    "employee_story": _l("Employee story"),
    "web_article": _l("Web article"),
    "job_offer": _l("Job offer"),
    "event": _l("Event"),
}
STATES = {
    "published": _l("Published"),
    "scheduled": _l("Available from a later date"),
    "expired": _l("Expired"),
    "retired": _l("Retired"),
    "submitted": _l("Awaiting review"),
    "changes_requested": _l("Sent back"),
}
DECISIONS = {
    "approved": _l("Approved"),
    "changes_requested": _l("Sent back"),
}


def label(table: dict, code: str | None) -> str:
    return str(table.get(code, code or ""))
