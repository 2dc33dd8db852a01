"""The advocacy report's figures, against the hand-computed world of `advocacy_data`: in
the service's result, the API's JSON, the page's tables and the CSV files."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest

from learning.analytics import services
from learning.analytics.periods import Period
from tests import advocacy_data as expected
from tests.advocacy_data import build_world


@pytest.fixture
def world(app, make_user):
    return build_world(make_user)


@pytest.fixture
def champion(make_user):
    return make_user(roles=("champion",), name="Rita Reader", department="Marketing")


def report_for(world):
    period = Period(world.today - timedelta(days=expected.PERIOD_DAYS), world.today)
    return services.advocacy_report(period)


def test_the_service_counts_as_computed_by_hand(world):
    report = report_for(world)

    assert vars(report.totals) == expected.TOTALS
    assert report.conversions == {"attributed": 4, "outside_window": 1}
    assert {
        row.title: (row.type, row.objective, row.shares, row.clicks, row.conversions)
        for row in report.items
    } == expected.ITEMS
    assert [row.title for row in report.items] == list(expected.ITEMS)
    assert {
        row.network: (
            row.shares,
            row.clicks,
            row.clicks_per_share,
            row.conversions,
            row.conversions_per_share,
        )
        for row in report.networks
    } == expected.NETWORKS
    assert [row.network for row in report.networks] == list(expected.NETWORKS)
    assert {
        row.type: (row.shares, row.clicks, row.clicks_per_share, row.conversions)
        for row in report.types
    } == expected.TYPES
    for rows, table in (
        (report.top_sharers, expected.TOP_SHARERS),
        (report.best_performers, expected.BEST_PERFORMERS),
    ):
        assert [(r.name, (r.department, r.shares, r.clicks, r.conversions)) for r in rows] == list(
            table.items()
        )
    assert {
        o.title: (o.metric, o.target, o.achieved, o.forecast, o.status) for o in report.objectives
    } == expected.OBJECTIVES
    assert sum(week.shares for week in report.weeks) == expected.TOTALS["shares"]
    assert sum(week.clicks for week in report.weeks) == expected.TOTALS["clicks"]
    assert all(week.starts_on.weekday() == 0 for week in report.weeks)


def test_all_time_counts_what_came_before_the_period(world):
    report = services.advocacy_report(Period(None, world.today))

    assert report.totals.shares == 6  # s4, 40 days ago, too
    assert report.totals.clicks == 11
    assert report.totals.visitors == 8
    assert report.totals.conversions == 5
    # The objectives do not depend on the period.
    assert {o.title: o.achieved for o in report.objectives} == {
        "Readers of the report": 4,
        "Sign-ups for the launch": 4,
    }
