"""Sharing in a real browser: an employee acknowledges the guide, opens an item's share
form, shares on X with their own text, and gets their tracked link; every page passes
the audit of `conftest.PageAudit`."""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from learning.advocacy.models import ContentItem, Objective
from learning.auth import services as accounts
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser

EMAIL, NAME = "sharer@example.com", "Sam Sharer"


@pytest.fixture
def item_id(journey_server) -> int:
    with journey_server.app.app_context():
        with unit_of_work():
            author = accounts.create_user(
                "champion.browser@example.com", "Chloe Champion", ["champion"], password=PASSWORD
            )
            accounts.create_user(EMAIL, NAME, ["employee"], password=PASSWORD)
            objective = Objective(
                title="Q3 launch", family="campaigns", target=3000,
                starts_on=date(2026, 1, 1), due=date(2030, 1, 1),
            )  # fmt: skip
            item = ContentItem(
                title="The Q3 launch event",
                type="event",
                url="https://www.example.com/events/q3?ref=hub",
                suggested_text="Join us for the Q3 launch event.",
                status="published",
                objective=objective,
                author=author,
            )
            db.session.add(item)
        made = item.id
        db.session.remove()
    return made


def test_an_employee_acknowledges_the_guide_then_shares_on_x(
    page, journey_server, item_id, problems, audit, expect
):
    base = journey_server.url
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/progress/$"))

    # Before the guide: told so, sent to it, no form.
    page.goto(f"{base}/hub/items/{item_id}/share")
    gate = page.get_by_text("Acknowledge the current conduct guide before you share")
    expect(gate).to_be_visible()
    expect(page.get_by_role("button", name="Get my link")).to_have_count(0)
    audit.check(page, "share-before-guide")
    page.get_by_role("link", name="Read the conduct guide").click()
    page.get_by_label("I have read this version of the conduct guide and I will follow it.").check()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Thank you: you acknowledged version")).to_be_visible()

    # The form: the network's text follows the choice; then the person's own words.
    page.goto(f"{base}/hub/items/{item_id}/share")
    expect(page.get_by_role("heading", level=2, name="Share it, if you wish")).to_be_visible()
    text = page.get_by_label("Your text")
    expect(text).to_have_value("Join us for the Q3 launch event.")
    audit.check(page, "share-form")
    page.get_by_label("X", exact=True).check()
    expect(page.get_by_text("At most 256 characters on this network.")).to_be_visible()
    text.fill("Our team built this. Join us for the Q3 launch!")
    page.get_by_role("button", name="Get my link").click()

    # The share page: the tracked link, and X opened with text and link.
    expect(page).to_have_url(re.compile(r"/shares/\d+$"))
    expect(page.get_by_role("heading", name="Your tracked link")).to_be_visible()
    tracked = page.locator("#tracked-link").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(base)}/s/[A-Za-z0-9_-]{{12}}", tracked), tracked
    page.get_by_role("button", name="Copy the link").click()
    expect(page.get_by_text("Link copied")).to_be_visible()
    open_x = page.get_by_role("button", name="Open X")
    expect(open_x).to_have_attribute("target", "_blank")
    expect(open_x).to_have_attribute("rel", "noopener")
    query = parse_qs(urlsplit(open_x.get_attribute("href")).query)
    assert query == {"text": ["Our team built this. Join us for the Q3 launch!"], "url": [tracked]}
    audit.check(page, "share-page")

    page.get_by_role("link", name="Your sharing").first.click()
    expect(page.get_by_role("heading", level=1, name="Your sharing")).to_be_visible()
    expect(page.get_by_role("cell", name="The Q3 launch event")).to_be_visible()
    audit.check(page, "my-sharing")
    page.get_by_role("link", name="What is kept").click()
    expect(page.get_by_role("heading", level=1, name="Privacy of tracked links")).to_be_visible()
    audit.check(page, "privacy")

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []
