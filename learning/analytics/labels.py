"""What the reports call content types, families, metrics and objective statuses."""

from flask_babel import lazy_gettext as _l

TYPE_LABELS = {
    "press_release": _l("Press release"),
    "case_study": _l("Case study"),
    "product_review": _l("Product review"),
    "employee_story": _l("Employee story"),
    "web_article": _l("Web article"),
    "job_offer": _l("Job offer"),
    "event": _l("Event"),
}
FAMILY_LABELS = {
    "awareness": _l("Awareness"),
    "campaigns": _l("Campaigns"),
    "talent": _l("Talent"),
}
METRIC_LABELS = {
    "conversions": _l("sign-ups"),
    "clicks": _l("counted clicks"),
    "shares": _l("shares"),
}
STATUS_LABELS = {
    "reached": _l("Reached"),
    "on_track": _l("On track"),
    "behind": _l("Behind"),
    "ended": _l("Ended"),
    "not_started": _l("Not started"),
}


def type_label(name: str) -> str:
    return str(TYPE_LABELS.get(name, name))


def family_label(name: str) -> str:
    return str(FAMILY_LABELS.get(name, name))


def metric_label(name: str) -> str:
    return str(METRIC_LABELS.get(name, name))


def status_label(name: str) -> str:
    return str(STATUS_LABELS.get(name, name))
