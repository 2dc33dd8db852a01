"""API tokens: a person lists, creates and revokes their own on their profile; tokens may
expire; an admin revokes anyone's; an integration account never signs in to the pages."""

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.auth import services as accounts
from learning.auth.models import ApiToken
from learning.database import utcnow
from learning.extensions import db
from tests.conftest import PASSWORD

WRONG_CREDENTIALS = "The e-mail or the password is not right."


def shown_token(response) -> str:
    found = re.search(r'<code class="api-token">([^<]+)</code>', response.text)
    assert found, "the page shows the new token"
    return html.unescape(found[1])


def me(client, token):
    return client.application.test_client().get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )


def token_row(token: str) -> ApiToken:
    db.session.expire_all()
    return db.session.execute(
        sa.select(ApiToken).where(ApiToken.token_hash == accounts.digest(token))
    ).scalar_one()


def test_a_person_creates_lists_and_revokes_their_tokens(client, login, make_user):
    user = make_user()
    login(user)
    profile = client.get("/auth/profile").text
    assert 'href="/auth/tokens"' in profile
    assert "/auth/admin/tokens" not in profile
    assert "You have no API token." in client.get("/auth/tokens").text

    created = client.post("/auth/tokens", data={"expires_in_days": ""})
    lasting = client.post("/auth/tokens", data={"expires_in_days": "30"})

    assert created.status_code == lasting.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    forever, monthly = shown_token(created), shown_token(lasting)
    assert me(client, forever).json["email"] == user.email
    assert me(client, monthly).status_code == 200
    assert token_row(forever).expires_at is None
    expiry = token_row(monthly).expires_at - utcnow()
    assert timedelta(days=29, hours=23) < expiry <= timedelta(days=30)
    listing = client.get("/auth/tokens").text
    assert "Copy it now" not in listing  # shown once only
    assert forever not in listing
    assert forever[:12] in listing
    assert monthly[:12] in listing
    assert "Never" in listing

    response = client.post(f"/auth/tokens/{token_row(forever).id}/revoke", follow_redirects=True)

    assert response.request.path == "/auth/tokens"
    assert f"The token {forever[:12]}… is revoked." in response.text
    listing = client.get("/auth/tokens").text
    assert forever[:12] not in listing
    assert monthly[:12] in listing
    assert me(client, forever).status_code == 401
    assert me(client, monthly).status_code == 200


@pytest.mark.parametrize("days", ["0", "3651", "-5", "soon"])
def test_a_token_expiry_out_of_range_is_refused(client, login, make_user, days):
    login(make_user())

    response = client.post("/auth/tokens", data={"expires_in_days": days})

    assert response.status_code == 200
    assert 'class="api-token"' not in response.text
    assert db.session.execute(sa.select(sa.func.count(ApiToken.id))).scalar() == 0


def test_the_service_refuses_an_expiry_out_of_range(app, make_user):
    with pytest.raises(accounts.Invalid, match="A token lasts between 1 and 3650 days."):
        accounts.create_api_token(make_user(), 0)


def test_a_person_cannot_revoke_someone_elses_token(client, login, make_user, api):
    owner, other = make_user(), make_user()
    owners_api = api(owner)
    token_id = accounts.api_tokens_of(owner)[0].id
    login(other)

    response = client.post(f"/auth/tokens/{token_id}/revoke")

    assert response.status_code == 404
    assert "There is no such API token." in response.text
    assert owners_api.get("/api/v1/me").status_code == 200
    assert token_id not in {token.id for token in accounts.api_tokens_of(other)}


def test_an_admin_sees_and_revokes_anyones_tokens(app, client, login, make_user, api):
    employee = make_user(name="Eve Employee")
    employees_api = api(employee)
    token = accounts.api_tokens_of(employee)[0]
    login(make_user(roles=("admin",)))
    assert 'href="/auth/admin/tokens"' in client.get("/auth/profile").text

    page = client.get("/auth/admin/tokens")
    assert page.status_code == 200
    assert "Eve Employee" in page.text
    assert token.prefix in page.text

    response = client.post(
        f"/auth/tokens/{token.id}/revoke",
        data={"next": "/auth/admin/tokens"},
        follow_redirects=True,
    )

    assert response.request.path == "/auth/admin/tokens"
    assert f"The token {token.prefix}… is revoked." in response.text
    assert employees_api.get("/api/v1/me").status_code == 401
    assert "0 tokens" in client.get("/auth/admin/tokens").text


def test_the_admin_page_is_for_admins_only(client, login, make_user):
    login(make_user(roles=("hr",)))
    assert client.get("/auth/admin/tokens").status_code == 403


def test_an_expired_token_is_refused_with_401(app, client, make_user, api):
    user = make_user()
    with_expiry = accounts.create_api_token(user, expires_in_days=1)
    assert me(client, with_expiry).status_code == 200

    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.token_hash == accounts.digest(with_expiry))
        .values(created_at=utcnow() - timedelta(days=2), expires_at=utcnow() - timedelta(days=1))
    )
    response = me(client, with_expiry)

    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert [token.is_expired for token in accounts.api_tokens_of(user)] == [True]


def test_the_database_refuses_a_token_expiring_before_it_was_made(app, make_user):
    user = make_user()
    now = utcnow()
    db.session.add(
        ApiToken(
            user_id=user.id,
            token_hash="0" * 64,
            prefix="lrn_x",
            created_at=now,
            expires_at=now - timedelta(seconds=1),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_tokens_create_takes_an_expiry_and_prints_the_token_last(app, runner, make_user):
    user = make_user()

    result = runner.invoke(args=["tokens", "create", user.email, "--expires-in-days", "7"])

    assert result.exit_code == 0, result.output
    assert "working for 7 days" in result.output
    token = result.output.strip().splitlines()[-1]
    assert me(app.test_client(), token).status_code == 200
    expiry = token_row(token).expires_at - utcnow()
    assert timedelta(days=6, hours=23) < expiry <= timedelta(days=7)

    refused = runner.invoke(args=["tokens", "create", user.email, "--expires-in-days", "0"])
    assert refused.exit_code != 0
    assert len(accounts.api_tokens_of(user)) == 1


# The integration account is a program


def test_an_integration_account_cannot_sign_in_to_the_pages(app, make_user):
    robot = make_user(roles=("integration",), email="robot@example.com")
    person = make_user(email="person@example.com")

    answers = {}
    for user, password in ((robot, PASSWORD), (person, "not the password")):
        browser = app.test_client()
        response = browser.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 200
        assert WRONG_CREDENTIALS in response.text
        assert browser.get("/progress/").status_code == 302
        answers[user.email] = response.text.replace(user.email, "EMAIL")
    assert answers["robot@example.com"] == answers["person@example.com"]


def test_a_session_of_an_integration_account_is_refused(app, make_user):
    robot = make_user(roles=("integration",))
    session_token = accounts.start_session(robot)
    db.session.commit()
    assert accounts.user_for_session(session_token) is None


def test_an_integration_account_has_no_invitation_to_accept(app, make_user):
    robot = accounts.create_user("robot@example.com", "HR system", ["integration"])
    path = f"/auth/invitations/{accounts.invitation_token(robot)}"

    response = app.test_client().get(path)

    assert response.status_code == 403
    assert "This account is for a program: it uses API tokens and has no password." in (
        response.text
    )
