"""HR imports a roster in a real browser: a file with one bad line, its preview with that
line rejected and why, the confirmation, and the result (each page audited)."""

import re

import pytest

from tests.browser.conftest import HR, PASSWORD
from tests.browser.navigation import follow_menu

pytestmark = pytest.mark.browser

ROSTER = (
    "email,name,department,site,manager_email,hire_date\n"
    "rosa.import@example.com,Rosa Import,Sales,Lyon,,2025-12-05\n"
    "victor.import@example.com,Victor Import,Sales,Lyon,rosa.import@example.com,2026-01-09\n"
    "not-an-address,Broken Line,Sales,Lyon,,2026-03-02\n"
)


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_hr_imports_a_roster_with_one_bad_line(
    new_page, journey_server, problems, audit, expect, tmp_path
):
    base = journey_server.url
    page = new_page()
    sign_in(page, base, HR[0])
    page.goto(base + "/hr/employees")
    page.get_by_role("link", name="Import the roster").click()
    expect(page.get_by_role("heading", level=1, name="Import the roster")).to_be_visible()
    audit.check(page, "roster-import")

    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page.get_by_label("Roster file (CSV)").set_input_files(str(roster))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1, name="Import preview")).to_be_visible()
    expect(page.locator("#count-rejected")).to_contain_text("1")
    expect(page.locator("#count-create")).to_contain_text("2")
    first_row = page.locator("table.roster-lines tbody tr").first
    expect(first_row).to_contain_text("Rejected")
    expect(first_row).to_contain_text("not a valid e-mail")
    audit.check(page, "roster-preview")

    page.get_by_role("button", name="Apply the valid lines").click()
    expect(page.get_by_role("heading", level=1, name="Import applied")).to_be_visible()
    expect(page.locator("#roster-result")).to_contain_text("Created: 2")
    expect(page.locator("#roster-result")).to_contain_text("Rejected, left out: 1")
    audit.check(page, "roster-result")

    page.get_by_role("link", name="See the employees").click()
    page.get_by_label("Name or e-mail").fill("Import")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("2 people")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/hr/employees"))

    # The HR menu opens from the keyboard and closes with Escape, the focus on its button.
    navigation = page.get_by_role("navigation", name="Main")
    hr_menu = navigation.get_by_text("HR", exact=True)
    hr_menu.focus()
    page.keyboard.press("Enter")
    expect(navigation.get_by_role("link", name="Reminders")).to_be_visible()
    page.keyboard.press("Escape")
    expect(navigation.get_by_role("link", name="Reminders")).to_be_hidden()
    expect(hr_menu).to_be_focused()
    # The coverage counts the imported people, and exports as CSV.
    follow_menu(page, "HR", "Coverage")
    expect(page.get_by_role("heading", level=1, name="Training coverage")).to_be_visible()
    shown = int(page.locator('[data-total="employees"]').inner_text())
    audit.check(page, "coverage")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the coverage as CSV").click()
    exported = tmp_path / "coverage.csv"
    download_info.value.save_as(exported)
    header, everyone = exported.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.startswith("Everyone,Employees,Took the diagnostic")
    assert everyone.split(",")[1] == str(shown)

    # They are late with their training: the reminders page lists them, and its table
    # sorts by the due date itself (Jan 4 before Feb 8), not by how the date reads.
    follow_menu(page, "HR", "Reminders")
    expect(page.get_by_role("heading", level=1, name="Reminders")).to_be_visible()
    audit.check(page, "reminders")
    due = page.locator("#due-table thead th").nth(2)
    due.get_by_role("button", name="Due").click()
    expect(due).to_have_attribute("aria-sort", "ascending")
    names = page.locator("#due-table tbody th").all_inner_texts()
    assert names.index("Rosa Import") < names.index("Victor Import")
    due.get_by_role("button", name="Due").click()
    names = page.locator("#due-table tbody th").all_inner_texts()
    assert names.index("Victor Import") < names.index("Rosa Import")
    audit.assert_clean()
    assert not problems, problems
