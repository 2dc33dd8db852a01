"""Awards by hand ("expert" recognitions), revocations and their audit: scope, monthly
cap, refusals that change nothing, the audit page and its CSV."""

import csv
import io
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.badges import manual
from learning.badges.models import Award, AwardAudit
from learning.database import utcnow
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.recognition_data import (
    automatic_award,
    counts,
    make_badge,
    shared_for_objective_of,
    use_badge_images,
)
from tests.test_query_counts import queries_for, statements  # noqa: F401  (fixtures)


@pytest.fixture
def people(app, make_user, tmp_path):
    use_badge_images(app, tmp_path / "static")
    return {
        "champion": make_user(roles=("champion",), name="Chloé Champion", department="Sales"),
        "colleague": make_user(name="Sam Sales", department="Sales"),
        "stranger": make_user(name="Olga Ops", department="Operations"),
        "hr": make_user(roles=("hr",), name="Hana HR", department="People"),
        "admin": make_user(roles=("admin",), name="Ada Admin"),
    }


@pytest.fixture
def expert(app):
    return make_badge("expert", name="Expert")


def award_via_api(api, actor, badge, person, reason="Brilliant help to the team"):
    return api(actor).post(
        "/api/v1/awards", json={"badge": badge, "user_id": person.id, "reason": reason}
    )


def test_a_champion_awards_a_manual_badge_to_a_colleague_of_their_department(
    client, login, people, expert
):
    login(people["champion"])
    page = client.get("/badges/award")
    assert page.status_code == 200
    assert "You may give 5 more awards this month (of 5)." in page.text
    assert "Sam Sales" in page.text and "Olga Ops" not in page.text

    response = client.post(
        "/badges/award",
        data={"person": people["colleague"].id, "badge": "expert", "reason": "  Mentored two  "},
        follow_redirects=True,
    )
    assert "Sam Sales now holds “Expert”." in response.text
    assert "You may give 4 more awards this month (of 5)." in response.text
    award = db.session.scalar(sa.select(Award))
    assert award.user_id == people["colleague"].id
    assert award.awarded_by_id == people["champion"].id
    assert award.reason == "Mentored two"
    assert award.evidence == {"reason": "Mentored two", "awarded_by": "Chloé Champion"}
    assert len(award.salt) == 32 and int(award.salt, 16) >= 0
    audit = db.session.scalar(sa.select(AwardAudit))
    assert (audit.award_id, audit.action, audit.actor_id, audit.reason) == (
        award.id,
        "awarded",
        people["champion"].id,
        "Mentored two",
    )


def test_the_scope_includes_who_shared_for_the_champions_objectives(api, people, expert):
    stranger, champion = people["stranger"], people["champion"]
    refused = award_via_api(api, champion, "expert", stranger)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "outside_scope"
    assert "outside your scope" in refused.json["error"]["message"]
    assert counts() == (0, 0)

    shared_for_objective_of(champion, stranger)
    accepted = award_via_api(api, champion, "expert", stranger)
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["user_id"] == stranger.id
    assert accepted.json["badge"] == "expert"
    assert accepted.json["revoked"] is False


def test_someone_who_shared_for_another_champions_objective_is_not_in_scope(
    api, make_user, people, expert
):
    other = make_user(roles=("champion",), department="Marketing")
    shared_for_objective_of(other, people["stranger"])
    assert award_via_api(api, people["champion"], "expert", people["stranger"]).status_code == 403


def test_nobody_awards_themself(api, people, expert):
    response = award_via_api(api, people["champion"], "expert", people["champion"])
    assert response.status_code == 403
    assert response.json["error"]["code"] == "outside_scope"


@pytest.mark.parametrize("given_before, accepted", [(1, True), (2, False), (3, False)])
def test_the_monthly_cap_at_one_below_at_and_beyond(
    app, api, make_user, people, expert, given_before, accepted
):
    """Cap 2: with 1 given, a second is accepted; with 2 (the cap) or 3 (given while the
    cap was higher), refused."""
    champion = people["champion"]
    app.config["MANUAL_AWARDS_PER_MONTH"] = 5
    for number in range(given_before):
        badge = make_badge(f"help-{number}")
        with unit_of_work():
            manual.award_by_hand(champion, badge.slug, make_user(department="Sales").id, "Earlier")
    app.config["MANUAL_AWARDS_PER_MONTH"] = 2
    before = counts()
    response = award_via_api(api, champion, "expert", people["colleague"])
    if accepted:
        assert response.status_code == 201
        assert counts() == (before[0] + 1, before[1] + 1)
    else:
        assert response.status_code == 409
        assert response.json["error"]["code"] == "monthly_cap_reached"
        assert counts() == before


