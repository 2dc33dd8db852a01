"""The programme's health as a CSV file a spreadsheet opens safely (as the analytics')."""

import csv
import io

from flask_babel import gettext as _

from learning.analytics.exports import BOM, neutralise
from learning.programme.health import Health


def health_csv(health: Health) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _("Month"),
            _("Active sharers"),
            _("First-time sharers"),
            _("Lapsed sharers"),
            _("Events held"),
            _("Attendances"),
        ]
    )
    for month in health.months:
        writer.writerow(
            neutralise(cell)
            for cell in (
                month.starts_on.strftime("%Y-%m"),
                month.active,
                month.first_time,
                month.lapsed,
                month.events,
                month.attendances,
            )
        )
    return out.getvalue()
