"""The champions' programme in a real browser: the health chart is drawn, a champion
schedules an event and records who attended, HR rates a candidate, and an employee sees
the leaderboard without the colleague who did not opt in. Every page passes the audit
(`conftest.PageAudit`) at desktop and 375 px."""

import re
from datetime import timedelta

import pytest

from learning.auth import services as accounts
from learning.database import utcnow
from learning.extensions import db
from learning.programme import events
from learning.transaction import unit_of_work
from tests.browser.conftest import PASSWORD
from tests.browser.navigation import follow_menu
from tests.browser.test_browser_roles import sign_in
from tests.test_leaderboard import Activity

pytestmark = pytest.mark.browser
CHAMPION = ("pia@example.com", "Pia Programme")
RATER = ("rita@example.com", "Rita Rater")
SHOWN = ("olga@example.com", "Olga Shown")
HIDDEN = ("nina@example.com", "Nina Hidden")
VIEWER = ("vic@example.com", "Vic Viewer")


@pytest.fixture(scope="module")
def programme(journey_server):
    with journey_server.app.app_context():
        with unit_of_work():
            champion = accounts.create_user(
                *CHAMPION, ["champion"], department="Marketing", password=PASSWORD
            )
            accounts.create_user(*RATER, ["hr"], department="People", password=PASSWORD)
            people = {
                email: accounts.create_user(
                    email, name, ["employee"], department="Sales", password=PASSWORD
                )
                for email, name in (SHOWN, HIDDEN, VIEWER)
            }
            people[SHOWN[0]].leaderboard_opt_in = True
            people[VIEWER[0]].leaderboard_opt_in = True
        activity = Activity(champion)
        activity.share(people[SHOWN[0]], clicks=2)
        activity.share(people[HIDDEN[0]], clicks=9, signups=1)
        with unit_of_work():
            held = events.create_event(
                champion,
                kind="training",
                title="Sharing clinic",
                starts_at=utcnow() + timedelta(minutes=1),
                audience="everyone",
            )[0]
            held.starts_at = utcnow() - timedelta(days=2)
        db.session.remove()


def test_a_champion_keeps_the_programme_alive(
    programme, new_page, journey_server, problems, audit, expect
):
    base = journey_server.url
    page = new_page()
    sign_in(page, base, CHAMPION[0])
    follow_menu(page, "Advocacy", "Programme")
    expect(page.get_by_role("heading", level=1, name="Programme health")).to_be_visible()
    expect(page.locator("#chart-health")).to_have_attribute("data-drawn", "true")
    audit.check(page, "programme-health")

    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("button", name="Schedule an event").click()
    page.get_by_label("Title").fill("Quarterly review")
    page.get_by_label("Kind").select_option("quarterly_review")
    page.get_by_label("Starts").fill((utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Repeats").select_option("quarterly")
    audit.check(page, "programme-event-form")
    page.get_by_role("button", name="Schedule the event").click()
    expect(page.get_by_role("status").first).to_contain_text("scheduled: 4 occurrences")
    audit.check(page, "programme-events")

    page.get_by_role("link", name="Sharing clinic").click()
    page.get_by_label(VIEWER[1]).check()
    audit.check(page, "programme-attendance")
    page.get_by_role("button", name="Record the attendance").click()
    expect(page.get_by_role("status").first).to_contain_text("Attendance recorded: 1 person.")
    expect(page.get_by_label(VIEWER[1])).to_be_checked()

    rater = new_page()
    sign_in(rater, base, RATER[0])
    rater.goto(base + "/programme/candidates")
    rater.get_by_label("Candidate's e-mail address").fill(SHOWN[0])
    for criterion in ("Charismatic", "Known", "Recognised by peers", "Available"):
        rater.get_by_role("group", name=criterion).get_by_label("2").check()
    rater.get_by_role("button", name="Save the rating").click()
    expect(rater.get_by_role("status").first).to_contain_text("8 out of 12")
    row = rater.locator(f'tr[data-candidate="{SHOWN[0]}"]')
    expect(row.locator(".suitable")).to_have_text("Yes")
    audit.check(rater, "programme-candidates")

    viewer = new_page()
    sign_in(viewer, base, VIEWER[0])
    viewer.get_by_role("link", name="Leaderboards").click()
    viewer.get_by_label("Period").select_option("all")
    viewer.get_by_role("button", name="Show").click()
    expect(viewer).to_have_url(re.compile(r"period=all"))
    expect(viewer.locator("#leaderboard-table")).to_contain_text(SHOWN[1])
    assert HIDDEN[1] not in viewer.content()
    # The journeys share one server: other journeys' sharers are hidden too.
    expect(viewer.locator("#hidden-count")).to_contain_text(
        re.compile(r"[0-9]+ colleagues? with points (is|are) not shown")
    )
    audit.check(viewer, "programme-leaderboard")

    audit.assert_clean()
    assert problems == []
    assert journey_server.errors == []
