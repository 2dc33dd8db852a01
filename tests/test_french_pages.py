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
