"""Personal data: the download of one's own data, HR's anonymisation of a leaver, the
audit of both."""

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from learning.advocacy import stories
from learning.advocacy.models import ContentItem, ItemReview
from learning.auth import services as accounts
from learning.auth.models import ApiToken, LoginSession, User
from learning.badges.models import Award
from learning.badges.openbadges import recipient_identity
from learning.conduct import services as conduct
from learning.courses import services as courses
from learning.extensions import db
from learning.privacy.export import EXPORTED, LEFT_OUT
from learning.privacy.models import PrivacyAudit
from learning.programme.models import CandidateRating, EventAttendance, ProgrammeEvent
from learning.progress import quizzes
from learning.progress import services as progress
from learning.sharing import services as sharing
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work
from tests.recognition_data import make_badge

NAME = "Zéphyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.com"
SHARE_TEXT = "Proud of our launch, says Zephyrine"
STORY_TITLE = "How Zephyrine found her voice"


@pytest.fixture
def person(app, catalogue, make_user, hub_item):
    """A leaver-to-be with data in every feature, and someone else with data of their own."""
    user = make_user(email=EMAIL, name=NAME, level="native", department="Sales")
    other = make_user(email="other@example.com", name="Other Person", level="native")
    hr = make_user(roles=("hr",), name="Hannah HR")
    champion = make_user(roles=("champion",), name="Charlie Champion")
    item = hub_item()
    course = courses.get_course("core-conduct")
    with unit_of_work():
        for who in (user, other):
            progress.complete_lesson(who, courses.active_lessons(course)[0])
            answers = {str(q.id): q.choices[0].id for q in courses.quiz_questions(course)}
            quizzes.attempt_quiz(who, course, answers)
            conduct.acknowledge(who, conduct.require_current_version().version)
        share = sharing.create_share(user, item.id, "linkedin", text=SHARE_TEXT)
        other_share = sharing.create_share(other, item.id, "x", text="Other's own words")
        db.session.flush()
        for kind, visitor in (("person", "a" * 32), ("person", "b" * 32), ("bot", None)):
            db.session.add(Click(share_id=share.id, kind=kind, visitor=visitor))
        db.session.add(Click(share_id=other_share.id, kind="person", visitor="c" * 32))
        db.session.add(Conversion(reference="signup-1", share_id=share.id, attributed=True))
        story = stories.submit(user, title=STORY_TITLE, body="Zephyrine wrote this.")
        db.session.flush()
        db.session.add(
            ItemReview(
                item_id=story.id,
                reviewer_id=champion.id,
                decision="changes_requested",
                comment="Zephyrine, add a link please",
            )
        )
        event = ProgrammeEvent(
            kind="workshop",
            title="Writing workshop",
            starts_at=datetime(2026, 6, 1, 9, tzinfo=UTC),
            audience="everyone",
            created_by_id=champion.id,
        )
        db.session.add(event)
        db.session.flush()
        db.session.add(
            EventAttendance(event_id=event.id, user_id=user.id, recorded_by_id=champion.id)
        )
        db.session.add(
            CandidateRating(
                candidate_id=user.id, rated_by_id=hr.id, charismatic=3, known=2, recognised=2,
                available=1,
            )
        )  # fmt: skip
        accounts.create_api_token(user)
        accounts.start_session(user, "Mozilla/5.0 (Zephyrine's laptop)")
    badge = make_badge(slug="expert")
    with unit_of_work():
        db.session.add(
            Award(
                badge_id=badge.id,
                user_id=user.id,
                salt="s" * 16,
                evidence={"narrative": "Recognised by a champion."},
                awarded_by_id=champion.id,
                reason="Helped the whole team",
            )
        )
    return {"user": user, "other": other, "hr": hr, "share": share}


def user_foreign_keys() -> set[tuple[str, str]]:
    found = {("users", "id")}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column.table.name == "users" for key in column.foreign_keys):
                found.add((table.name, column.name))
    return found


