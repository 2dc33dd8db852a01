"""French is what a French reader sees: the interface in French for a person who chose it,
and for a browser that asks for it before signing in."""

import pytest

from learning import config
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.conftest import fixtures
from tests.test_sharing import page_text


def test_a_person_who_chose_french_reads_the_interface_in_french(app, client, make_user, login):
    person = make_user()
    with unit_of_work():
        db.session.merge(person).locale = "fr"
    login(person)
    page = client.get("/progress/")
    text = page_text(page)
    assert '<html lang="fr">' in page.get_data(as_text=True)
    assert "Tableau de bord" in text and "Profil" in text
    assert "Dashboard" not in text and "Sign out" not in text


def test_a_french_browser_signs_in_in_french(app, client):
    page = client.get("/auth/login", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    text = page_text(page)
    assert "Se connecter" in text and "Mot de passe" in text
    english = client.get("/auth/login", headers={"Accept-Language": "en-GB"})
    assert "Sign in" in page_text(english)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("fr", "fr"), ("FR", "fr"), ("en", "en"), ("klingon", "en"), (None, "en")],
)
def test_the_company_default_language_comes_from_default_locale(
    monkeypatch, tmp_path, setting, expected
):
    if setting is None:
        monkeypatch.delenv("DEFAULT_LOCALE", raising=False)
    else:
        monkeypatch.setenv("DEFAULT_LOCALE", setting)
    assert config.from_environment(str(tmp_path))["BABEL_DEFAULT_LOCALE"] == expected


def test_without_a_language_asked_for_the_company_default_applies(request, app_config):
    app_config["BABEL_DEFAULT_LOCALE"] = "fr"
    _app, client = fixtures(request, "app", "client")
    assert "Se connecter" in page_text(client.get("/auth/login"))
    # A browser that asks for a language it does not know gets the default, cleanly.
    unknown = client.get("/auth/login", headers={"Accept-Language": "tlh, x-pig-latin;q=0.5"})
    assert unknown.status_code == 200
    assert "Se connecter" in page_text(unknown)
    # One that asks for English gets English.
    assert "Sign in" in page_text(client.get("/auth/login", headers={"Accept-Language": "en"}))


def test_not_chosen_is_not_english(app, client, make_user, login, api):
    person = make_user()
    assert person.locale is None
    login(person)
    french_browser = {"Accept-Language": "fr-FR,fr;q=0.9"}
    assert "Tableau de bord" in page_text(client.get("/progress/", headers=french_browser))
    assert api(person).get("/api/v1/me").json["locale"] is None

    # Choosing English in the profile wins over the browser.
    client.post("/auth/profile", data={"name": person.name, "timezone": "UTC", "locale": "en"})
    assert "Dashboard" in page_text(client.get("/progress/", headers=french_browser))
    assert api(person).get("/api/v1/me").json["locale"] == "en"
    # And "my browser's language" is no choice again.
    client.post("/auth/profile", data={"name": person.name, "timezone": "UTC", "locale": ""})
    assert api(person).get("/api/v1/me").json["locale"] is None


def test_the_profile_refuses_an_unknown_language_with_a_field_error(app, client, make_user, login):
    person = make_user()
    login(person)
    refused = client.post(
        "/auth/profile", data={"name": "Changed", "timezone": "UTC", "locale": "tlh"}
    )
    assert refused.status_code == 200
    assert "Not a valid choice" in page_text(refused)
    db.session.expire_all()
    assert (db.session.get(type(person), person.id).name, person.locale) == (person.name, None)


def test_the_language_switch_on_every_page(app, client, make_user, login):
    # Signed out: for the visit.
    switched = client.post("/auth/language", data={"locale": "fr", "next": "/auth/login"})
    assert switched.headers["Location"].endswith("/auth/login")
    assert "Se connecter" in page_text(client.get("/auth/login"))
    # Somewhere else than this site is never where it sends back.
    away = client.post("/auth/language", data={"locale": "en", "next": "https://evil.example/"})
    assert not away.headers["Location"].startswith("https://evil.example")
    assert "Sign in" in page_text(client.get("/auth/login"))
    # An unknown language changes nothing and says why.
    client.post("/auth/language", data={"locale": "tlh", "next": "/auth/login"})
    assert "Sign in" in page_text(client.get("/auth/login"))

    # Signed in: the person's choice, kept in their profile.
    person = make_user()
    login(person)
    client.post("/auth/language", data={"locale": "fr", "next": "/progress/"})
    db.session.expire_all()
    assert db.session.get(type(person), person.id).locale == "fr"
    page = client.get("/progress/", headers={"Accept-Language": "en"})
    assert "Tableau de bord" in page_text(page)
    assert 'value="fr" lang="fr" class="secondary outline" aria-current="true"' in (
        page.get_data(as_text=True)
    )


def test_api_texts_follow_accept_language_then_the_owner(app, make_user, api):
    person = make_user()
    with unit_of_work():
        db.session.merge(person).locale = "fr"
    client = api(person)
    missing = "/api/v1/courses/no-such-course"
    french = client.get(missing).json["error"]["message"]
    english = client.get(missing, headers={"Accept-Language": "en"}).json["error"]["message"]
    assert french != english
    assert english.isascii()


def test_the_language_switch_works_with_csrf_protection_on(request, app_config):
    app_config["WTF_CSRF_ENABLED"] = True
    _app, client = fixtures(request, "app", "client")
    page = client.get("/auth/login")
    assert "set-cookie" not in {name.lower() for name, _value in page.headers} or (
        "csrf" not in page.get_data(as_text=True).split("language-switch")[1]
    )
    client.post("/auth/language", data={"locale": "fr", "next": "/auth/login"})
    assert "Se connecter" in page_text(client.get("/auth/login"))


def test_an_invitation_is_in_the_new_employee_s_language_not_the_sender_s(
    app, make_user, api, outbox
):
    integration = make_user(email="hris@example.com", roles=("integration",), password=None)
    sender = api(integration)
    body = {"email": "ana@example.com", "name": "Ana Lima", "department": "Sales"}
    # The call asks for French; the new employee has chosen nothing: the company's default.
    created = sender.post("/api/v1/employees", json=body, headers={"Accept-Language": "fr"})
    assert created.status_code == 201
    (message,) = outbox
    assert message.subject == "Your account on the social-media training"
    app.config["BABEL_DEFAULT_LOCALE"] = "fr"
    second = {**body, "email": "bruno@example.com", "name": "Bruno Roy"}
    assert sender.post("/api/v1/employees", json=second).status_code == 201
    assert outbox[1].subject != "Your account on the social-media training"
    assert outbox[1].body.startswith("Bonjour Bruno Roy")
