"""The training-to-sharing impact page (HR, admins), the JSON its charts draw, its CSV."""

from flask import current_app, jsonify, render_template
from flask_babel import gettext as _
from flask_login import current_user

from learning.analytics import blueprint
from learning.analytics.impact import ImpactReport, ImpactRow, impact_report
from learning.levels import level_label
from learning.security import roles_required
from learning.spreadsheets import csv_download, csv_text

READERS = ("hr", "admin")


def _report() -> ImpactReport:
    return impact_report(
        current_app.config["SMALL_GROUP_MINIMUM"], whole_groups=current_user.has_role("admin")
    )


@blueprint.get("/impact")
@roles_required(*READERS)
def impact():
    return render_template("analytics/impact.html", report=_report())


def _series(rows: list[ImpactRow]) -> dict:
    return {
        "labels": [row.label for row in rows],
        "completed_short": [row.completed.percent_short for row in rows],
        "completed_long": [row.completed.percent_long for row in rows],
        "others_short": [row.others.percent_short for row in rows],
        "others_long": [row.others.percent_long for row in rows],
    }


@blueprint.get("/impact/data.json")
@roles_required(*READERS)
def impact_data():
    report = _report()
    return jsonify(
        impact={
            "levels": _series(report.by_level),
            "departments": _series(report.by_department),
        }
    )


def _figure(value) -> object:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) else value


def _group_rows(rows: list[ImpactRow]):
    yield [
        _("Group"),
        _("Path completed"),
        _("People"),
        _("Shared within 30 days (%)"),
        _("Shared within 90 days (%)"),
        _("Counted clicks per sharer"),
        _("Sign-ups per sharer"),
    ]
    for row in rows:
        for label, cohort in ((_("yes"), row.completed), (_("no"), row.others)):
            yield [
                row.label,
                label,
                cohort.people,
                _figure(cohort.percent_short),
                _figure(cohort.percent_long),
                _figure(cohort.clicks_per_sharer),
                _figure(cohort.signups_per_sharer),
            ]


def _transition_rows(report: ImpactReport):
    yield [_("First level"), _("Latest level"), _("People")]
    for row in report.transitions:
        yield [level_label(row.first), level_label(row.latest), row.people]


IMPACT_TABLES = {
    "levels": lambda report: _group_rows([report.total, *report.by_level]),
    "departments": lambda report: _group_rows(report.by_department),
    "transitions": _transition_rows,
}


@blueprint.get(f"/impact/<any({', '.join(map(repr, IMPACT_TABLES))}):table>.csv")
@roles_required(*READERS)
def impact_export(table: str):
    return csv_download(csv_text(IMPACT_TABLES[table](_report())), f"impact-{table}.csv")
