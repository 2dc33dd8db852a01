"""The advocacy report's figures, against the hand-computed world of `advocacy_data`: in
the service's result, the API's JSON, the page's tables and the CSV files."""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from learning.analytics import exports, services
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


def test_the_all_time_page_keeps_its_period_in_its_links(world, champion, login, client):
    login(champion)
    html = client.get("/analytics/?period=all").get_data(as_text=True)
    to = world.today.isoformat()
    assert f'data-url="/analytics/data.json?period=all&amp;to={to}"' in html
    assert f'href="/analytics/items.csv?period=all&amp;to={to}"' in html
    data = client.get(f"/analytics/data.json?period=all&to={to}").json
    assert data["period"] == {"from": None, "to": to}
    assert sum(data["weeks"]["shares"]) == 6


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


class TableReader(HTMLParser):
    """The text of every cell of every table with an id, row by row (header row first)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self.current = self.tables.setdefault(dict(attrs)["id"], [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(html)
    return reader.tables


TYPE_LABELS = {"event": "Event", "press_release": "Press release", "case_study": "Case study"}
NETWORK_LABELS = {"linkedin": "LinkedIn", "x": "X", "facebook": "Facebook"}


def expected_rows():
    """Every table's rows as the page and the CSV files show them (text)."""
    people = {
        table: [[name, *map(str, figures)] for name, figures in rows.items()]
        for table, rows in (
            ("sharers", expected.TOP_SHARERS),
            ("performers", expected.BEST_PERFORMERS),
        )
    }
    return {
        "items": [
            [title, TYPE_LABELS[kind], objective, str(shares), str(clicks), str(signups)]
            for title, (kind, objective, shares, clicks, signups) in expected.ITEMS.items()
        ],
        "networks": [
            [NETWORK_LABELS[name], str(s), str(c), f"{cps:.2f}", str(v), f"{vps:.2f}"]
            for name, (s, c, cps, v, vps) in expected.NETWORKS.items()
        ],
        "content-types": [
            [TYPE_LABELS[kind], str(s), str(c), f"{cps:.2f}", str(v)]
            for kind, (s, c, cps, v) in expected.TYPES.items()
        ],
        **people,
    }


PAGE_TABLE_IDS = {
    "items": "items-table",
    "networks": "networks-table",
    "content-types": "types-table",
    "sharers": "sharers-table",
    "performers": "performers-table",
}


def test_the_page_shows_the_same_figures(world, champion, login, client):
    login(champion)

    response = client.get("/analytics/", query_string=world.period)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name, value in expected.TOTALS.items():
        if name != "outside_window":
            assert f'data-total="{name}">{value}<' in html, name
    assert "1 more reported, outside the attribution window" in html
    tables = page_tables(html)
    for table, rows in expected_rows().items():
        assert tables[PAGE_TABLE_IDS[table]][1:] == rows, table
    assert "4 of 10 confirmed sign-ups, due" in html
    assert "4 of 5 counted clicks, due" in html
    assert html.count("At the rate so far: about 6 by") == 2
    assert html.count(">On track<") == 1
    assert html.count(">Behind<") == 1


def csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode()), "a byte-order mark for spreadsheets"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_each_csv_has_the_page_figures_with_formulas_neutralised(world, champion, login, client):
    login(champion)
    neutralised = {
        "=Chloé Petit": "'=Chloé Petit",
        "+Results press release": "'+Results press release",
    }

    for table, rows in expected_rows().items():
        response = client.get(f"/analytics/{table}.csv", query_string=world.period)

        assert response.status_code == 200, table
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        safe_rows = [[neutralised.get(cell, cell) for cell in row] for row in rows]
        assert csv_rows(response)[1:] == safe_rows, table

    weeks = csv_rows(client.get("/analytics/weeks.csv", query_string=world.period))
    assert weeks[0] == ["Week of", "Shares", "Counted clicks"]
    assert sum(int(row[1]) for row in weeks[1:]) == expected.TOTALS["shares"]
    assert sum(int(row[2]) for row in weeks[1:]) == expected.TOTALS["clicks"]

    objectives = csv_rows(client.get("/analytics/objectives.csv", query_string=world.period))
    assert objectives[0][:5] == ["Objective", "Family", "Counts", "Target", "Achieved"]
    assert [row[:7] for row in objectives[1:]] == [
        ["Readers of the report", "Awareness", "counted clicks", "5", "4", "6", "On track"],
        ["Sign-ups for the launch", "Campaigns", "confirmed sign-ups", "10", "4", "6", "Behind"],
    ]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain text", "Plain text"),
        (" =not first", " =not first"),
        (12, 12),
    ],
)
def test_csv_cells_cannot_become_formulas(cell, safe):
    assert exports.neutralise(cell) == safe


def test_the_api_answers_the_same_figures(world, champion, api):
    response = api(champion).get("/api/v1/reports/advocacy", query_string=world.period)

    assert response.status_code == 200, response.json
    body = response.json
    for key in ("shares_by_content", "clicks_by_network", "conversions", "by_content_type"):
        assert key in body
    assert {"top_sharers", "objectives"} <= set(body)
    assert body["period"] == {"from": world.period["from"], "to": world.today.isoformat()}
    assert body["totals"] == expected.TOTALS
    assert body["conversions"] == {"attributed": 4, "outside_window": 1}
    assert {
        row["title"]: (
            row["type"],
            row["objective"],
            row["shares"],
            row["clicks"],
            row["conversions"],
        )
        for row in body["shares_by_content"]
    } == expected.ITEMS
    assert {
        row["network"]: (
            row["shares"],
            row["clicks"],
            row["clicks_per_share"],
            row["conversions"],
            row["conversions_per_share"],
        )
        for row in body["clicks_by_network"]
    } == expected.NETWORKS
    assert {
        row["type"]: (row["shares"], row["clicks"], row["clicks_per_share"], row["conversions"])
        for row in body["by_content_type"]
    } == expected.TYPES
    assert [
        (r["name"], (r["department"], r["shares"], r["clicks"], r["conversions"]))
        for r in body["top_sharers"]
    ] == list(expected.TOP_SHARERS.items())
    objectives = {o["title"]: o for o in body["objectives"]}
    for title, (metric, target, achieved, forecast, status) in expected.OBJECTIVES.items():
        objective = objectives[title]
        assert {"id", "title", "family", "target", "achieved", "due"} <= set(objective)
        assert (objective["metric"], objective["target"], objective["achieved"]) == (
            metric,
            target,
            achieved,
        )
        assert (objective["forecast"], objective["status"]) == (forecast, status)
    launch = world.objectives["launch"]
    assert objectives["Sign-ups for the launch"]["id"] == launch.id
    assert objectives["Sign-ups for the launch"]["family"] == "campaigns"
    assert objectives["Sign-ups for the launch"]["due"] == launch.due.isoformat()


def test_the_data_endpoint_feeds_the_charts(world, champion, login, client):
    login(champion)

    data = client.get("/analytics/data.json", query_string=world.period).json

    assert data["networks"]["labels"] == ["LinkedIn", "X", "Facebook"]
    assert data["networks"]["clicks"] == [7, 2, 1]
    assert data["types"]["labels"] == ["Event", "Press release", "Case study"]
    assert data["types"]["shares"] == [2, 3, 0]
    assert sum(data["weeks"]["clicks"]) == 10
    assert sum(data["weeks"]["shares"]) == 5
    assert all(re.match(r"^\d{4}-\d{2}-\d{2}$", label) for label in data["weeks"]["labels"])
