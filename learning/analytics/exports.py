"""The report's tables as CSV files a spreadsheet opens safely.

UTF-8 with a byte-order mark (so spreadsheets read accents right), and every text cell
that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
carriage return) is prefixed with an apostrophe, as OWASP advises against CSV injection.
"""

from collections.abc import Callable, Iterable

from flask_babel import gettext as _

from learning import spreadsheets
from learning.analytics.labels import family_label, metric_label, status_label
from learning.analytics.services import Report, SharerRow


def neutralise(cell: object) -> object:
    if isinstance(cell, float):
        return f"{cell:.2f}"  # a ratio, as the page shows it
    return spreadsheets.neutralise(cell)


def _items(report: Report):
    yield [_("Item"), _("Type"), _("Objective"), _("Shares"), _("Counted clicks"), _("Sign-ups")]
    for row in report.items:
        yield [row.title, row.type_label, row.objective, row.shares, row.clicks, row.conversions]


def _networks(report: Report):
    yield [
        _("Network"),
        _("Shares"),
        _("Counted clicks"),
        _("Clicks per share"),
        _("Sign-ups"),
        _("Sign-ups per share"),
    ]
    for row in report.networks:
        yield [
            row.label,
            row.shares,
            row.clicks,
            row.clicks_per_share,
            row.conversions,
            row.conversions_per_share,
        ]


def _types(report: Report):
    yield [
        _("Content type"),
        _("Shares"),
        _("Counted clicks"),
        _("Clicks per share"),
        _("Sign-ups"),
    ]
    for row in report.types:
        yield [row.label, row.shares, row.clicks, row.clicks_per_share, row.conversions]


def _weeks(report: Report):
    yield [_("Week of"), _("Shares"), _("Counted clicks")]
    for week in report.weeks:
        yield [week.starts_on.isoformat(), week.shares, week.clicks]


def _people(rows: list[SharerRow]):
    yield [_("Name"), _("Department"), _("Shares"), _("Counted clicks"), _("Sign-ups")]
    for row in rows:
        yield [row.name, row.department, row.shares, row.clicks, row.conversions]


def _objectives(report: Report):
    yield [
        _("Objective"),
        _("Family"),
        _("Counts"),
        _("Target"),
        _("Achieved"),
        _("Forecast"),
        _("Status"),
        _("Starts"),
        _("Due"),
    ]
    for row in report.objectives:
        yield [
            row.title,
            family_label(row.family),
            metric_label(row.metric),
            row.target,
            row.achieved,
            "" if row.forecast is None else row.forecast,
            status_label(row.status),
            row.starts_on.isoformat(),
            row.due.isoformat(),
        ]


TABLES: dict[str, Callable[[Report], Iterable[list]]] = {
    "items": _items,
    "networks": _networks,
    "content-types": _types,
    "weeks": _weeks,
    "sharers": lambda report: _people(report.top_sharers),
    "performers": lambda report: _people(report.best_performers),
    "objectives": _objectives,
}


def csv_text(table: str, report: Report) -> str:
    return spreadsheets.csv_text(TABLES[table](report), neutralise)