def test_awards_of_an_earlier_month_do_not_count_against_the_cap(app, api, people, expert):
    app.config["MANUAL_AWARDS_PER_MONTH"] = 1
    badge = make_badge("mentor", image="mentor.png")
    with unit_of_work():
        manual.award_by_hand(people["champion"], "mentor", people["colleague"].id, "Last month")
        db.session.execute(
            sa.update(AwardAudit).values(happened_at=manual.month_start(utcnow()) - timedelta(1))
        )
    assert badge.id
    assert award_via_api(api, people["champion"], "expert", people["colleague"]).status_code == 201


def test_an_admin_awards_anyone_without_a_cap(app, api, make_user, people, expert):
    app.config["MANUAL_AWARDS_PER_MONTH"] = 1
    for _number in range(3):
        person = make_user(department="Elsewhere")
        assert award_via_api(api, people["admin"], "expert", person).status_code == 201


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"badge": "first-share"}, 422, "badge_not_manual"),
        ({"badge": "no-such-badge"}, 404, "unknown_badge"),
        ({"user_id": 987654321}, 404, "unknown_person"),
        ({"reason": "   "}, 422, "reason_required"),
        ({"reason": "x" * 1001}, 422, "reason_too_long"),
    ],
)
def test_refusals_say_why_and_change_nothing(api, people, expert, body, status, code):
    make_badge("first-share", kind="shares", image="first-share.png")
    request = {"badge": "expert", "user_id": people["colleague"].id, "reason": "Good", **body}
    response = api(people["champion"]).post("/api/v1/awards", json=request)
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert counts() == (0, 0)


def test_an_inactive_person_or_an_integration_account_is_nobody_to_award(
    api, make_user, people, expert
):
    machine = make_user(roles=("integration",), department="Sales")
    left = make_user(department="Sales")
    with unit_of_work():
        db.session.merge(left).is_active = False
    for person in (machine, left):
        response = award_via_api(api, people["admin"], "expert", person)
        assert response.json["error"]["code"] == "unknown_person"
    assert counts() == (0, 0)


def test_a_badge_already_held_is_refused(api, people, expert):
    assert award_via_api(api, people["champion"], "expert", people["colleague"]).status_code == 201
    again = award_via_api(api, people["admin"], "expert", people["colleague"])
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_awarded"
    assert counts() == (1, 1)


def test_the_page_shows_a_refusal_beside_the_field_and_changes_nothing(
    client, login, people, expert
):
    make_badge("first-share", kind="shares", image="first-share.png")
    login(people["champion"])
    response = client.post(
        "/badges/award",
        data={"person": people["colleague"].id, "badge": "first-share", "reason": "Nice"},
    )
    assert response.status_code == 200
    assert "it cannot be awarded by hand" in response.text
    assert response.text.count("There is a problem") == 1  # one summary, not an empty second
    missing = client.post("/badges/award", data={"person": "", "badge": "expert", "reason": ""})
    assert "Choose the person." in missing.text
    assert counts() == (0, 0)


