"""Signing in and out, sessions, passwords, invitations, profiles and API tokens from the
command line. Throttling, registration and token pages have files of their own."""

import hashlib
import html
import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from learning.auth import services as accounts
from learning.auth.models import User
from learning.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"
WRONG_CREDENTIALS = "The e-mail or the password is not right."


def sign_in(app, email, password=PASSWORD, **data) -> tuple[FlaskClient, object]:
    """A fresh browser that posts the sign-in form."""
    browser = app.test_client()
    response = browser.post("/auth/login", data={"email": email, "password": password, **data})
    return browser, response


def is_sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def fresh_user(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


# Signing in and out


def test_signing_in_opens_the_dashboard(client, login, make_user):
    user = make_user(name="Grace Hopper")

    response = login(user)

    assert response.status_code == 302
    assert response.headers["Location"] == "/progress/"
    assert "Hello, Grace Hopper" in client.get("/progress/").text


def test_the_email_is_not_case_sensitive(app, make_user):
    user = make_user(email="mixed@example.com")
    browser, response = sign_in(app, "  MIXED@Example.com ")
    assert response.status_code == 302
    assert browser.get("/progress/").status_code == 200
    assert user.email == "mixed@example.com"


def test_a_wrong_password_is_refused_without_saying_whether_the_account_exists(app, make_user):
    make_user(email="known@example.com")
    accounts.create_user("invited@example.com", "Not Yet", ["employee"])  # no password yet

    answers = {}
    for email in ("known@example.com", "unknown@example.com", "invited@example.com"):
        browser, response = sign_in(app, email, "not the password")
        assert response.status_code == 200
        assert WRONG_CREDENTIALS in response.text
        assert browser.get("/progress/").status_code == 302
        answers[email] = response.text.replace(email, "EMAIL")

    assert answers["known@example.com"] == answers["unknown@example.com"]
    assert answers["known@example.com"] == answers["invited@example.com"]


def test_an_empty_sign_in_form_is_refused(client):
    response = client.post("/auth/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert client.get("/progress/").status_code == 302


def test_signing_out_ends_the_session(client, login, make_user):
    user = make_user()
    login(user)
    assert client.get("/progress/").status_code == 200

    response = client.post("/auth/logout", follow_redirects=True)

    assert response.request.path == "/auth/login"
    assert "You are signed out." in response.text
    assert is_sent_to_sign_in(client.get("/progress/"))


def test_signing_out_needs_a_post_so_a_link_cannot_do_it(client, login, make_user):
    login(make_user())
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/progress/").status_code == 200


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, client, login, make_user):
    user = make_user()
    login(user)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert thief.get("/progress/").status_code == 200  # the copy works while signed in

    client.post("/auth/logout")

    response = thief.get("/progress/")
    assert is_sent_to_sign_in(response)
    assert is_sent_to_sign_in(client.get("/progress/"))


def test_signing_out_one_browser_leaves_the_others_signed_in(app, client, login, make_user):
    user = make_user()
    login(user)
    laptop, _response = sign_in(app, user.email)

    laptop.post("/auth/logout")

    assert client.get("/progress/").status_code == 200
    assert is_sent_to_sign_in(laptop.get("/progress/"))


def test_a_password_change_signs_out_the_other_sessions_only(app, client, login, make_user):
    user = make_user()
    login(user)
    phone, _response = sign_in(app, user.email)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert phone.get("/progress/").status_code == 200
    assert copy.get("/progress/").status_code == 200

    response = client.post(
        "/auth/password",
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "Your password is changed; other devices are signed out." in response.text
    assert client.get("/progress/").status_code == 200  # this browser carries on
    assert is_sent_to_sign_in(phone.get("/progress/"))
    assert is_sent_to_sign_in(copy.get("/progress/"))  # the old cookie of this browser too
    assert sign_in(app, user.email, PASSWORD)[1].status_code == 200
    assert sign_in(app, user.email, NEW_PASSWORD)[1].status_code == 302


def test_a_password_change_needs_the_current_password(app, client, login, make_user):
    user = make_user()
    login(user)

    response = client.post(
        "/auth/password",
        data={
            "current_password": "not it at all",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
        follow_redirects=True,
    )

    assert "The current password is not right." in response.text
    assert sign_in(app, user.email, NEW_PASSWORD)[1].status_code == 200
    assert sign_in(app, user.email, PASSWORD)[1].status_code == 302


# Where a sign-in leads


@pytest.mark.parametrize("target", ["/courses/", "/courses/core-conduct?tab=quiz", "/auth/profile"])
def test_after_sign_in_next_leads_to_a_page_of_this_site(app, make_user, target):
    user = make_user()
    _browser, response = sign_in(app, user.email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/courses/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "https://evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        " javascript:alert(1)",
        "evil.example",
    ],
)
def test_after_sign_in_next_never_leads_off_the_site(app, client, make_user, target):
    user = make_user()
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/progress/"


def test_a_stranger_sent_to_sign_in_comes_back_to_the_page_asked(client, make_user, catalogue):
    user = make_user(level="native")
    bounce = client.get("/courses/core-conduct")
    assert is_sent_to_sign_in(bounce)

    page = client.get(bounce.headers["Location"])
    assert "Please sign in to see this page." in page.text
    hidden = re.search(r'name="next" type="hidden" value="([^"]*)"', page.text)
    assert hidden, "the sign-in form carries where to go next"
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD, "next": html.unescape(hidden[1])},
    )

    assert response.headers["Location"] == "/courses/core-conduct"


