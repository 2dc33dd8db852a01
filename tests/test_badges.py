"""Automatic badges: each rule at its threshold, the evidence kept, backfill, the rule
file's errors, the pages and the API."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.badges import definitions, services
from learning.badges.models import Award, Badge
from learning.content import ContentError
from learning.database import utcnow
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.badge_helpers import (
    award_of,
    awarded,
    clicks,
    share,
    signups,
)
from tests.conftest import REAL_COURSES


def reconcile(runner) -> str:
    result = runner.invoke(args=["badges", "reconcile"])
    assert result.exit_code == 0, result.output
    return result.output


# Learning milestones, the moment they happen ----------------------------------------


def test_acknowledging_the_guide_earns_its_badge_at_once(badges, sharer):
    person = sharer()
    assert "guide-acknowledged" in awarded(person)
    assert award_of(person, "guide-acknowledged").evidence == {"guide_version": 1}


def test_completing_a_course_earns_the_first_course_badge_with_the_course(
    badges, make_user, client, login
):
    from learning.courses import services as courses
    from learning.progress import quizzes
    from learning.progress import services as progress

    person = make_user(level="native")
    course = courses.get_course("core-conduct")
    with unit_of_work():
        for lesson in courses.active_lessons(course):
            progress.complete_lesson(person, lesson)
    assert "first-course" not in awarded(person)
    with unit_of_work():
        answers = {
            str(q.id): next(c.id for c in q.choices if c.is_correct)
            for q in courses.quiz_questions(course)
        }
        quizzes.attempt_quiz(person, course, answers)
    assert "first-course" in awarded(person)
    evidence = award_of(person, "first-course").evidence
    assert evidence["courses"][0]["slug"] == "core-conduct"
    login(person)
    page = client.get("/badges/")
    assert "First course completed" in page.text
    assert "/courses/core-conduct" in page.text


# Sharing: first share, networks, months in a row ------------------------------------


def test_the_first_share_earns_its_badge_with_the_share_as_evidence(badges, sharer):
    person = sharer()
    assert "first-share" not in awarded(person)
    made = share(person)
    assert "first-share" in awarded(person)
    assert award_of(person, "first-share").evidence == {"shares": [made.id]}


@pytest.mark.parametrize(("networks", "earned"), [(2, False), (3, True), (4, True)])
def test_three_networks_at_its_threshold(badges, sharer, networks, earned):
    person = sharer()
    for network in ("linkedin", "x", "facebook", "email")[:networks]:
        share(person, network)
        share(person, network)  # a second share on the same network adds no network
    assert ("three-networks" in awarded(person)) is earned
    if earned:
        assert award_of(person, "three-networks").evidence["networks"][:3] == [
            "linkedin",
            "x",
            "facebook",
        ]


def _months_ago(months: int):
    now = utcnow().replace(day=15, hour=12)
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(year=year, month=month + 1)


@pytest.mark.parametrize(
    ("months", "earned"),
    [((3,), False), ((4, 3, 1), False), ((2, 1), True), ((3, 2, 1), True)],
)
def test_three_consecutive_months_of_sharing(badges, sharer, months, earned):
    from learning.sharing.models import Share

    person = sharer()
    made = [share(person) for _ in months]
    with unit_of_work():
        for row, ago in zip(made, months, strict=True):
            db.session.get(Share, row.id).created_at = _months_ago(ago)
    # The badge is decided when a share is made: one more share, this month, makes the
    # months in a row 1 or 2 (one below), 3 (at) or 4 (one above).
    share(person)
    assert ("three-months" in awarded(person)) is earned


# Impact: clicks and sign-ups, through the reconciliation -------------------------------


@pytest.mark.parametrize(("count", "earned"), [(9, False), (10, True), (11, True)])
def test_ten_clicks_at_its_threshold(badges, sharer, runner, count, earned):
    person = sharer()
    made = share(person)
    clicks(made, count)
    reconcile(runner)
    assert ("clicks-10" in awarded(person)) is earned
    assert "clicks-100" not in awarded(person)
    if earned:
        assert award_of(person, "clicks-10").evidence == {"clicks": count}


@pytest.mark.parametrize(("count", "earned"), [(99, False), (100, True), (101, True)])
def test_a_hundred_clicks_at_its_threshold(badges, sharer, runner, count, earned):
    person = sharer()
    made = share(person)
    clicks(made, count - 5)
    reconcile(runner)
    clicks(made, 5)  # the counter adds what came since
    reconcile(runner)
    assert ("clicks-100" in awarded(person)) is earned


@pytest.mark.parametrize(("count", "earned"), [(999, False), (1000, True), (1001, True)])
def test_a_thousand_clicks_at_its_threshold(badges, sharer, runner, count, earned):
    person = sharer()
    clicks(share(person), count)
    reconcile(runner)
    assert ("clicks-1000" in awarded(person)) is earned


def test_bots_previews_and_the_sharer_own_clicks_earn_nothing(badges, sharer, runner):
    person = sharer()
    made = share(person)
    for kind in ("bot", "preview", "head", "self"):
        clicks(made, 10, kind)
    clicks(made, 9)
    reconcile(runner)
    assert "clicks-10" not in awarded(person)


@pytest.mark.parametrize(("count", "earned"), [(0, False), (1, True), (2, True)])
def test_the_first_sign_up_at_its_threshold(badges, sharer, runner, count, earned):
    person = sharer()
    made = share(person)
    signups(made, count)
    signups(made, 3, attributed=False)  # reported too late: recorded, never counted
    reconcile(runner)
    assert ("first-signup" in awarded(person)) is earned


@pytest.mark.parametrize(("count", "earned"), [(9, False), (10, True), (11, True)])
def test_ten_sign_ups_at_its_threshold(badges, sharer, runner, count, earned):
    person = sharer()
    signups(share(person), count)
    reconcile(runner)
    assert ("signups-10" in awarded(person)) is earned


def test_sharing_for_an_objective_that_reaches_its_target(
    badges, sharer, runner, objective, hub_item
):
    goal = objective(metric="shares", target=3, starts_on=utcnow().date() - timedelta(days=5))
    item = hub_item(objective_id=goal.id)
    first, second, idle = sharer(), sharer(), sharer()
    share(first, item_id=item.id)
    share(second, item_id=item.id)
    reconcile(runner)
    assert "objective-reached" not in awarded(first)
    share(second, "x", item_id=item.id)  # the third share: the target is reached
    reconcile(runner)
    assert "objective-reached" in awarded(first)
    assert "objective-reached" in awarded(second)
    assert "objective-reached" not in awarded(idle)
    assert award_of(first, "objective-reached").evidence["objectives"][0]["id"] == goal.id


# Backfill --------------------------------------------------------------------------


def test_apply_awards_a_new_rule_for_past_activity_and_nothing_twice(
    app, catalogue, sharer, runner
):
    person = sharer()
    made = share(person)
    clicks(made, 12)
    assert awarded(person) == set()  # no badges were defined yet
    from tests.badge_helpers import load_badges

    load_badges(catalogue / "company.yml")
    result = runner.invoke(args=["badges", "apply", "clicks-10"])
    assert result.exit_code == 0, result.output
    assert f"clicks-10: {person.email}" in result.output
    assert awarded(person) == {"clicks-10"}
    again = runner.invoke(args=["badges", "apply", "clicks-10"])
    assert "Awarded 0 badge(s)." in again.output
    everything = runner.invoke(args=["badges", "apply"])
    assert everything.exit_code == 0
    assert awarded(person) >= {"clicks-10", "first-share", "guide-acknowledged"}
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Award))
    runner.invoke(args=["badges", "apply"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Award)) == total


def test_a_lowered_threshold_applies_to_past_activity(badges, sharer, runner):
    person = sharer()
    clicks(share(person), 60)
    reconcile(runner)
    assert "clicks-100" not in awarded(person)
    with unit_of_work():
        db.session.scalar(sa.select(Badge).where(Badge.slug == "clicks-100")).threshold = 50
    runner.invoke(args=["badges", "apply", "clicks-100"])
    assert "clicks-100" in awarded(person)


def test_apply_refuses_an_unknown_badge(badges, runner):
    result = runner.invoke(args=["badges", "apply", "no-such-badge"])
    assert result.exit_code != 0
    assert "No such badge." in result.output


# The rule file --------------------------------------------------------------------------


BAD_RULES = """\
badges:
  - slug: fine
    name: Fine
    description: A fine badge.
    criteria: Do it.
    kind: shares
    threshold: 1
    image: fine.png
  - slug: unknown-kind
    name: Unknown
    description: Bad.
    criteria: Bad.
    kind: likes
    threshold: 5
    image: x.png
  - slug: negative
    name: Negative
    description: Bad.
    criteria: Bad.
    kind: clicks
    threshold: -3
    image: x.png
  - slug: zero
    name: Zero
    description: Bad.
    criteria: Bad.
    kind: clicks
    threshold: 0
    image: x.png
