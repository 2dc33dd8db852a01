"""HR's journey and the signed-out pages in a real browser, each page audited
(`conftest.PageAudit`): HR lands on the training overview, finds a colleague, sets a level,
creates an account and copies its invitation link, which the new person then opens.
"""

import re

import pytest

from tests.browser.conftest import COLLEAGUE, HR, PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_hr_sees_the_training_and_invites_a_new_employee(
    new_page, journey_server, problems, audit, expect
):
    base = journey_server.url
    page = new_page()
    sign_in(page, base, HR[0])

    # The overview, not the learner dashboard.
    expect(page).to_have_url(re.compile(r"/hr/$"))
    expect(page.get_by_role("heading", level=1, name="Training overview")).to_be_visible()
    for card in ("People", "Levels", "Learning paths", "Conduct guide"):
        expect(page.get_by_role("heading", level=2, name=card)).to_be_visible()
    expect(page.get_by_role("progressbar", name="Average path progress")).to_be_visible()
    audit.check(page, "hr-overview")

    # The employees list: a filter button of ordinary size, a table that scrolls in its box.
    page.get_by_role("link", name="See every employee").click()
    expect(page.get_by_role("heading", level=1, name="Employees")).to_be_visible()
    audit.check(page, "hr-employees")
    page.set_viewport_size({"width": 375, "height": 812})
    button = page.get_by_role("button", name="Filter").bounding_box()
    assert button["height"] < 60 and button["width"] < 200, button
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Name or e-mail").fill("Bob")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 person")).to_be_visible()

    # A level set by HR: the reason is required, and said beside its field.
    page.get_by_role("link", name=f"Set level for {COLLEAGUE[1]}").click()
    expect(
        page.get_by_role("heading", level=1, name=f"Set the level of {COLLEAGUE[1]}")
    ).to_be_visible()
    audit.check(page, "hr-override")
    page.get_by_label("Level").select_option(label="Beginner")
    page.get_by_role("button", name="Set the level").click()
    expect(page.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    audit.check(page, "hr-override-error")
    page.get_by_label("Reason").fill("Has no account on any network yet.")
    page.get_by_role("button", name="Set the level").click()
    expect(page.get_by_role("status")).to_have_text(f"{COLLEAGUE[1]}'s level is now Beginner.")

    # A new account, and its invitation link copied with one button.
    page.goto(base + "/hr/accounts/new")
    audit.check(page, "hr-new-account")
    page.get_by_label("Full name").fill("Ines Dupont")
    page.get_by_label("Work e-mail").fill("ines@example.com")
    page.get_by_role("button", name="Create the account").click()
    link = page.locator("code.invitation-link").inner_text()
    assert "/auth/invitations/" in link
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("#copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    audit.check(page, "hr-invitation-created")

    # The invited person opens the link in a browser of their own.
    newcomer = new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1, name="Welcome, Ines Dupont")).to_be_visible()
    audit.check(newcomer, "invitation")
    newcomer.get_by_label("New password", exact=True).fill("a long new password")
    newcomer.get_by_label("Repeat the new password").fill("a long new password")
    newcomer.get_by_role("button", name="Set my password").click()
    expect(newcomer).to_have_url(re.compile(r"/familiarity/diagnostic$"))

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []


def test_the_registration_page_passes_the_audit(page, journey_server, problems, audit, expect):
    page.goto(journey_server.url + "/auth/register")
    expect(page.get_by_role("heading", level=1, name="Create your account")).to_be_visible()
    audit.check(page, "register")
    audit.assert_clean()
    assert problems == []
