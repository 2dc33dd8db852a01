"""HR's coverage page, the JSON its charts draw, its table as CSV, and the reminders page."""

import sqlalchemy as sa
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import aliased

from learning.auth.models import User
from learning.database import utcnow
from learning.errors import json_error
from learning.extensions import db
from learning.hr import blueprint, coverage, reminders
from learning.levels import LEVELS, level_label
from learning.security import roles_required
from learning.spreadsheets import csv_download, csv_text


def _requested() -> tuple[coverage.Filters, str | None]:
    return coverage.filters_from(request.args), coverage.grouping_from(request.args)


def _report(filters, group_by) -> coverage.Coverage:
    return coverage.coverage(filters, group_by, see_small_groups=current_user.has_role("admin"))


def _choices() -> dict:
    """What the filters offer: three queries, whatever the number of people."""

    def distinct(column):
        return list(
            db.session.execute(
                sa.select(column).where(column.is_not(None)).distinct().order_by(column)
            ).scalars()
        )

    manager = aliased(User)
    managers = db.session.execute(
        sa.select(manager.id, manager.name)
        .where(manager.id.in_(sa.select(User.manager_id).where(User.manager_id.is_not(None))))
        .order_by(manager.name)
    ).all()
    return {
        "departments": distinct(User.department),
        "sites": distinct(User.site),
        "managers": managers,
        "levels": [(level, level_label(level)) for level in LEVELS],
        "groupings": coverage.GROUPINGS,
    }


@blueprint.get("/coverage")
@roles_required("hr", "admin")
def coverage_page():
    try:
        filters, group_by = _requested()
    except coverage.InvalidFilter as error:
        page = render_template(
            "hr/coverage.html", report=None, error=error.message, choices=_choices(), args={}
        )
        return page, error.status
    report = _report(filters, group_by)
    args = {**filters.as_args(), **({"group_by": group_by} if group_by else {})}
    return render_template(
        "hr/coverage.html",
        report=report,
        error=None,
        choices=_choices(),
        args=args,
    )


@blueprint.get("/coverage/data.json")
@roles_required("hr", "admin")
def coverage_data():
    """What the charts draw, for the same filters and grouping as the page."""
    try:
        filters, group_by = _requested()
    except coverage.InvalidFilter as error:
        return json_error(error.status, error.code, error.message)
    report = _report(filters, group_by)
    totals = report.totals
    return jsonify(
        coverage={
            "hidden": report.hidden,
            "levels": {
                "labels": [str(level_label(level)) for level in LEVELS],
                "people": [totals.by_level[level] for level in LEVELS],
            },
            "groups": {
                "labels": [group.label for group in report.groups],
                "employees": [group.employees for group in report.groups],
                "completed_path": [group.completed_path for group in report.groups],
                "acknowledged": [group.acknowledged_current_guide for group in report.groups],
                "overdue": [group.overdue for group in report.groups],
            },
        }
    )


def _csv_rows(report: coverage.Coverage):
    heading = coverage.GROUPINGS[report.group_by] if report.group_by else _("Everyone")
    yield [
        str(heading),
        _("Employees"),
        _("Took the diagnostic"),
        *[str(level_label(level)) for level in LEVELS],
        _("Completed their path"),
        _("Acknowledged the current guide"),
        _("Overdue"),
        _("Must re-acknowledge"),
    ]
    rows = report.groups if report.group_by else [report.totals]
    for row in rows:
        yield [
            getattr(row, "label", _("Everyone")),
            row.employees,
            row.diagnosed,
            *[row.by_level[level] for level in LEVELS],
            row.completed_path,
            row.acknowledged_current_guide,
            row.overdue,
            row.must_reacknowledge,
        ]


@blueprint.get("/coverage.csv")
@roles_required("hr", "admin")
def coverage_export():
    """The page's table as CSV, UTF-8 with a byte-order mark, formulas made inert."""
    filters, group_by = _requested()  # a bad filter: the error page says which (422)
    report = _report(filters, group_by)
    name = f"coverage-{group_by or 'everyone'}-{utcnow().date().isoformat()}.csv"
    return csv_download(csv_text([] if report.hidden else _csv_rows(report)), name)


@blueprint.get("/reminders")
@roles_required("hr", "admin")
def reminders_page():
    now = utcnow()
    return render_template(
        "hr/reminders.html",
        due=reminders.due(now),
        now=now,
        history=reminders.history(),
        limit=reminders.LIST_LIMIT,
    )


@blueprint.post("/reminders/send")
@roles_required("hr", "admin")
def send_reminders():
    sent = reminders.send(by=current_user)
    if sent:
        flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", len(sent)), "success")
    else:
        flash(_("Nobody is due a reminder: everyone late was reminded this week."), "info")
    return redirect(url_for("hr.reminders_page"))
