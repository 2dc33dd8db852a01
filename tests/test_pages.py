"""What the pages render for people: form markup, error summaries, times, copy buttons."""

import re

import pytest

from learning.auth.models import User
from learning.conduct import services as conduct
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.test_progress import page_text

FORM_PAGES = [
    ("/auth/login", None),
    ("/auth/profile", "employee"),
    ("/familiarity/diagnostic", "employee"),
    ("/conduct/", "employee"),
    ("/courses/core-conduct/quiz", "employee"),
    ("/hr/accounts/new", "hr"),
    ("/hr/employees", "hr"),
]


@pytest.mark.parametrize(("url", "role"), FORM_PAGES)
def test_no_form_field_carries_an_empty_attribute_or_grabs_focus(
    catalogue, client, login, make_user, url, role
):
    if role:
        login(make_user(roles=(role,), level="native"))
    page = client.get(url).text
    assert '="None"' not in page
    assert "autofocus" not in page


def test_a_field_in_error_is_marked_and_described(client, login, make_user):
    login(make_user(roles=("hr",)))
    page = client.post("/hr/accounts/new", data={"name": "", "email": "nope"}).text
    name = re.search(r"<input[^>]*id=\"name\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="name-error"' in name
    department = re.search(r"<input[^>]*id=\"department\"[^>]*>", page).group(0)
    assert "aria-" not in department


def test_the_diagnostic_numbers_its_questions_and_sums_up_what_is_missing(client, login, make_user):
    login(make_user())
    blank = page_text(client.get("/familiarity/diagnostic"))
    count = len(re.findall(r"Question \d+ of (\d+)", blank))
    assert count >= 8
    assert f"Question 1 of {count}" in blank and f"Question {count} of {count}" in blank
    assert "There is a problem" not in blank

    refused = client.post("/familiarity/diagnostic", data={}).text
    summary = re.search(r'<div class="error-summary".*?</div>', refused, re.S).group(0)
    assert 'tabindex="-1"' in summary
    assert "data-focus-on-load" in summary
    links = re.findall(r'<a href="#([^"]+)">[^<]* — Choose one answer\.</a>', summary)
    assert len(links) == count
    # Each link goes to the first answer of its question.
    radios = set(re.findall(r'<input id="([^"]+)" name="[^"]+"[^>]* type="radio"', refused))
    assert set(links) <= radios
    assert all(target.endswith("-0") for target in links)


def test_the_guide_checkbox_error_is_next_to_it(catalogue, client, login, make_user):
    login(make_user(level="native"))
    version = conduct.current_version().version

    page = client.post(f"/conduct/{version}/acknowledge", data={}).text

    box = page.index('id="confirm"')
    error = page.index('id="confirm-error"')
    assert box < error < page.index('type="submit"', box)
    assert 'href="#confirm"' in page
    assert "There is a problem" in page_text(client.post(f"/conduct/{version}/acknowledge"))


def test_times_are_shown_to_the_minute_in_the_persons_time_zone(
    catalogue, client, login, make_user
):
    person = make_user(level="native")
    with unit_of_work():
        db.session.get(User, person.id).timezone = "Europe/Paris"
        conduct.acknowledge(person, conduct.current_version().version)
    login(person)

    page = page_text(client.get("/conduct/"))

    # Published 2026-01-05 09:00 UTC, which is 10:00 in Paris.
    assert "Version 1, published Jan 5, 2026, 10:00 AM" in page
    acknowledged = re.search(r"You acknowledged this version on (.*?)\. Thank you", page)
    assert re.fullmatch(r"\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M", acknowledged.group(1))


def test_the_invitation_link_has_a_copy_button(client, login, make_user):
    login(make_user(roles=("hr",)))
    page = client.post(
        "/hr/accounts/new", data={"name": "Ines Dupont", "email": "ines@example.com"}
    ).text
    link = re.search(r'<p id="invitation-link"><code class="invitation-link">([^<]+)</code>', page)
    assert "/auth/invitations/" in link.group(1)
    button = re.search(r"<button[^>]*data-copy-from=\"invitation-link\"[^>]*>([^<]+)<", page)
    assert button.group(1) == "Copy the link"
    assert 'data-copied="Copied"' in button.group(0)
    assert '<span id="copy-status" role="status"></span>' in page


@pytest.mark.parametrize(
    ("roles", "menus", "links"),
    [
        (("employee",), set(), set()),
        (("champion",), {"Advocacy"}, {"Manage hub", "Award a badge", "Programme"}),
        (("hr",), {"Advocacy", "HR"}, {"Coverage", "Reminders", "Privacy audit", "Analytics"}),
        (("admin",), {"Advocacy", "HR"}, {"Manage hub", "Coverage", "Training impact"}),
    ],
)
def test_each_role_finds_its_pages_in_the_navigations_menus(
    client, login, make_user, roles, menus, links
):
    login(make_user(roles=roles))
    page = client.get("/auth/profile").text
    navigation = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    shown = set(re.findall(r"<summary[^>]*>([^<]+)</summary>", navigation))
    assert shown == menus
    named = set(re.findall(r"<a href=\"[^\"]+\"[^>]*>([^<]+)</a>", navigation))
    assert links <= named
    assert {"Dashboard", "My path", "Conduct guide", "Hub", "My badges", "Profile"} <= named
    if "HR" not in menus:
        assert not {"Coverage", "Privacy audit", "Training impact"} & named
    if roles == ("hr",):
        assert not {"Manage hub", "Award a badge"} & named