def test_two_awards_of_the_same_badge_at_the_same_moment_make_one(app, api, people, expert):
    clients = [api(people["admin"]), api(people["champion"])]
    # Read before the threads start: they must not load it through the test's session.
    body = {"badge": "expert", "user_id": people["colleague"].id, "reason": "Both saw it"}
    statuses = []

    def give(client):
        with app.app_context():
            statuses.append(client.post("/api/v1/awards", json=body).status_code)

    threads = [threading.Thread(target=give, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]
    assert counts() == (1, 1)


def test_the_loser_of_a_race_the_check_did_not_see_is_told_quietly(
    api, monkeypatch, people, expert
):
    """Another request gave the badge between this one's check and its insert: the unique
    key refuses the second row, its savepoint rolls back, and the answer is a 409."""
    assert award_via_api(api, people["admin"], "expert", people["colleague"]).status_code == 201
    monkeypatch.setattr(manual, "holds", lambda person, badge: False)
    late = award_via_api(api, people["champion"], "expert", people["colleague"])
    assert late.status_code == 409
    assert late.json["error"]["code"] == "already_awarded"
    assert counts() == (1, 1)


def test_hr_revokes_an_award_with_a_reason_and_it_is_audited(client, login, people, expert):
    first_share = make_badge("first-share", kind="shares", image="first-share.png")
    award = automatic_award(first_share, people["colleague"])
    login(people["hr"])
    page = client.get(f"/badges/awards/{award.id}/revoke")
    assert "Sam Sales" in page.text and "First Share" in page.text
    unconfirmed = client.post(f"/badges/awards/{award.id}/revoke", data={"reason": "Self clicks"})
    assert "Tick the box to confirm." in unconfirmed.text
    assert counts() == (1, 0)

    done = client.post(
        f"/badges/awards/{award.id}/revoke",
        data={"reason": "Clicks were the sharer's own", "confirm": "y"},
        follow_redirects=True,
    )
    assert "“First Share” is revoked for Sam Sales." in done.text
    revoked = db.session.get(Award, award.id)
    db.session.refresh(revoked)
    assert revoked.revoked_at is not None
    assert revoked.revoked_by_id == people["hr"].id
    assert revoked.revocation_reason == "Clicks were the sharer's own"
    again = client.get(f"/badges/awards/{award.id}/revoke")
    assert "This award was revoked on" in again.text
    twice = client.post(
        f"/badges/awards/{award.id}/revoke", data={"reason": "Again", "confirm": "y"}
    )
    assert "This award was already revoked." in twice.text
    assert twice.text.count("There is a problem") == 1
    assert counts() == (1, 1)


def test_revoking_twice_through_the_api_is_a_conflict_that_changes_nothing(api, people, expert):
    given = award_via_api(api, people["champion"], "expert", people["colleague"]).json
    hr = api(people["hr"])
    first = hr.post(f"/api/v1/awards/{given['id']}/revocation", json={"reason": "Mistake"})
    assert first.status_code == 200
    assert first.json["revoked"] is True
    assert first.json["revocation_reason"] == "Mistake"
    before = counts()
    second = hr.post(f"/api/v1/awards/{given['id']}/revocation", json={"reason": "Again"})
    assert second.status_code == 409
    assert second.json["error"]["code"] == "already_revoked"
    assert counts() == before
    assert db.session.get(Award, given["id"]).revocation_reason == "Mistake"


def test_revoking_an_unknown_award_or_without_a_reason_is_refused(api, people, expert):
    hr = api(people["hr"])
    unknown = hr.post("/api/v1/awards/424242/revocation", json={"reason": "x"})
    assert (unknown.status_code, unknown.json["error"]["code"]) == (404, "unknown_award")
    given = award_via_api(api, people["champion"], "expert", people["colleague"]).json
    empty = hr.post(f"/api/v1/awards/{given['id']}/revocation", json={"reason": " "})
    assert (empty.status_code, empty.json["error"]["code"]) == (422, "reason_required")
    assert db.session.get(Award, given["id"]).revoked_at is None


def test_the_audit_lists_every_manual_award_and_revocation_and_exports_them(
    client, login, api, people, expert
):
    given = award_via_api(api, people["champion"], "expert", people["colleague"], "=HYPERLINK()")
    api(people["admin"]).post(
        f"/api/v1/awards/{given.json['id']}/revocation", json={"reason": "Awarded in error"}
    )
    login(people["hr"])
    page = client.get("/badges/audit")
    assert page.status_code == 200
    rows = page.text.split("<tbody>")[1]
    assert rows.index("Revoked") < rows.index("Awarded")  # newest first
    for text in ("Sam Sales", "Expert", "Chloé Champion", "Ada Admin", "Awarded in error"):
        assert text in rows

    exported = client.get("/badges/audit.csv")
    assert exported.mimetype == "text/csv"
    text = exported.data.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == ["Person", "Department", "Badge", "Action", "By", "Reason", "When (UTC)"]
    assert [row[3] for row in table[1:]] == ["Revoked", "Awarded"]
    assert table[2][5] == "'=HYPERLINK()"  # a formula is neutralised
    assert table[2][4] == "Chloé Champion"


def test_the_audit_filters_by_month(client, login, api, people, expert):
    award_via_api(api, people["champion"], "expert", people["colleague"])
    login(people["hr"])
    this_month = utcnow().strftime("%Y-%m")
    assert "Sam Sales" in client.get(f"/badges/audit?month={this_month}").text
    empty = client.get("/badges/audit?month=2001-01")
    assert "Sam Sales" not in empty.text
    assert "Nothing awarded by hand or revoked in this period." in empty.text
    bad = client.get("/badges/audit?month=2026-13")
    assert "is not a month: use YYYY-MM." in bad.text
    assert client.get("/badges/audit.csv?month=nonsense").status_code == 422
    assert len(client.get("/badges/audit.csv?month=2001-01").data.decode().splitlines()) == 1


def test_the_audit_page_costs_the_same_queries_whatever_its_length(
    client,
    login,
    make_user,
    people,
    expert,
    queries_for,  # noqa: F811
):
    login(people["hr"])
    with unit_of_work():
        first = manual.award_by_hand(people["admin"], "expert", people["colleague"].id, "One")
    few = queries_for("/badges/audit")
    with unit_of_work():
        manual.revoke(people["hr"], first.id, "Given in error")
        for number in range(5):
            badge = make_badge(f"more-{number}")
            manual.award_by_hand(people["admin"], badge.slug, people["stranger"].id, "More")
    assert queries_for("/badges/audit") == few
