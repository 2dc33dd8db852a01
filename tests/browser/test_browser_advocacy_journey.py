"""Advocacy end to end, in a real browser: an employee finds an item in the hub,
acknowledges the conduct guide when the item's page asks, shares it on X, a reader
follows the tracked link, and the champion sees that click in the analytics, on the
item's row and in the charts. Every page passes the audit (`conftest.PageAudit`)."""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from learning.advocacy.models import ContentItem, Objective
from learning.auth import services as accounts
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.browser.conftest import PASSWORD
from tests.browser.test_browser_roles import sign_in

pytestmark = pytest.mark.browser

EMPLOYEE = ("rosa@example.com", "Rosa Diaz")
CHAMPION = ("chiara@example.com", "Chiara Champion")
TITLE = "Our autumn open day"
TARGET = "https://www.example.com/open-day?lang=en"
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)


@pytest.fixture
def item_id(journey_server) -> int:
    with journey_server.app.app_context():
        with unit_of_work():
            champion = accounts.create_user(*CHAMPION, ["champion"], password=PASSWORD)
            accounts.create_user(*EMPLOYEE, ["employee"], department="Sales", password=PASSWORD)
            objective = Objective(
                title="500 visitors at the open day", family="awareness", target=500,
                metric="clicks", starts_on=date(2026, 1, 1), due=date(2030, 1, 1),
            )  # fmt: skip
            item = ContentItem(
                title=TITLE,
                type="event",
                url=TARGET,
                body="Come and see where we work.",
                suggested_text="Come and visit us at our autumn open day.",
                status="published",
                objective=objective,
                author=champion,
            )
            db.session.add(item)
        made = item.id
        db.session.remove()
    return made


def test_a_share_from_the_hub_is_clicked_and_the_champion_sees_it(
    new_page, journey_server, item_id, problems, audit, expect
):
    base = journey_server.url

    # The employee finds the item in the hub; its page sends them to the guide first.
    employee = new_page()
    sign_in(employee, base, EMPLOYEE[0])
    employee.get_by_role("link", name="Hub", exact=True).click()
    employee.get_by_role("link", name=TITLE).click()
    expect(employee.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(employee.get_by_role("button", name="Get my link")).to_have_count(0)
    audit.check(employee, "item-before-guide")
    employee.get_by_role("link", name="Read the conduct guide").click()
    employee.get_by_label(
        "I have read this version of the conduct guide and I will follow it."
    ).check()
    employee.get_by_role("button", name="Acknowledge").click()
    expect(employee.get_by_text("Thank you: you acknowledged version")).to_be_visible()

    # Back on the item: the form, on X, with the person's own words.
    employee.goto(f"{base}/hub/items/{item_id}")
    employee.get_by_label("X", exact=True).check()
    employee.get_by_label("Your text").fill("Our open day is on Saturday: come and see us!")
    audit.check(employee, "item-share-form")
    employee.get_by_role("button", name="Get my link").click()
    expect(employee).to_have_url(re.compile(r"/shares/\d+$"))
    tracked = employee.locator("#tracked-link").inner_text().strip()
    open_x = employee.get_by_role("button", name="Open X")
    assert parse_qs(urlsplit(open_x.get_attribute("href")).query)["url"] == [tracked]

    # A reader of the post follows the link, from a browser of their own (the target
    # is on the internet, which the test does not reach: the 302 is checked instead).
    reader = new_page()
    reader.context.set_extra_http_headers({"User-Agent": READER_AGENT})
    followed = reader.request.get(tracked, max_redirects=0)
    assert followed.status == 302
    assert followed.headers["cache-control"] == "private, no-store"
    landed = urlsplit(followed.headers["location"])
    assert (landed.netloc, landed.path) == ("www.example.com", "/open-day")
    assert parse_qs(landed.query) == {
        "lang": ["en"],
        "utm_source": ["x"],
        "utm_medium": ["employee_advocacy"],
        "utm_campaign": [re.search(r"objective-\d+", landed.query).group()],
    }

    # The champion lands on the analytics: the item's row counts the share and the click.
    champion = new_page()
    sign_in(champion, base, CHAMPION[0])
    expect(champion).to_have_url(re.compile(r"/analytics/$"))
    row = champion.locator("#items-table tbody tr").filter(
        has=champion.get_by_role("rowheader", name=TITLE)
    )
    expect(row.locator("td")).to_have_text(["Event", "500 visitors at the open day", "1", "1", "0"])
    network = champion.locator("#networks-table tbody tr").filter(has_text="X")
    expect(network.first).to_be_visible()
    expect(champion.locator("#chart-networks")).to_have_attribute("data-drawn", "true")
    audit.check(champion, "analytics-after-the-click")

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []
