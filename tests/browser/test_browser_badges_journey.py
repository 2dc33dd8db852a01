"""Recognition end to end, in a real browser: a champion awards an "expert" badge with a
reason, the employee finds it on their badges page with that reason, downloads it as a
baked PNG that carries its Open Badges assertion, and the assertion it points to is
served to anyone. Every page passes the audit (`conftest.PageAudit`)."""

import pytest

from learning.auth import services as accounts
from learning.badges import bakery
from learning.transaction import unit_of_work
from tests.browser.conftest import PASSWORD
from tests.browser.navigation import follow_menu
from tests.browser.test_browser_roles import sign_in

pytestmark = pytest.mark.browser

CHAMPION = ("corinne.awards@example.com", "Corinne Awarder")
EMPLOYEE = ("elio.awarded@example.com", "Elio Awarded")
BADGE = "Expert storyteller"
REASON = "Her story about the Lyon plant brought forty visitors to the open day."


@pytest.fixture
def people(journey_server) -> None:
    with journey_server.app.app_context(), unit_of_work():
        accounts.create_user(*CHAMPION, ["champion"], department="Sales", password=PASSWORD)
        accounts.create_user(*EMPLOYEE, ["employee"], department="Sales", password=PASSWORD)


def test_a_champion_awards_a_badge_and_the_employee_downloads_it(
    new_page, journey_server, people, problems, audit, expect, tmp_path
):
    base = journey_server.url

    # The champion awards the badge from the page the navigation offers, with a reason.
    champion = new_page()
    sign_in(champion, base, CHAMPION[0])
    follow_menu(champion, "Advocacy", "Award a badge")
    expect(champion.get_by_role("heading", level=1, name="Award a badge")).to_be_visible()
    audit.check(champion, "award-form")
    # Without a reason, nothing is awarded: the summary says why and takes the focus.
    champion.get_by_label("Person").select_option(label=f"{EMPLOYEE[1]} (Sales)")
    champion.get_by_label("Badge").select_option(label=BADGE)
    champion.get_by_role("button", name="Award the badge").click()
    summary = champion.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Why they deserve it")
    champion.get_by_label("Person").select_option(label=f"{EMPLOYEE[1]} (Sales)")
    champion.get_by_label("Badge").select_option(label=BADGE)
    champion.get_by_label("Why they deserve it").fill(REASON)
    champion.get_by_role("button", name="Award the badge").click()
    expect(champion.get_by_text(f"{EMPLOYEE[1]} now holds “{BADGE}”.")).to_be_visible()
    audit.check(champion, "award-given")

    # The employee sees it among their badges, with the champion's reason.
    employee = new_page()
    sign_in(employee, base, EMPLOYEE[0])
    employee.get_by_role("link", name="My badges").click()
    earned = employee.get_by_role("article").filter(has_text=BADGE)
    expect(earned).to_be_visible()
    expect(earned).to_contain_text(REASON)
    audit.check(employee, "my-badges")

    # The download is the badge's image with its assertion baked in.
    with employee.expect_download() as download_info:
        earned.get_by_role("link", name="Download the badge (PNG)").click()
    saved = tmp_path / "badge.png"
    download_info.value.save_as(saved)
    png = saved.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    baked = bakery.unbake(png)
    assert baked is not None
    assert baked["type"] == "Assertion"
    assert baked["recipient"]["hashed"] is True

    # The assertion it carries is served to anyone, without signing in.
    reader = new_page()
    answer = reader.request.get(baked["id"])
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/ld+json")
    served = answer.json()
    assert served["id"] == baked["id"]
    assert served["badge"] == baked["badge"]
    assert reader.request.get(served["badge"]).json()["name"] == BADGE
    assert problems == []
