"""A borderline result: the person keeps their level or takes the neighbouring path, the
history records which, and HR sees it."""

import html
import re

import sqlalchemy as sa

from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from tests.personas import persona

DIAGNOSTIC = "/api/v1/diagnostic"
CHOICE = "/api/v1/diagnostic/choice"
# Reluctant, one point of reservations from objector.
DOUBTS = persona("reader-with-doubts")


def visible(markup: str) -> str:
    """The text of some HTML, tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def page_text(response) -> str:
    return visible(response.get_data(as_text=True))


def _history(user) -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(
                LevelAssignment.source, LevelAssignment.level, LevelAssignment.neighbour_level
            )
            .where(LevelAssignment.user_id == user.id)
            .order_by(LevelAssignment.id)
        )
    ]


def _level(api, user) -> str:
    return api(user).get("/api/v1/me").json["level"]


def test_a_borderline_result_names_its_neighbouring_level(app, make_user, api):
    response = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": DOUBTS.answers})
    assert response.status_code == 200
    body = response.json
    assert (body["level"], body["borderline"], body["neighbouring_level"]) == (
        "reluctant",
        True,
        "objector",
    )
    assert body["explanation"].endswith(
        "Your result is borderline: one point more on the opposition score would give Objector."
    )


def test_the_person_keeps_their_level(app, make_user, api):
    user = make_user(password=None)
    client = api(user)
    client.post(DIAGNOSTIC, json={"answers": DOUBTS.answers})

    response = client.post(CHOICE, json={"level": "reluctant"})

    assert response.status_code == 200
    assert response.json["level"] == "reluctant"
    assert response.json["explanation"].startswith(
        "You kept the Reluctant path after a result close to Objector."
    )
    assert _level(api, user) == "reluctant"
    assert _history(user) == [
        ("diagnostic", "reluctant", "objector"),
        ("confirmed", "reluctant", "objector"),
    ]
    # Once: the choice is made.
    again = client.post(CHOICE, json={"level": "objector"})
    assert again.status_code == 409
    assert again.json["error"]["code"] == "nothing_to_choose"
    assert len(_history(user)) == 2


def test_the_person_takes_the_neighbouring_path_on_the_result_page(
    app, catalogue, client, make_user, login, api
):
    user = make_user()
    login(user)
    client.post("/familiarity/diagnostic", data=DOUBTS.answers)
    page = client.get("/familiarity/result")
    text = page_text(page)
    assert "Close to another path" in text
    assert re.search(r'<button type="submit" name="level" value="reluctant">', page.text)
    assert re.search(r'<button type="submit" name="level" value="objector"', page.text)

    response = client.post("/familiarity/result/choice", data={"level": "objector"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/familiarity/result")
    result = client.get("/familiarity/result")
    text = page_text(result)
    assert "Your level is now Objector." in text
    assert "Your level: Objector" in text
    assert (
        "You chose the Objector path; the questionnaire placed you at Reluctant, close to it."
        in text
    )
    assert "Close to another path" not in text
    history = text[text.index("History") :]
    assert history.index("Objector Chosen after a borderline result") < history.index(
        "Reluctant Questionnaire Borderline, close to Objector"
    )
    assert _level(api, user) == "objector"
    assert api(user).get("/api/v1/me/path").json["slug"] == "objector"
    assert _history(user) == [
        ("diagnostic", "reluctant", "objector"),
        ("chosen", "objector", "reluctant"),
    ]


def test_only_the_two_offered_levels_can_be_chosen(app, make_user, api):
    user = make_user(password=None)
    client = api(user)
    client.post(DIAGNOSTIC, json={"answers": DOUBTS.answers})

    response = client.post(CHOICE, json={"level": "native"})
    assert response.status_code == 422
    assert response.json["error"] == {
        "code": "not_offered",
        "message": "Choose Reluctant or Objector.",
    }
    unknown = client.post(CHOICE, json={"level": "expert"})
    assert unknown.status_code == 422
    assert _level(api, user) == "reluctant"
    assert _history(user) == [("diagnostic", "reluctant", "objector")]


def test_a_clear_result_offers_no_choice(app, client, make_user, login, api):
    user = make_user(level="native")
    response = api(user).post(CHOICE, json={"level": "native"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "nothing_to_choose"

    login(user)
    assert "Close to another path" not in page_text(client.get("/familiarity/result"))
    refused = client.post("/familiarity/result/choice", data={"level": "late_adopter"})
    assert refused.status_code == 302
    text = page_text(client.get("/familiarity/result"))
    assert "Your current level is not a borderline result: there is no path to choose." in text
    assert _level(api, user) == "native"
    assert _history(user) == [("diagnostic", "native", None)]


def test_an_hr_override_closes_the_choice(app, make_user, api):
    hr = make_user(roles=("hr",), password=None)
    user = make_user(password=None)
    api(user).post(DIAGNOSTIC, json={"answers": DOUBTS.answers})
    familiarity.override_level(hr, user, "late_adopter", "Posts for the team every week.")

    response = api(user).post(CHOICE, json={"level": "objector"})

    assert response.status_code == 409
    assert _level(api, user) == "late_adopter"


def test_a_retake_after_a_choice_offers_a_new_one(app, make_user, api):
    user = make_user(password=None)
    client = api(user)
    client.post(DIAGNOSTIC, json={"answers": DOUBTS.answers})
    client.post(CHOICE, json={"level": "objector"})
    retake = client.post(DIAGNOSTIC, json={"answers": persona("reacted-over-a-year-ago").answers})
    assert (retake.json["level"], retake.json["neighbouring_level"]) == (
        "reluctant",
        "late_adopter",
    )

    assert client.post(CHOICE, json={"level": "late_adopter"}).status_code == 200
    assert [source for source, _, _ in _history(user)] == [
        "diagnostic",
        "chosen",
        "retake",
        "chosen",
    ]


def test_hr_sees_which_results_were_borderline(app, client, make_user, login, api):
    hr = make_user(roles=("hr",))
    undecided = make_user(name="Una Decided", password=None)
    chose = make_user(name="Carl Chose", password=None)
    overridden = make_user(name="Olga Overridden", password=None)
    make_user(name="Clara Clear", level="native", password=None)
    for person in (undecided, chose, overridden):
        api(person).post(DIAGNOSTIC, json={"answers": DOUBTS.answers})
    api(chose).post(CHOICE, json={"level": "objector"})
    familiarity.override_level(hr, overridden, "reluctant", "Checked with her manager.")

    login(hr)
    rows = {
        visible(row).split(" ")[0]: visible(row)
        for row in re.findall(r"<tr>(.*?)</tr>", client.get("/hr/employees").text, flags=re.S)
    }
    assert "Reluctant Borderline, close to Objector" in rows["Una"]
    assert "Objector Borderline, close to Reluctant" in rows["Carl"]
    assert "Borderline" not in rows["Olga"]
    assert "Borderline" not in rows["Clara"]


def test_the_demo_answers_are_clear_results():
    for level, answers in ANSWERS_FOR_LEVEL.items():
        assert questionnaire.neighbour(questionnaire.score(answers)) is None, level
