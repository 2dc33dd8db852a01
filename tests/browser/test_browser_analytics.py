"""A champion's analytics in a real browser: signed in, they land on the analytics page,
the charts are drawn from the data endpoint, the tables sort from the keyboard, and every
page passes the audit (`conftest.PageAudit`) at desktop and 375 px."""

import re
from itertools import count

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.extensions import db
from learning.sharing.models import Share
from learning.transaction import unit_of_work
from tests.advocacy_data import build_world
from tests.browser.conftest import PASSWORD
from tests.browser.test_browser_roles import sign_in

pytestmark = pytest.mark.browser
CHAMPION = ("carla@example.com", "Carla Champion")


@pytest.fixture(scope="module")
def advocacy(journey_server):
    """The hand-computed advocacy world of the analytics tests, and a champion."""
    numbers = count(1)

    def make_user(roles=("employee",), name=None, department=None):
        number = next(numbers)
        with unit_of_work():
            return accounts.create_user(
                f"sharer{number}@example.com",
                name or f"Sharer {number}",
                list(roles),
                department=department,
                password=PASSWORD,
            )

    with journey_server.app.app_context():
        build_world(make_user)
        with unit_of_work():
            accounts.create_user(*CHAMPION, ["champion"], department="Marketing", password=PASSWORD)


def test_a_champion_lands_on_the_analytics_and_sees_the_charts(
    advocacy, page, journey_server, problems, audit, expect
):
    sign_in(page, journey_server.url, CHAMPION[0])

    expect(page).to_have_url(re.compile(r"/analytics/$"))
    expect(page.get_by_role("heading", level=1, name="Advocacy analytics")).to_be_visible()
    # Each chart is drawn once the JSON has come: a canvas with something on it.
    for chart in ("chart-networks", "chart-weeks", "chart-types"):
        canvas = page.locator(f"#{chart}")
        expect(canvas).to_have_attribute("data-drawn", "true")
        assert page.evaluate(
            """id => { const c = document.getElementById(id);
                 const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                 return pixels.some(value => value !== 0); }""",
            chart,
        ), chart
        assert canvas.get_attribute("aria-describedby")
    audit.check(page, "analytics")

    # The items table sorts by a header's button, from the keyboard, and says how.
    header = page.locator("#items-table thead th").nth(4)
    header.get_by_role("button", name="Counted clicks").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    first_item = page.locator("#items-table tbody tr").first.locator("th")
    expect(first_item).to_have_text("Launch event")

    # A preset period, and a wrong date said in words.
    page.get_by_role("link", name="All time").click()
    # The journeys share one server: other journeys' shares are there too.
    with journey_server.app.app_context():
        shares = db.session.execute(sa.select(sa.func.count(Share.id))).scalar_one()
        db.session.remove()
    assert shares >= 6
    expect(page.locator('[data-total="shares"]')).to_have_text(str(shares))
    page.goto(journey_server.url + "/analytics/?from=2026-02-30")
    expect(page.get_by_role("alert")).to_contain_text("from must be a date written YYYY-MM-DD")
    audit.check(page, "analytics-bad-date")

    audit.assert_clean()
    # The bad date's page answered 422 on purpose; nothing else failed.
    assert [p for p in problems if "2026-02-30" not in p and "422" not in p] == []
    assert journey_server.errors == []