"""


def test_a_rule_file_with_an_unknown_kind_or_a_bad_threshold_changes_nothing(
    badges, catalogue_dir, runner
):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Badge))
    (catalogue_dir / "badges.yml").write_text(BAD_RULES)
    result = runner.invoke(args=["courses", "sync", str(catalogue_dir)])
    assert result.exit_code != 0
    path = catalogue_dir / "badges.yml"
    assert f"{path}:13: unknown criterion kind 'likes'" in result.output
    assert f"{path}:21: 'threshold' must be a whole number from 1" in result.output
    assert f"{path}:28: 'threshold' must be a whole number from 1" in result.output
    assert "nothing was changed" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Badge)) == before
    assert db.session.scalar(sa.select(Badge).where(Badge.slug == "fine")) is None


def test_the_sync_adds_changes_and_retires_badges(badges, catalogue_dir, runner):
    text = (REAL_COURSES / "badges.yml").read_text()
    changed = text.replace(
        "threshold: 10\n    image: clicks-10.png", "threshold: 5\n    image: clicks-10.png"
    )
    start = changed.index("  - slug: expert-voice")
    (catalogue_dir / "badges.yml").write_text(changed[:start])
    result = runner.invoke(args=["courses", "sync", str(catalogue_dir)])
    assert result.exit_code == 0, result.output
    assert "1 badges retired" in result.output and "1 badges updated" in result.output
    db.session.expire_all()
    assert db.session.scalar(sa.select(Badge).where(Badge.slug == "clicks-10")).threshold == 5
    retired = db.session.scalar(sa.select(Badge).where(Badge.slug == "expert-voice"))
    assert retired.retired_at is not None


def test_the_product_badges_file_is_valid_and_names_real_courses_and_images():
    from learning.badges.images import IMAGES_DIR

    specs = definitions.load(REAL_COURSES, None)
    slugs = [spec.slug for spec in specs]
    assert len(slugs) == len(set(slugs)) >= 15
    assert {spec.kind for spec in specs} >= {"clicks", "signups", "manual", "monthly_streak"}
    assert sum(spec.kind == "manual" for spec in specs) >= 2
    for spec in specs:
        assert (IMAGES_DIR / spec.image).is_file(), spec.image
    with pytest.raises(ContentError):
        definitions.load(REAL_COURSES.parent / "tests", None) or (_ for _ in ()).throw(
            ContentError([])
        )


def test_every_badge_image_is_a_distinct_512_pixel_png():
    from PIL import Image

    from learning.badges.images import IMAGES_DIR

    specs = definitions.load(REAL_COURSES, None)
    contents = set()
    for spec in specs:
        with Image.open(IMAGES_DIR / spec.image) as image:
            assert image.format == "PNG" and image.size == (512, 512)
            contents.add(image.tobytes())
    assert len(contents) == len(specs)


# Pages and API ---------------------------------------------------------------------


def test_my_badges_shows_evidence_and_the_closest_badges_with_progress(
    badges, sharer, runner, client, login
):
    person = sharer()
    made = share(person)
    clicks(made, 7)
    reconcile(runner)
    login(person)
    page = client.get("/badges/")
    assert page.status_code == 200
    assert "First share" in page.text and f"/shares/{made.id}" in page.text
    assert "Closest to earning" in page.text
    assert "7 of 10" in page.text
    assert '<progress value="7" max="10"' in page.text
    assert "/static/badges/first-share.png" in page.text


def test_an_objector_is_never_nudged_to_share_and_their_learning_counts(
    badges, make_user, client, login
):
    from learning.conduct import services as conduct

    person = make_user(level="objector")
    with unit_of_work():
        conduct.acknowledge(person, conduct.require_current_version().version)
    login(person)
    page = client.get("/badges/")
    assert "Conduct guide acknowledged" in page.text
    for nudge in ("First share", "clicks brought", "Three networks", "sign-up"):
        assert nudge not in page.text
    assert "Your training counts in full" in page.text


def test_the_badge_page_and_the_dashboard_panel(badges, sharer, client, login):
    person = sharer()
    login(person)
    page = client.get("/badges/guide-acknowledged")
    assert page.status_code == 200
    assert "1 person holds it." in page.text
    assert client.get("/badges/no-such-badge").status_code == 404
    dashboard = client.get("/progress/")
    assert "Your badges" in dashboard.text and "/badges/" in dashboard.text


def test_the_api_lists_my_badges_in_the_contract_shape(badges, sharer, api):
    person = sharer()
    made = share(person)
    assert made
    answer = api(person).get("/api/v1/me/badges")
    assert answer.status_code == 200
    body = answer.get_json()
    assert set(body) == {"badges"}
    assert {entry["slug"] for entry in body["badges"]} == {"guide-acknowledged", "first-share"}
    for entry in body["badges"]:
        assert set(entry) == {"slug", "name", "awarded_at", "assertion_url"}
        award = award_of(person, entry["slug"])
        assert entry["assertion_url"] == f"http://localhost/badges/assertions/{award.id}"
        assert entry["awarded_at"].endswith("+00:00") or entry["awarded_at"].endswith("Z")


def test_a_revoked_award_is_not_listed(badges, sharer, api):
    person = sharer()
    with unit_of_work():
        award = award_of(person, "guide-acknowledged")
        award.revoked_at, award.revocation_reason = utcnow(), "Given by mistake."
    assert api(person).get("/api/v1/me/badges").get_json() == {"badges": []}
    assert services.held_by(person) == []


def test_my_badges_page_costs_the_same_whatever_the_history(app, badges, sharer, client, login):
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def page_cost(person) -> int:
        login(person)
        client.get("/badges/")  # the first visit may catch up the reconciliation
        statements.clear()
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get("/badges/").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        client.post("/auth/logout")
        return len(statements)

    light, heavy = sharer(), sharer()
    clicks(share(light), 1)
    for network in ("linkedin", "x", "facebook", "email", "whatsapp") * 6:
        clicks(share(heavy, network), 4)
    costs = (page_cost(light), page_cost(heavy))
    assert "three-networks" in awarded(heavy)
    # The heavier history holds more badges, so fewer are left to read progress for.
    assert costs[1] <= costs[0] <= 20, costs
