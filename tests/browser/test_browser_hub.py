"""The content hub in a real browser, each page audited (`conftest.PageAudit`): a champion
sets an objective and publishes an item; an employee browses the hub, opens the item and
submits a story; the champion reviews and approves it."""

import re

import pytest

from learning.auth import services as accounts
from learning.transaction import unit_of_work
from tests.browser.conftest import PASSWORD
from tests.browser.navigation import follow_menu

pytestmark = pytest.mark.browser

CHAMPION = ("chloe@example.com", "Chloé Champion")
WRITER = ("sam@example.com", "Sam Writer")


@pytest.fixture
def people(journey_server):
    with journey_server.app.app_context(), unit_of_work():
        for (email, name), roles in ((CHAMPION, ["champion"]), (WRITER, ["employee"])):
            if accounts.find_user_by_email(email) is None:
                accounts.create_user(email, name, roles, department="Marketing", password=PASSWORD)


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_champion_curates_and_an_employee_contributes(
    new_page, journey_server, people, problems, audit, expect
):
    base = journey_server.url
    champion = new_page()
    sign_in(champion, base, CHAMPION[0])

    # An objective, then an item serving it.
    follow_menu(champion, "Advocacy", "Manage hub")
    expect(champion.get_by_role("heading", level=1, name="Manage the hub")).to_be_visible()
    champion.get_by_role("link", name="Objectives").last.click()
    champion.get_by_role("button", name="New objective").click()
    audit.check(champion, "hub-objective-form")
    champion.get_by_label("Title").fill("Q3 launch event")
    champion.get_by_label("Family").select_option(label="Campaigns")
    champion.get_by_label("Target", exact=True).fill("3000")
    champion.get_by_label("Due date").fill("2099-09-30")
    champion.get_by_role("button", name="Save the objective").click()
    expect(champion.get_by_role("status")).to_have_text(
        "The objective “Q3 launch event” is created."
    )
    audit.check(champion, "hub-objectives")

    champion.goto(base + "/hub/manage/items/new")
    champion.get_by_role("button", name="Save the item").click()
    expect(champion.get_by_role("heading", name="There is a problem")).to_be_visible()
    audit.check(champion, "hub-item-form-errors")
    champion.get_by_label("Title").fill("Our Q3 launch, in 3 minutes")
    champion.get_by_label("Content type").select_option(label="Press release")
    champion.get_by_label("Target URL").fill("https://news.example.org/q3-launch")
    champion.get_by_label("Objective").select_option(label="Q3 launch event")
    champion.get_by_label("Description").fill("The **launch** of the year, explained.")
    champion.get_by_label("Suggested text").fill("Our Q3 launch is here: see what is new.")
    champion.get_by_role("button", name="Save the item").click()
    expect(champion.get_by_role("status")).to_have_text(
        "“Our Q3 launch, in 3 minutes” is in the hub."
    )
    audit.check(champion, "hub-manage")

    # An employee browses the hub, opens the item, and writes a story.
    writer = new_page()
    sign_in(writer, base, WRITER[0])
    writer.get_by_role("link", name="Hub", exact=True).click()
    expect(writer.get_by_role("heading", level=1, name="The content hub")).to_be_visible()
    audit.check(writer, "hub-list")
    writer.get_by_role("link", name="Our Q3 launch, in 3 minutes").click()
    expect(writer.get_by_role("heading", level=1)).to_have_text("Our Q3 launch, in 3 minutes")
    expect(writer.locator("strong", has_text="launch")).to_be_visible()
    audit.check(writer, "hub-item")
    writer.goto(base + "/hub/stories/")
    writer.get_by_role("button", name="Write a story").click()
    writer.get_by_label("Title").fill("Our stand at the fair")
    writer.get_by_label("Your story").fill("We met **200** people in two days.")
    audit.check(writer, "hub-story-form")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_role("status")).to_contain_text("waiting for a champion's review")
    audit.check(writer, "hub-story")

    # The champion approves it: a link and an objective are required.
    follow_menu(champion, "Advocacy", "Reviews")
    audit.check(champion, "hub-reviews")
    champion.get_by_role("link", name="Our stand at the fair").click()
    champion.get_by_role("button", name="Approve and publish").click()
    expect(champion.get_by_label("Target URL")).to_have_attribute("aria-invalid", "true")
    audit.check(champion, "hub-review")
    champion.get_by_label("Target URL").fill("https://blog.example.org/fair")
    champion.get_by_label("Objective").select_option(label="Q3 launch event")
    champion.get_by_role("button", name="Approve and publish").click()
    expect(champion.get_by_role("status")).to_have_text("The story is published in the hub.")
    expect(champion).to_have_url(re.compile(r"/hub/reviews/$"))

    writer.goto(base + "/hub/")
    expect(writer.get_by_role("link", name="Our stand at the fair")).to_be_visible()

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []
