"""The click rollups give the raw tables' figures, whenever clicks arrive; the report's
statements do not grow with the data; the forecast and the period's bad input."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from learning.advocacy.models import ContentItem, Objective
from learning.analytics import rollup, services
from learning.analytics.models import ClickDay, ClickRollup, RollupState, ShareClicks
from learning.analytics.objectives import forecast, status
from learning.analytics.periods import InvalidDate, Period, arguments, period_from
from learning.extensions import db
from learning.sharing.models import Click, Share
from learning.transaction import unit_of_work
from tests import advocacy_data as expected
from tests.advocacy_data import add_click, build_world


@pytest.fixture
def world(app, make_user):
    return build_world(make_user)


def raw_figures(period: Period) -> dict:
    """Counted clicks per network and visitors per day summed, from the raw clicks."""
    start = rollup.midnight(period.start) if period.start else None
    per_network: dict[str, int] = {}
    visitors: set[tuple] = set()
    filtered = 0
    query = sa.select(Click, Share.network).join(Share, Share.id == Click.share_id)
    for click, network in db.session.execute(query):
        if (start and click.clicked_at < start) or click.clicked_at >= rollup.midnight(period.end):
            continue
        if click.kind != "person":
            filtered += 1
            continue
        per_network[network] = per_network.get(network, 0) + 1
        visitors.add((click.clicked_at.date(), click.visitor))
    return {
        "networks": per_network,
        "visitors": len(visitors),
        "filtered": filtered,
        "objective clicks": raw_objective_clicks(period.to),
    }


def raw_objective_clicks(today) -> int:
    """The counted clicks of the objective counting clicks, within its dates."""
    objective = db.session.execute(
        sa.select(Objective).where(Objective.metric == "clicks")
    ).scalar_one()
    query = (
        sa.select(Click)
        .join(Share, Share.id == Click.share_id)
        .join(ContentItem, ContentItem.id == Share.item_id)
        .where(ContentItem.objective_id == objective.id, Click.kind == "person")
    )
    return sum(
        objective.starts_on <= click.clicked_at.date() <= min(objective.due, today)
        for click in db.session.scalars(query)
    )


def report_figures(report) -> dict:
    return {
        "networks": {row.network: row.clicks for row in report.networks if row.clicks},
        "visitors": report.totals.visitors,
        "filtered": report.totals.filtered,
        "objective clicks": next(o.achieved for o in report.objectives if o.metric == "clicks"),
    }


def test_the_rollups_match_the_raw_clicks_as_new_ones_arrive(world):
    period = Period(world.today - timedelta(days=expected.PERIOD_DAYS), world.today)
    first = services.advocacy_report(period, now=world.now)
    assert report_figures(first) == raw_figures(period)
    # Every counted click before today, three ways; today's two are read raw.
    for rolled_up in (ClickRollup.clicks, ShareClicks.clicks, ClickDay.clicks):
        assert db.session.execute(sa.select(sa.func.sum(rolled_up))).scalar_one() == 9

    # Between two reports: a late click of an already rolled-up day (an import), from a
    # visitor already counted that day and from a new one, and more clicks today.
    with unit_of_work():
        add_click(world, "s1", 10, visitor="v1")
        add_click(world, "s2", 9, visitor="v8")
        # Before the period and the objective's start: the share now straddles both.
        add_click(world, "s2", 35, visitor="v10")
        add_click(world, "s3", 0, visitor="v9")
        add_click(world, "s3", 0, kind="preview")
    second = services.advocacy_report(period, now=world.now)
    assert second.totals.clicks == expected.TOTALS["clicks"] + 3
    assert second.totals.visitors == expected.TOTALS["visitors"] + 2
    assert report_figures(second) == raw_figures(period)

    # A day later, today's clicks are rolled up too, and nothing changes.
    tomorrow = world.now + timedelta(days=1)
    third = services.advocacy_report(period, now=tomorrow)
    state = db.session.get(RollupState, rollup.STATE_ID)
    assert state.rolled_until == world.today + timedelta(days=1) or (
        # Within the settling minutes after midnight, today is not over yet.
        tomorrow - rollup.SETTLING < rollup.midnight(world.today + timedelta(days=1))
    )
    assert report_figures(third) == report_figures(second)
    assert vars(third.totals) == vars(second.totals)


def test_two_reports_rolling_the_same_days_do_not_count_twice(world):
    period = Period(None, world.today)
    services.advocacy_report(period, now=world.now)
    # As if another report had rolled up again the same days: the rows are replaced.
    with unit_of_work():
        db.session.execute(sa.update(RollupState).values(rolled_until=None, last_click_id=0))
    again = services.advocacy_report(period, now=world.now)
    assert report_figures(again) == raw_figures(period)


def test_a_report_before_any_click_is_empty(app):
    report = services.advocacy_report(period_from(None, None, date.today()))
    assert vars(report.totals) == dict.fromkeys(expected.TOTALS, 0)
    assert report.items == report.networks == report.weeks == report.objectives == []


@pytest.mark.parametrize(
    ("achieved", "today_offset", "predicted", "state"),
    [
        (4, 60, 6, "behind"),  # 4 in 61 of 91 days: 6 by the due date, target 10
        (7, 60, 10, "on_track"),  # 7 in 61 days: 10.4, rounded to 10
        (10, 60, 15, "reached"),
        (5, 95, 5, "ended"),  # past the due date: what it counted
        (0, -3, None, "not_started"),
    ],
)
def test_the_forecast_carries_the_rate_so_far_to_the_due_date(
    achieved, today_offset, predicted, state
):
    starts_on = date(2026, 1, 1)
    due = starts_on + timedelta(days=90)
    today = starts_on + timedelta(days=today_offset)

    result = forecast(achieved, starts_on, due, today)

    assert result == predicted
    assert status(achieved, 10, result, starts_on, due, today) == state


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("yesterday", None),
        ("2026-02-30", None),
        ("20260101", None),
        ("2026-1-1", None),
        ("1999-12-31", None),
        (None, "9999-12-31"),
        ("2026-03-02", "2026-03-01"),
        ("２０２６-01-01", None),
    ],
)
def test_a_bad_period_is_refused_with_a_reason(start, to):
    with pytest.raises(InvalidDate):
        period_from(start, to, date(2026, 6, 1))


def test_the_period_defaults_and_presets():
    today = date(2026, 6, 1)
    assert period_from(None, None, today) == Period(date(2026, 3, 4), today)
    assert period_from("", "", today, "30d") == Period(date(2026, 5, 3), today)
    assert period_from(None, None, today, "12m") == Period(date(2025, 6, 2), today)
    assert period_from(None, None, today, "all") == Period(None, today)
    assert period_from(None, None, today, "unknown") == Period(date(2026, 3, 4), today)
    assert period_from("2026-01-01", None, today) == Period(date(2026, 1, 1), today)
    # Without `from`, the preset ends at `to`.
    assert period_from(None, "2026-05-31", today) == Period(date(2026, 3, 3), date(2026, 5, 31))
    assert period_from("", "2026-05-31", today, "all") == Period(None, date(2026, 5, 31))
    for period in (Period(None, today), Period(date(2026, 1, 1), today)):
        asked = arguments(period)
        assert period_from(asked.get("from"), asked["to"], today, asked.get("period")) == period


def test_bad_dates_get_422_on_the_api_and_a_message_on_the_page(
    world, make_user, api, login, client
):
    champion = make_user(roles=("champion",))
    response = api(champion).get("/api/v1/reports/advocacy?from=2026-13-01")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_date"
    assert "YYYY-MM-DD" in response.json["error"]["message"]
    reversed_period = api(champion).get("/api/v1/reports/advocacy?from=2026-03-02&to=2026-03-01")
    assert reversed_period.status_code == 422
    assert reversed_period.json["error"]["code"] == "invalid_date"

    login(champion)
    page = client.get("/analytics/?from=someday")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "from must be a date written YYYY-MM-DD" in html
    assert 'aria-invalid="true"' in html
    assert 'value="someday"' in html
    assert client.get("/analytics/data.json?to=2026-02-31").json["error"]["code"] == "invalid_date"
    assert client.get("/analytics/items.csv?to=nope").status_code == 422


def test_champions_land_on_the_analytics(make_user, login, client):
    champion = make_user(roles=("champion",))
    response = login(champion)
    assert response.headers["Location"].endswith("/analytics/")
    page = client.get("/analytics/").get_data(as_text=True)
    assert 'aria-current="page">Analytics</a>' in page


# A ceiling a little above today's count: a new statement per page is a choice.
MAX_STATEMENTS = 24


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


def grow(world, make_user, people: int) -> None:
    """More sharers, items, shares, clicks and sign-ups, on every day of the period."""
    from tests.advocacy_data import more_activity

    more_activity(world, [make_user(department=f"Team {n % 3}") for n in range(people)])


@pytest.mark.parametrize(
    "url",
    ["/analytics/", "/analytics/data.json", "/analytics/items.csv", "/api/v1/reports/advocacy"],
)
def test_the_statements_do_not_grow_with_the_data(
    world, make_user, login, api, client, statements, url
):
    champion = make_user(roles=("champion",))
    login(champion)
    headers = api(champion).headers if url.startswith("/api/") else {}

    def measure() -> int:
        client.get(url, headers=headers)  # brings the rollups up to date first
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        statements.clear()
        response = client.get(url, query_string={"period": "all"}, headers=headers)
        assert response.status_code == 200, url
        return len(statements)

    few = measure()
    grow(world, make_user, people=12)
    many = measure()
    assert services.advocacy_report(Period(None, world.today)).totals.shares > 40
    assert many == few
    assert many <= MAX_STATEMENTS
