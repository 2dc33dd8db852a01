"""The five social-media familiarity levels, defined once for every feature."""

from flask_babel import gettext as _

LEVELS = ("native", "late_adopter", "reluctant", "objector", "beginner")


def level_label(level: str | None) -> str:
    labels = {
        "native": _("Native"),
        "late_adopter": _("Late adopter"),
        "reluctant": _("Reluctant"),
        "objector": _("Objector"),
        "beginner": _("Beginner"),
    }
    return labels.get(level, _("Not assessed yet"))