# Invitations


def hr_creates_account(app, hr, **fields) -> object:
    browser, _response = sign_in(app, hr.email)
    data = {"name": "Ivy Invited", "email": "ivy@example.com", "role": "employee"}
    data.update(fields)
    return browser.post("/hr/accounts/new", data=data)


def invitation_path(response) -> str:
    found = re.search(r'<code class="invitation-link">([^<]+)</code>', response.text)
    assert found, "the page shows the invitation link"
    url = html.unescape(found[1])
    assert url.startswith("http://localhost/auth/invitations/")
    return url.removeprefix("http://localhost")


def test_an_invitation_link_sets_the_password_once(app, make_user):
    hr = make_user(roles=("hr",))
    response = hr_creates_account(app, hr, department="Sales")
    assert response.status_code == 200
    assert "The account for Ivy Invited is created." in response.text
    path = invitation_path(response)
    assert sign_in(app, "ivy@example.com", NEW_PASSWORD)[1].status_code == 200  # no password yet

    invitee = app.test_client()
    page = invitee.get(path)
    assert page.status_code == 200
    assert "Welcome, Ivy Invited" in page.text
    response = invitee.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/familiarity/diagnostic"
    assert invitee.get("/progress/").status_code == 200

    again = app.test_client()
    for response in (
        again.get(path),
        again.post(path, data={"password": "someone elses pass", "confirm": "someone elses pass"}),
    ):
        assert response.status_code == 403
        assert "This invitation has already been used." in response.text
    assert sign_in(app, "ivy@example.com", NEW_PASSWORD)[1].status_code == 302
    assert sign_in(app, "ivy@example.com", "someone elses pass")[1].status_code == 200


def test_an_invitation_password_follows_the_rules(app, make_user):
    hr = make_user(roles=("hr",))
    path = invitation_path(hr_creates_account(app, hr))
    invitee = app.test_client()

    short = invitee.post(path, data={"password": "short", "confirm": "short"})
    differ = invitee.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})

    assert short.status_code == 200
    assert "Field must be between 10 and 128 characters long." in short.text
    assert differ.status_code == 200
    assert "The passwords differ." in differ.text
    assert invitee.get(path).status_code == 200  # still unused


def test_a_forged_invitation_link_is_refused(client):
    response = client.get("/auth/invitations/not-a-real-token")
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.text


def test_hr_may_not_create_an_admin_account(app, make_user):
    hr = make_user(roles=("hr",))
    response = hr_creates_account(app, hr, role="admin", email="boss@example.com")
    assert response.status_code == 200
    assert "Not a valid choice." in response.text
    assert accounts.find_user_by_email("boss@example.com") is None


def test_a_new_account_with_a_taken_email_is_refused(app, make_user):
    hr = make_user(roles=("hr",))
    taken = make_user(email="taken@example.com", name="First Owner")
    response = hr_creates_account(app, hr, email="taken@example.com", name="Second Owner")
    assert response.status_code == 200
    assert "An account with the e-mail taken@example.com already exists." in response.text
    assert fresh_user(taken.id).name == "First Owner"


# Profile