def test_every_column_naming_a_person_is_exported_or_left_out_with_a_reason(app):
    columns = user_foreign_keys()
    unaccounted = sorted(columns - set(EXPORTED) - set(LEFT_OUT))
    assert not unaccounted, (
        f"add these to EXPORTED or LEFT_OUT in learning.privacy.export: {unaccounted}"
    )
    assert not set(EXPORTED) & set(LEFT_OUT)
    assert not sorted((set(EXPORTED) | set(LEFT_OUT)) - columns), "stale entries"
    assert all(reason.strip() for reason in LEFT_OUT.values())


def test_the_download_holds_every_feature_and_nobody_else(person, client, login):
    user = person["user"]
    login(user)
    page = client.get("/privacy/my-data")
    assert page.status_code == 200
    assert "Download my data (JSON)" in page.text
    assert "/privacy/my-data" in client.get("/auth/profile").text

    response = client.get("/privacy/my-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.data)

    assert data["account"]["email"] == EMAIL
    assert data["account"]["name"] == NAME
    assert data["account"]["roles"] == ["employee"]
    assert data["account"]["leaderboard_opt_in"] is False
    assert [row["level"] for row in data["level_assignments"]] == ["native"]
    assert data["level_assignments"][0]["answers"]
    assert len(data["lessons_completed"]) == 1
    assert data["quiz_attempts"][0]["course"] == "core-conduct"
    assert data["guide_acknowledgments"][0]["version"] == 1
    [share] = data["shares"]
    assert share["text"] == SHARE_TEXT
    assert share["counted_clicks"] == 2  # the bot is not counted
    assert share["conversions"] == 1 and share["attributed_conversions"] == 1
    assert [story["title"] for story in data["stories"]] == [STORY_TITLE]
    assert data["stories"][0]["reviews"][0]["comment"] == "Zephyrine, add a link please"
    assert data["badges"][0]["badge"] == "expert"
    assert data["badges"][0]["reason"] == "Helped the whole team"
    assert data["events_attended"][0]["title"] == "Writing workshop"
    assert data["candidate_ratings"] == [
        {"charismatic": 3, "known": 2, "recognised": 2, "available": 1,
         "rated_at": data["candidate_ratings"][0]["rated_at"]}
    ]  # fmt: skip
    assert data["api_tokens"] and set(data["api_tokens"][0]) == {
        "prefix", "created_at", "expires_at", "revoked_at",
    }  # fmt: skip
    agents = [row["user_agent"] for row in data["login_sessions"]]
    assert "Mozilla/5.0 (Zephyrine's laptop)" in agents

    text = response.get_data(as_text=True)
    for foreign in (
        "other@example.com",
        "Other Person",
        "Other's own words",
        "a" * 32,
        "Hannah HR",
    ):
        assert foreign not in text
    token_hashes = db.session.execute(sa.select(ApiToken.token_hash)).scalars()
    assert not any(token_hash in text for token_hash in token_hashes)


def test_the_api_gives_the_same_data_and_each_download_is_audited(person, api):
    user = person["user"]
    response = api(user).get("/api/v1/me/data")
    assert response.status_code == 200
    assert response.json["account"]["email"] == EMAIL
    assert response.json["shares"][0]["text"] == SHARE_TEXT
    [row] = db.session.execute(sa.select(PrivacyAudit)).scalars()
    assert (row.action, row.actor_id, row.subject_id) == ("download", user.id, user.id)


def deactivate(user: User) -> None:
    with unit_of_work():
        db.session.get(User, user.id).is_active = False


def text_values() -> list[str]:
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            values.extend(str(value) for value in row.values() if value is not None)
    return values


def aggregates() -> dict:
    count = lambda model: db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()  # noqa: E731
    return {model.__tablename__: count(model) for model in (Share, Click, Conversion, Award)}


def anonymise(client, user_id, reason="Request by e-mail of 2026-11-20", confirm="y"):
    return client.post(
        "/privacy/anonymise", data={"person": user_id, "reason": reason, "confirm": confirm}
    )


def test_anonymising_a_leaver_erases_name_email_and_texts_and_keeps_the_counts(
    person, client, login
):
    user, hr = person["user"], person["hr"]
    user_id = user.id
    before = aggregates()
    assert [value for value in text_values() if "Zephyrine" in value]  # the search finds it
    deactivate(user)
    login(hr)
    assert NAME in client.get("/privacy/anonymise").text

    response = anonymise(client, user_id)

    assert response.status_code == 302
    db.session.expire_all()
    values = text_values()
    for secret in (NAME, EMAIL, "Zephyrine", "zephyrine"):
        assert not [value for value in values if secret in value], secret
    assert aggregates() == before
    anonymised = db.session.get(User, user_id)
    assert anonymised.name == f"Former employee #{user_id}"
    assert anonymised.email == f"anonymised-{user_id}@invalid"
    assert anonymised.password_hash is None
    assert not db.session.execute(
        sa.select(LoginSession).where(LoginSession.user_id == user_id)
    ).first()
    assert not db.session.execute(sa.select(ApiToken).where(ApiToken.user_id == user_id)).first()
    assert anonymised.department == "Sales"  # kept for the reports by department
    [story] = db.session.execute(
        sa.select(ContentItem).where(ContentItem.author_id == user_id)
    ).scalars()
    assert story.body == ""
    # The badge still verifies for the old e-mail.
    [award] = db.session.execute(sa.select(Award).where(Award.user_id == user_id)).scalars()
    assertion = client.get(f"/badges/assertions/{award.id}").json
    assert assertion["recipient"]["identity"] == recipient_identity(EMAIL, award.salt)
    # The other person is untouched.
    assert db.session.get(User, person["other"].id).name == "Other Person"

    audit = client.get("/privacy/audit")
    assert f"Former employee #{user_id}" in audit.text
    assert "Request by e-mail of 2026-11-20" in audit.text
    [row] = db.session.execute(sa.select(PrivacyAudit)).scalars()
    assert (row.action, row.actor_id, row.subject_id) == ("anonymisation", hr.id, user_id)


def test_an_active_person_or_an_anonymised_one_is_refused_and_nothing_changes(
    person, client, login
):
    user, hr = person["user"], person["hr"]
    login(hr)
    # Not offered while active, and refused by the service if asked all the same.
    assert NAME not in client.get("/privacy/anonymise").text
    from learning.errors import Conflict
    from learning.privacy import services

    with pytest.raises(Conflict, match="deactivated"):
        services.anonymise(hr, user.id, "asked")
    db.session.rollback()
    assert db.session.get(User, user.id).name == NAME

    deactivate(user)
    assert anonymise(client, user.id).status_code == 302
    with pytest.raises(Conflict, match="already been anonymised"):
        services.anonymise(hr, user.id, "again")
    db.session.rollback()
    second = anonymise(client, user.id)
    assert second.status_code == 200  # no longer a choice: the form says so
    assert db.session.execute(sa.select(sa.func.count()).select_from(PrivacyAudit)).scalar() == 1


def test_a_reason_and_a_confirmation_are_required(person, client, login):
    user, hr = person["user"], person["hr"]
    deactivate(user)
    login(hr)
    no_reason = anonymise(client, user.id, reason="  ")
    assert "Give the reason for the anonymisation." in no_reason.text
    unconfirmed = anonymise(client, user.id, confirm="")
    assert "Tick the box to confirm." in unconfirmed.text
    db.session.expire_all()
    assert db.session.get(User, user.id).name == NAME
    assert not db.session.execute(sa.select(PrivacyAudit)).first()


def test_the_audit_csv_neutralises_formulas(person, client, login):
    user, hr = person["user"], person["hr"]
    deactivate(user)
    login(hr)
    anonymise(client, user.id, reason='=HYPERLINK("http://evil.example")')
    response = client.get("/privacy/audit.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "'=HYPERLINK" in text
    assert f"Former employee #{user.id}" in text
    assert text.startswith("\ufeff")


def test_an_employee_cannot_anonymise_nor_read_the_audit(person, client, login):
    login(person["other"])
    assert client.get("/privacy/audit").status_code == 403
    assert client.get("/privacy/anonymise").status_code == 403
