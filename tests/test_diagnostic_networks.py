"""The questionnaire asks about the company's networks and others, explains unease apart
from opposition, and records whether the person is active on social networks."""

import html
import re

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.company import services as company
from learning.company.loader import CompanySpec
from learning.content import SyncReport
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.transaction import unit_of_work
from tests.personas import persona

DIAGNOSTIC = "/api/v1/diagnostic"
CHOICE = "/api/v1/diagnostic/choice"
TEXTS = {
    name: {"en": name} for name in ("company", "communications_contact", "data_protection_contact")
}


def company_uses(*networks: str) -> None:
    """Store company settings naming these networks, in this order."""
    spec = CompanySpec(texts=TEXTS, networks=[(name, {"en": ""}) for name in networks])
    with unit_of_work():
        company.sync(spec, SyncReport())


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def accounts_question(api, user) -> dict:
    questions = api(user).get(DIAGNOSTIC).json["questions"]
    return next(question for question in questions if question["id"] == "accounts")


def active(user) -> bool:
    return db.session.execute(
        sa.select(User.active_on_networks).where(User.id == user.id)
    ).scalar_one()


@pytest.mark.parametrize(
    ("networks", "named"),
    [
        # No settings loaded: the four social networks the product knows.
        ((), "LinkedIn, X, Facebook or Instagram"),
        (("linkedin", "whatsapp", "x", "email"), "LinkedIn or X"),
        (("instagram",), "Instagram"),
        # A company on messaging and e-mail only: the four are asked about.
        (("whatsapp", "email"), "LinkedIn, X, Facebook or Instagram"),
    ],
    ids=["no-settings", "linkedin-and-x", "one-network", "messaging-only"],
)
def test_the_accounts_question_names_the_company_networks(app, make_user, api, networks, named):
    if networks:
        company_uses(*networks)
    question = accounts_question(api, make_user(password=None))
    assert question["text"] == f"Do you have an account on {named}, which the company uses?"
    assert [choice["id"] for choice in question["choices"]] == ["a", "b", "c"]


def test_the_form_asks_about_the_company_networks_and_others(app, client, make_user, login):
    company_uses("linkedin", "facebook", "whatsapp")
    login(make_user())
    assert "Answer 12 short questions" in page_text(client.get("/progress/"))
    text = page_text(client.get("/familiarity/diagnostic"))
    assert "12 short questions" in text
    assert "Do you have an account on LinkedIn or Facebook, which the company uses?" in text
    assert (
        "And on other social networks, such as Mastodon, Bluesky, TikTok, YouTube, GitHub or "
        "Reddit?"
    ) in text
    assert text.count("I don't know / no opinion") == 4


def test_the_explanation_names_the_networks_asked_about(app, client, make_user, login):
    company_uses("linkedin", "x")
    user = make_user()
    login(user)
    client.post("/familiarity/diagnostic", data=persona("joined-in-his-forties").answers)
    # The company moves to other networks afterwards: the answer was about these.
    company_uses("instagram")
    text = page_text(client.get("/familiarity/result"))
    assert "You have an account on LinkedIn or X, which the company uses." in text


def test_someone_active_elsewhere_only_is_told_why(app, make_user, api):
    developer = persona("open-source-developer")
    body = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": developer.answers})
    assert body.json["level"] == "late_adopter"
    assert body.json["explanation"].startswith(
        f"{questionnaire.RULES[4].description} "
        "You have never had an account on LinkedIn, X, Facebook or Instagram, which the "
        "company uses. You have an account on other social networks. "
        "You open social networks every day. You publish posts of your own."
    )


def test_unease_is_said_not_to_be_opposition(app, make_user, api):
    stopped = persona("stopped-after-harassment")
    body = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": stopped.answers})
    assert body.json["level"] == "reluctant"
    assert body.json["explanation"].endswith(
        "You keep away from social networks as much as you can. "
        "You find social networks mostly harmful. "
        "Unease with social networks is not opposition to the company's use of them: it does "
        "not make you an objector."
    )
    objector = persona("privacy-activist")
    body = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": objector.answers})
    assert body.json["level"] == "objector"
    assert "is not opposition" not in body.json["explanation"]


def test_a_result_records_whether_the_person_is_active(app, make_user, api):
    active_objector = make_user(password=None)
    response = api(active_objector).post(
        DIAGNOSTIC, json={"answers": persona("daily-user-against-corporate-use").answers}
    )
    assert response.json["level"] == "objector"
    assert active(active_objector) is True

    non_user_objector = make_user(password=None)
    response = api(non_user_objector).post(
        DIAGNOSTIC, json={"answers": persona("never-had-an-account-against-it").answers}
    )
    assert response.json["level"] == "objector"
    assert active(non_user_objector) is False

    # A retake sets it again, either way.
    stopped = persona("stopped-after-harassment").answers
    assert api(active_objector).post(DIAGNOSTIC, json={"answers": stopped}).status_code == 200
    assert active(active_objector) is False
    daily = persona("everywhere-every-day").answers
    assert api(non_user_objector).post(DIAGNOSTIC, json={"answers": daily}).status_code == 200
    assert active(non_user_objector) is True


def test_an_override_or_a_choice_leaves_it_as_the_questionnaire_set_it(app, make_user, api):
    hr = make_user(roles=("hr",), password=None)
    overridden = make_user(password=None)
    api(overridden).post(DIAGNOSTIC, json={"answers": persona("everywhere-every-day").answers})
    with unit_of_work():
        familiarity.override_level(hr, overridden, "beginner", "Asked for the basics.")
    assert active(overridden) is True

    chooser = make_user(password=None)
    doubtful = persona("daily-user-doubtful-of-corporate-use").answers
    api(chooser).post(DIAGNOSTIC, json={"answers": doubtful})
    response = api(chooser).post(CHOICE, json={"level": "objector"})
    assert response.json["level"] == "objector"
    assert active(chooser) is True