def test_a_profile_with_an_unknown_time_zone_is_refused(client, login, make_user):
    user = make_user(name="Tess Zone")
    login(user)

    response = client.post(
        "/auth/profile", data={"name": "Renamed", "timezone": "Mars/Olympus_Mons", "locale": "en"}
    )

    assert response.status_code == 200
    assert "Not a valid choice." in response.text
    assert "Your profile is saved." not in response.text
    stored = fresh_user(user.id)
    assert (stored.name, stored.timezone) == ("Tess Zone", "UTC")


def test_a_profile_with_a_known_time_zone_is_saved(client, login, make_user):
    user = make_user()
    login(user)

    response = client.post(
        "/auth/profile",
        data={"name": "Renamed", "timezone": "Europe/Paris", "locale": "fr"},
        follow_redirects=True,
    )

    assert response.status_code == 200
    stored = fresh_user(user.id)
    assert (stored.name, stored.timezone, stored.locale) == ("Renamed", "Europe/Paris", "fr")


def test_a_refused_profile_update_leaves_nothing_half_applied(app, make_user):
    """The rule lives in the service: a refusal changes nothing, even if the request
    later commits something else."""
    user = make_user(name="Tess Zone")
    with pytest.raises(accounts.Invalid, match="Unknown time zone: Not/AZone"):
        accounts.update_profile(user, "Renamed", "Not/AZone", "en")
    with pytest.raises(accounts.Invalid, match="Unknown language: xx"):
        accounts.update_profile(user, "Renamed", "Europe/Paris", "xx")
    db.session.commit()
    stored = fresh_user(user.id)
    assert (stored.name, stored.timezone, stored.locale) == ("Tess Zone", "UTC", None)


# Command line and API tokens


def test_users_create_and_tokens_create_from_the_command_line(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Cli.Person@example.com",
            "--name",
            "Cli Person",
            "--role",
            "champion",
            "--department",
            "Sales",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "cli.person@example.com" in result.output

    result = runner.invoke(args=["tokens", "create", "cli.person@example.com"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token == token.strip()
    assert " " not in token

    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["email"] == "cli.person@example.com"
    assert response.json["name"] == "Cli Person"
    assert response.json["roles"] == ["champion"]
    assert response.json["department"] == "Sales"
    assert response.json["level"] is None
    assert sign_in(app, "cli.person@example.com")[1].status_code == 302


def test_users_create_asks_for_the_password_when_not_given(app, runner):
    result = runner.invoke(
        args=["users", "create", "asked@example.com", "--name", "Asked", "--role", "employee"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert sign_in(app, "asked@example.com")[1].status_code == 302


def test_the_command_line_refuses_bad_input_clearly(runner, make_user):
    make_user(email="taken@example.com")

    bad_role = runner.invoke(
        args=["users", "create", "x@example.com", "--name", "X", "--role", "boss"]
    )
    taken = runner.invoke(
        args=["users", "create", "taken@example.com", "--name", "X", "--role", "employee"]
        + ["--password", PASSWORD]
    )
    short = runner.invoke(
        args=["users", "create", "y@example.com", "--name", "Y", "--role", "employee"]
        + ["--password", "short"]
    )
    unknown = runner.invoke(args=["tokens", "create", "nobody@example.com"])

    assert bad_role.exit_code != 0
    assert "boss" in bad_role.output
    assert taken.exit_code != 0
    assert "already exists" in taken.output
    assert short.exit_code != 0
    assert "at least 10 characters" in short.output
    assert unknown.exit_code != 0
    assert "No account with the e-mail nobody@example.com" in unknown.output
    assert accounts.find_user_by_email("y@example.com") is None


def test_an_api_token_is_stored_hashed(app, runner, make_user):
    user = make_user(email="hashed@example.com")
    token = runner.invoke(args=["tokens", "create", user.email]).output.strip().splitlines()[-1]

    rows = db.session.execute(sa.text("SELECT * FROM api_tokens")).mappings().all()

    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0].values())
    assert token not in stored
    assert token[12:] not in stored  # not even the secret part
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json["email"] == "hashed@example.com"


def test_each_token_create_gives_a_new_working_token(app, runner, make_user):
    user = make_user()
    first = runner.invoke(args=["tokens", "create", user.email]).output.strip().splitlines()[-1]
    second = runner.invoke(args=["tokens", "create", user.email]).output.strip().splitlines()[-1]
    assert first != second
    for token in (first, second):
        response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
