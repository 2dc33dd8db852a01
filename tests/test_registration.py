"""Self-registration: a signed, expiring link proves the mailbox before any account
exists; the page never tells whether an address has an account; addresses are normalised
before their domain is compared."""

import logging
import re
import smtplib
import time

import pytest
from flask_mailman.backends.base import BaseEmailBackend
from itsdangerous import TimestampSigner

from learning.auth import registration
from learning.auth import services as accounts
from learning.transaction import unit_of_work
from tests.conftest import fixtures

NEW_PASSWORD = "a brand new passphrase"
SENT = "Check your mailbox"
NOT_OPEN = "Self-registration is not open for this e-mail domain"


@pytest.fixture
def open_registration(app_config, request):
    app_config["SELF_REGISTRATION_DOMAINS"] = ["example.com"]
    return fixtures(request, "client", "outbox")


def register(client, email, name="Rita Registered"):
    return client.post("/auth/register", data={"name": name, "email": email})


def link_in(message) -> str:
    found = re.search(r"http://localhost(/auth/register/\S+)", message.body)
    assert found, f"the message carries the registration link: {message.body}"
    return found[1]


def choose_password(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def is_signed_in(client) -> bool:
    return client.get("/progress/").status_code == 200


def test_the_account_is_created_once_the_mailed_link_is_followed(open_registration):
    client, outbox = open_registration
    assert "Create your account" in client.get("/auth/login").text

    response = register(client, "rita@Example.com")

    assert response.status_code == 200
    assert SENT in response.text
    assert "We have sent a message to rita@example.com." in response.text
    (message,) = outbox
    assert message.to == ["rita@example.com"]
    assert message.subject == "Confirm your address to create your account"
    assert "within 24 hours" in message.body
    assert accounts.find_user_by_email("rita@example.com") is None
    assert not is_signed_in(client)

    path = link_in(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "Welcome, Rita Registered" in page.text
    assert "Your address rita@example.com is confirmed." in page.text
    response = choose_password(client, path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/familiarity/diagnostic"
    user = accounts.find_user_by_email("rita@example.com")
    assert (user.name, user.roles) == ("Rita Registered", ["employee"])
    assert "Hello, Rita Registered" in client.get("/progress/").text

    again = client.application.test_client()
    for reused in (again.get(path), choose_password(again, path, "someone elses pass")):
        assert reused.status_code == 403
        assert "This link has already been used: the account exists. Sign in." in reused.text


def test_the_page_does_not_tell_whether_the_address_has_an_account(open_registration, request):
    client, outbox = open_registration
    (make_user,) = fixtures(request, "make_user")
    owner = make_user(email="taken@example.com", name="First Owner")

    taken = register(client, "taken@example.com", name="Someone Else")
    new = register(client, "fresh@example.com", name="Someone Else")

    assert taken.status_code == new.status_code == 200
    assert taken.text.replace("taken@", "X@") == new.text.replace("fresh@", "X@")
    reminder, confirmation = outbox
    assert reminder.to == ["taken@example.com"]
    assert reminder.subject == "You already have an account"
    assert "Hello First Owner," in reminder.body
    assert "http://localhost/auth/login" in reminder.body
    assert "/auth/register/" not in reminder.body
    assert confirmation.to == ["fresh@example.com"]
    assert accounts.find_user_by_email("taken@example.com").name == "First Owner"
    assert owner.name == "First Owner"


def test_full_width_letters_register_the_address_they_look_like(open_registration):
    client, outbox = open_registration

    response = register(client, "ｒｉｔａ@ｅｘａｍｐｌｅ.ｃｏｍ")

    assert "We have sent a message to rita@example.com." in response.text
    (message,) = outbox
    assert message.to == ["rita@example.com"]
    choose_password(client, link_in(message))
    assert accounts.find_user_by_email("rita@example.com") is not None


@pytest.mark.parametrize(
    "email",
    [
        "rita@other.org",
        "rita@evil.example.com",
        "rita@example.com.evil.org",
        "rita@exаmple.com",  # a Cyrillic "а": looks like the domain, is another one
        "rita@xn--exmple-4nf.com",
    ],
)
def test_people_of_other_domains_may_not_register(open_registration, email):
    client, outbox = open_registration

    response = register(client, email)

    assert response.status_code == 200
    assert NOT_OPEN in response.text
    assert outbox == []
    assert accounts.find_user_by_email(email) is None


def test_registration_is_closed_without_allowed_domains(app_config, request):
    app_config["SELF_REGISTRATION_DOMAINS"] = []
    client, outbox = fixtures(request, "client", "outbox")

    page = client.get("/auth/register")
    response = register(client, "rita@example.com")

    assert "Self-registration is closed. Ask HR for an invitation." in page.text
    assert response.status_code == 200
    assert SENT not in response.text
    assert outbox == []


def test_a_registration_link_expires(open_registration, monkeypatch):
    client, outbox = open_registration
    register(client, "rita@example.com")
    path = link_in(outbox[0])

    later = int(time.time()) + 25 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda signer: later)
    response = client.get(path)

    assert response.status_code == 403
    assert "This link has expired; register again to receive a new one." in response.text
    assert choose_password(client, path).status_code == 403
    assert accounts.find_user_by_email("rita@example.com") is None


def test_a_forged_registration_link_is_refused(open_registration):
    client, outbox = open_registration
    register(client, "rita@example.com")
    path = link_in(outbox[0])

    for forged in ("/auth/register/not-a-real-token", path[:-3] + "abc"):
        response = client.get(forged)
        assert response.status_code == 404
        assert "This registration link is not valid." in response.text


def test_the_password_chosen_follows_the_rules(open_registration):
    client, outbox = open_registration
    register(client, "rita@example.com")
    path = link_in(outbox[0])

    response = choose_password(client, path, "short")

    assert response.status_code == 200
    assert "Field must be between 10 and 128 characters long." in response.text
    assert accounts.find_user_by_email("rita@example.com") is None


def test_a_link_for_an_address_given_an_account_meanwhile_is_used_up(open_registration, request):
    client, outbox = open_registration
    (make_user,) = fixtures(request, "make_user")
    register(client, "rita@example.com")
    make_user(email="rita@example.com", name="Created By HR")

    response = choose_password(client, link_in(outbox[0]))

    assert response.status_code == 403
    assert accounts.find_user_by_email("rita@example.com").name == "Created By HR"


@pytest.mark.parametrize(
    ("limits", "emails"),
    [
        ({"REGISTRATION_EMAIL_RATE_LIMIT": "2 per hour"}, ["rita@example.com"] * 3),
        ({"REGISTRATION_RATE_LIMIT": "2 per hour"}, [f"p{n}@example.com" for n in range(3)]),
    ],
    ids=["per mailbox", "per address"],
)
def test_registering_is_throttled(app_config, request, limits, emails):
    app_config.update(SELF_REGISTRATION_DOMAINS=["example.com"], RATELIMIT_ENABLED=True, **limits)
    client, outbox = fixtures(request, "client", "outbox")

    statuses = [register(client, email).status_code for email in emails]

    assert statuses == [200, 200, 429]
    assert len(outbox) == 2


# Mail goes out after the commit, and only then


def test_a_rolled_back_registration_sends_nothing(open_registration):
    client, outbox = open_registration
    with client.application.test_request_context(), pytest.raises(RuntimeError), unit_of_work():
        registration.request_registration("rita@example.com", "Rita")
        assert outbox == []  # not before the commit either
        raise RuntimeError("something later in the same unit of work failed")
    assert outbox == []

    with client.application.test_request_context(), unit_of_work():
        registration.request_registration("rita@example.com", "Rita")
    assert [message.to for message in outbox] == [["rita@example.com"]]


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"rita@example.com": (550, b"no such mailbox")})


def test_a_message_that_cannot_be_sent_is_logged(app_config, request, caplog):
    app_config.update(SELF_REGISTRATION_DOMAINS=["example.com"], MAIL_BACKEND=RefusingEmailBackend)
    (client,) = fixtures(request, "client")

    with caplog.at_level(logging.ERROR, logger="learning.mail"):
        response = register(client, "rita@example.com")

    assert response.status_code == 200
    assert SENT in response.text
    assert any(
        "could not be sent" in record.getMessage() and "rita@example.com" in record.getMessage()
        for record in caplog.records
    )


def test_without_a_mail_server_messages_go_to_the_log(app_config, request, caplog):
    app_config.update(
        SELF_REGISTRATION_DOMAINS=["example.com"], MAIL_BACKEND="learning.mail.LogEmailBackend"
    )
    (client,) = fixtures(request, "client")

    with caplog.at_level(logging.INFO, logger="learning.mail"):
        register(client, "rita@example.com")

    (logged,) = [r.getMessage() for r in caplog.records if r.name == "learning.mail"]
    assert "To: rita@example.com" in logged
    assert "Subject: Confirm your address to create your account" in logged
    assert "http://localhost/auth/register/" in logged
