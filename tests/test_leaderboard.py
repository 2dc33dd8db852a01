"""Points reward impact, not volume; the leaderboards show by name only those who opted in.

Every figure below is computed by hand from the weights of `learning.programme.points`:
a share 1 (at most 3 a day earn it), a counted click 2, an attributed sign-up 20.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from learning.advocacy.models import ContentItem, Objective
from learning.analytics.rollup import midnight
from learning.database import utcnow
from learning.extensions import db
from learning.programme import leaderboard as boards
from learning.programme.points import CLICK_POINTS, SHARE_POINTS, SHARES_PER_DAY, SIGNUP_POINTS
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work

SCOPES = ("overall", "department", "objective")
PERIODS = ("month", "quarter", "all")


class Activity:
    """Shares, clicks and sign-ups written straight to the tables, at chosen moments."""

    def __init__(self, champion):
        self.now = utcnow()
        # Earlier today (or this instant just after midnight): always this month.
        self.today = midnight(self.now.date()) + (self.now - midnight(self.now.date())) / 2
        self.codes = iter(range(1, 100_000))
        with unit_of_work():
            self.objective = Objective(
                title="Launch",
                family="campaigns",
                target=10,
                starts_on=self.now.date() - timedelta(days=400),
                due=self.now.date() + timedelta(days=30),
            )
            self.other_objective = Objective(
                title="Hiring",
                family="talent",
                target=10,
                starts_on=self.now.date() - timedelta(days=400),
                due=self.now.date() + timedelta(days=30),
            )
            db.session.add_all([self.objective, self.other_objective])
            db.session.flush()
            self.item = self._item("Launch event", self.objective, champion)
            self.other_item = self._item("Open positions", self.other_objective, champion)

    def _item(self, title, objective, champion):
        item = ContentItem(
            title=title,
            type="event",
            url="https://example.com/",
            objective_id=objective.id,
            status="published",
            author_id=champion.id,
        )
        db.session.add(item)
        db.session.flush()
        return item

    def share(self, user, at=None, item=None, clicks=0, signups=0, kinds=()):
        with unit_of_work():
            made = Share(
                code=f"code-{next(self.codes)}",
                user_id=user.id,
                item_id=(item or self.item).id,
                network="linkedin",
                created_at=at or self.today,
            )
            db.session.add(made)
            db.session.flush()
            for kind in ("person",) * clicks + tuple(kinds):
                db.session.add(Click(share_id=made.id, clicked_at=at or self.today, kind=kind))
            for number in range(signups):
                db.session.add(
                    Conversion(
                        reference=f"ref-{made.id}-{number}",
                        share_id=made.id,
                        reported_at=at or self.today,
                        attributed=True,
                    )
                )
        return made


@pytest.fixture
def activity(make_user):
    return Activity(make_user(roles=("champion",), name="Carla Champion"))


def entry_of(board, user):
    rows = [*board.entries, *([board.viewer_entry] if board.viewer_entry else [])]
    return next((row for row in rows if row.user_id == user.id), None)


def test_impact_weighs_more_than_volume(make_user, activity):
    sharer = make_user(name="Alice Impact")
    activity.share(sharer, clicks=2, signups=1)
    hr = make_user(roles=("hr",))

    row = entry_of(boards.leaderboard(hr, "overall", "month"), sharer)

    assert (row.shares, row.rewarded_shares, row.clicks, row.signups) == (1, 1, 2, 1)
    assert row.points == SHARE_POINTS + 2 * CLICK_POINTS + SIGNUP_POINTS == 25


def test_an_unattributed_signup_earns_nothing(make_user, activity):
    sharer = make_user()
    share = activity.share(sharer)
    with unit_of_work():
        db.session.add(
            Conversion(
                reference="late", share_id=share.id, reported_at=activity.today, attributed=False
            )
        )
    row = entry_of(boards.leaderboard(make_user(roles=("hr",)), "overall", "all"), sharer)
    assert (row.signups, row.points) == (0, 1)


@pytest.mark.parametrize(
    "shares_that_day", [SHARES_PER_DAY - 1, SHARES_PER_DAY, SHARES_PER_DAY + 1, 10]
)
def test_only_the_first_shares_of_a_day_earn_points(make_user, activity, shares_that_day):
    sharer = make_user()
    for _ in range(shares_that_day):
        activity.share(sharer)
    row = entry_of(boards.leaderboard(make_user(roles=("hr",)), "overall", "all"), sharer)
    assert row.shares == shares_that_day
    assert row.rewarded_shares == min(shares_that_day, SHARES_PER_DAY)
    assert row.points == min(shares_that_day, SHARES_PER_DAY) * SHARE_POINTS


def test_the_cap_is_per_day(make_user, activity):
    sharer = make_user()
    yesterday = activity.today - timedelta(days=1)
    for _ in range(5):
        activity.share(sharer, at=yesterday)
    for _ in range(2):
        activity.share(sharer)
    row = entry_of(boards.leaderboard(make_user(roles=("hr",)), "overall", "all"), sharer)
    assert (row.shares, row.rewarded_shares, row.points) == (7, 5, 5)


def test_bot_preview_head_and_self_clicks_earn_nothing(make_user, activity):
    sharer = make_user()
    activity.share(sharer, kinds=("bot", "preview", "head", "self", "bot"))
    row = entry_of(boards.leaderboard(make_user(roles=("hr",)), "overall", "all"), sharer)
    assert (row.clicks, row.points) == (0, SHARE_POINTS)


def test_clicks_of_finished_days_and_of_today_both_count(make_user, activity):
    """Finished days are read from the rollups, today from the raw clicks."""
    sharer = make_user()
    share = activity.share(sharer, at=activity.today - timedelta(days=3), clicks=2)
    with unit_of_work():
        db.session.add(Click(share_id=share.id, clicked_at=activity.today, kind="person"))
    hr = make_user(roles=("hr",))
    row = entry_of(boards.leaderboard(hr, "overall", "all"), sharer)
    assert row.clicks == 3
    # Asked again once the rollups exist: the same figures.
    assert entry_of(boards.leaderboard(hr, "overall", "all"), sharer).clicks == 3


def test_the_periods_and_the_objective_board(make_user, activity):
    sharer = make_user()
    activity.share(sharer, clicks=1)  # today, the launch
    activity.share(sharer, item=activity.other_item, clicks=1)  # today, hiring
    activity.share(sharer, at=activity.today - timedelta(days=400), clicks=5)  # long ago
    hr = make_user(roles=("hr",))

    assert entry_of(boards.leaderboard(hr, "overall", "month"), sharer).points == 2 * (1 + 2)
    assert entry_of(boards.leaderboard(hr, "overall", "all"), sharer).points == 3 + 7 * 2
    launch = boards.leaderboard(hr, "objective", "all", objective_id=activity.objective.id)
    assert entry_of(launch, sharer).points == 2 + 6 * 2
    hiring = boards.leaderboard(hr, "objective", "month", objective_id=activity.other_objective.id)
    assert entry_of(hiring, sharer).points == 1 + 2


@pytest.fixture
def people(make_user, activity):
    """Olga opted in; Nina did not and has the most points; Dan did not either, in
    another department; Vic looks on."""
    olga = make_user(name="Olga Optedin", department="Sales")
    nina = make_user(name="Nina Notshown", department="Sales")
    dan = make_user(name="Dan Otherdept", department="Finance")
    vic = make_user(name="Vic Viewer", department="Sales")
    with unit_of_work():
        for person in (olga, vic):
            db.session.get(type(person), person.id).leaderboard_opt_in = True
    activity.share(olga, clicks=1)
    activity.share(nina, clicks=5, signups=1)
    activity.share(dan, clicks=3)
    return {"olga": olga, "nina": nina, "dan": dan, "vic": vic}


def test_nobody_is_opted_in_by_default(make_user):
    assert make_user().leaderboard_opt_in is False


def test_a_person_not_opted_in_never_appears_by_name_to_colleagues(
    client, login, api, activity, people
):
    login(people["vic"])
    token_api = api(people["vic"])
    objective_id = activity.objective.id
    for scope in SCOPES:
        for period in PERIODS:
            query = f"scope={scope}&period={period}&objective_id={objective_id}"
            page = client.get(f"/programme/leaderboard?{query}")
            assert page.status_code == 200, query
            assert "Olga Optedin" in page.text
            assert "Nina Notshown" not in page.text and "Dan Otherdept" not in page.text
            answer = token_api.get(f"/api/v1/leaderboard?{query}")
            assert answer.status_code == 200, answer.json
            text = answer.get_data(as_text=True)
            assert "Nina" not in text and "Dan" not in text
            assert people["nina"].id not in [row["user_id"] for row in answer.json["entries"]]
    overall = token_api.get("/api/v1/leaderboard?scope=overall&period=all").json
    assert overall["hidden"] == 2
    # Olga ranks first among those shown: Nina's higher points leave no gap.
    assert [(row["rank"], row["name"]) for row in overall["entries"]] == [(1, "Olga Optedin")]
    assert overall["me"] is None  # Vic has no points
    department = token_api.get("/api/v1/leaderboard?scope=department&period=all").json
    assert (department["department"], department["hidden"]) == ("Sales", 1)
    page = client.get("/programme/leaderboard?period=all")
    assert "2 colleagues with points are not shown." in page.text


def test_a_person_not_opted_in_sees_their_own_rank(client, login, api, people):
    login(people["nina"])
    page = client.get("/programme/leaderboard?period=all")
    assert "Nina Notshown" in page.text
    assert "only you can see this" in page.text
    assert "Dan Otherdept" not in page.text
    body = api(people["nina"]).get("/api/v1/leaderboard?period=all").json
    mine = [row for row in body["entries"] if row["is_viewer"]]
    assert mine and mine[0]["name"] == "Nina Notshown" and mine[0]["rank"] == 1
    assert mine[0]["opted_in"] is False
    assert body["hidden"] == 1  # Dan


def test_hr_sees_everyone(client, login, api, make_user, people):
    hr = make_user(roles=("hr",), name="Hana HR")
    login(hr)
    page = client.get("/programme/leaderboard?period=all")
    for name in ("Olga Optedin", "Nina Notshown", "Dan Otherdept"):
        assert name in page.text
    body = api(hr).get("/api/v1/leaderboard?period=all").json
    assert [row["name"] for row in body["entries"]] == [
        "Nina Notshown",
        "Dan Otherdept",
        "Olga Optedin",
    ]
    assert body["hidden"] == 0


def test_opting_in_and_out_from_the_profile(client, login, api, people):
    login(people["nina"])
    profile = client.get("/auth/profile")
    assert "Show me by name on the leaderboards" in profile.text

    assert client.post("/programme/leaderboard/opt-in", data={"opted_in": "y"}).status_code == 302
    assert "Nina Notshown" in api(people["vic"]).get("/api/v1/leaderboard").get_data(as_text=True)

    assert client.post("/programme/leaderboard/opt-in", data={}).status_code == 302
    assert "Nina" not in api(people["vic"]).get("/api/v1/leaderboard").get_data(as_text=True)


@pytest.mark.parametrize(
    "query, message",
    [
        ("scope=everything", "Unknown scope"),
        ("period=decade", "Unknown period"),
        ("scope=objective", "Choose the objective"),
        ("scope=objective&objective_id=999999", "There is no such objective."),
        ("scope=objective&objective_id=99999999999999999999999", "Choose the objective"),
        ("scope=objective&objective_id=%C2%B2", "Choose the objective"),
    ],
)
def test_a_bad_choice_gets_a_clear_message(client, login, make_user, query, message):
    login(make_user(department="Sales"))
    page = client.get(f"/programme/leaderboard?{query}")
    assert page.status_code == 400
    assert message in page.text
    assert "Top 20 by points" in page.text  # the default board under the message


def test_the_api_refuses_a_bad_choice_in_words(api, make_user):
    client = api(make_user())
    answer = client.get("/api/v1/leaderboard?scope=everything")
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "invalid_leaderboard"
    assert client.get("/api/v1/leaderboard?scope=department").json["error"]["message"] == (
        "Your profile has no department, so there is no board for it."
    )
    missing = client.get("/api/v1/leaderboard?scope=objective&objective_id=424242")
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "objective_not_found")


def test_an_objector_is_never_nudged_to_share(client, login, make_user):
    login(make_user(level="objector"))
    assert "Share from the hub" not in client.get("/programme/leaderboard").text


def test_others_are_invited_to_share_when_they_wish(client, login, make_user):
    login(make_user(level="native"))
    assert "Share from the hub when you wish" in client.get("/programme/leaderboard").text


def test_the_page_runs_a_fixed_number_of_statements(client, login, make_user, activity):
    viewer = make_user(name="Vic Viewer")
    login(viewer)
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    def statements_for(url):
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        seen.clear()
        assert client.get(url).status_code == 200
        return len(seen)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        for number in range(3):
            activity.share(make_user(), clicks=number)
        objective_id = activity.objective.id
        url = f"/programme/leaderboard?period=all&scope=objective&objective_id={objective_id}"
        statements_for(url)  # the rollups brought up to date: their own few statements
        few = statements_for(url)
        for number in range(30):
            person = make_user()
            activity.share(person, clicks=number % 4, signups=number % 2)
            activity.share(person, at=activity.today - timedelta(days=2), clicks=1)
        statements_for(url)
        many = statements_for(url)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert many == few
