"""The advocacy analytics page, the JSON its charts draw, and its tables as CSV."""

from flask import jsonify, render_template, request

from learning.analytics import blueprint, exports, services
from learning.analytics.labels import family_label, metric_label, status_label
from learning.analytics.periods import PRESETS, InvalidDate, arguments, period_from
from learning.database import utcnow
from learning.errors import json_error
from learning.security import roles_required
from learning.spreadsheets import csv_download

READERS = ("champion", "hr", "admin")


def _requested_period():
    return period_from(
        request.args.get("from"),
        request.args.get("to"),
        utcnow().date(),
        request.args.get("period"),
    )


@blueprint.get("/")
@roles_required(*READERS)
def overview():
    try:
        period = _requested_period()
    except InvalidDate as error:
        page = render_template(
            "analytics/overview.html",
            report=None,
            error=error.message,
            presets=PRESETS,
            asked={"from": request.args.get("from", ""), "to": request.args.get("to", "")},
        )
        return page, error.status
    return render_template(
        "analytics/overview.html",
        report=services.advocacy_report(period),
        error=None,
        presets=PRESETS,
        arguments=arguments(period),
        asked={
            "from": period.start.isoformat() if period.start else "",
            "to": period.to.isoformat(),
        },
        family_label=family_label,
        metric_label=metric_label,
        status_label=status_label,
    )


@blueprint.get("/data.json")
@roles_required(*READERS)
def data():
    """What the charts draw, for the same period as the page."""
    try:
        period = _requested_period()
    except InvalidDate as error:
        return json_error(error.status, error.code, error.message)
    report = services.advocacy_report(period)
    return jsonify(
        period={"from": period.start and period.start.isoformat(), "to": period.to.isoformat()},
        networks={
            "labels": [row.label for row in report.networks],
            "clicks": [row.clicks for row in report.networks],
            "clicks_per_share": [row.clicks_per_share for row in report.networks],
            "conversions_per_share": [row.conversions_per_share for row in report.networks],
        },
        weeks={
            "labels": [week.starts_on.isoformat() for week in report.weeks],
            "shares": [week.shares for week in report.weeks],
            "clicks": [week.clicks for week in report.weeks],
        },
        types={
            "labels": [row.label for row in report.types],
            "shares": [row.shares for row in report.types],
            "clicks": [row.clicks for row in report.types],
            "conversions": [row.conversions for row in report.types],
        },
    )


@blueprint.get(f"/<any({', '.join(map(repr, exports.TABLES))}):table>.csv")
@roles_required(*READERS)
def export(table: str):
    period = _requested_period()  # a bad date: the error page says which (422)
    text = exports.csv_text(table, services.advocacy_report(period))
    start = period.start.isoformat() if period.start else "start"
    name = f"advocacy-{table}-{start}-{period.to.isoformat()}.csv"
    return csv_download(text, name)
