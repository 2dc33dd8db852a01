"""What the reports call content types, families, metrics (the hub's names for them) and
objective statuses (the reports' own)."""

from flask_babel import lazy_gettext as _l

from learning.advocacy import labels as hub

STATUS_LABELS = {
    "reached": _l("Reached"),
    "on_track": _l("On track"),
    "behind": _l("Behind"),
    "ended": _l("Ended"),
    "not_started": _l("Not started"),
}


def type_label(name: str) -> str:
    return hub.label(hub.CONTENT_TYPES, name)


def family_label(name: str) -> str:
    return hub.label(hub.FAMILIES, name)


def metric_label(name: str) -> str:
    return hub.label(hub.METRICS, name)


def status_label(name: str) -> str:
    return hub.label(STATUS_LABELS, name)
