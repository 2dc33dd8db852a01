"""The programme's health as a CSV file a spreadsheet opens safely (as the analytics')."""

from flask_babel import gettext as _

from learning.programme.health import Health
from learning.spreadsheets import csv_text


def health_csv(health: Health) -> str:
    header = [
        _("Month"),
        _("Active sharers"),
        _("First-time sharers"),
        _("Lapsed sharers"),
        _("Events held"),
        _("Attendances"),
    ]
    rows = [
        (
            month.starts_on.strftime("%Y-%m"),
            month.active,
            month.first_time,
            month.lapsed,
            month.events,
            month.attendances,
        )
        for month in health.months
    ]
    return csv_text([header, *rows])
