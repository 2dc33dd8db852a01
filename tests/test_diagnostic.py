"""The familiarity diagnostic: scoring, explanation, paths, retakes, HR overrides, history."""

import html
import re

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.demo import ANSWERS_FOR_LEVEL
from learning.errors import Invalid
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from learning.levels import LEVELS
from learning.transaction import unit_of_work

QUESTION_IDS = [question.id for question in questionnaire.QUESTIONS]
DIAGNOSTIC = "/api/v1/diagnostic"


def answers(letters: str) -> dict[str, str]:
    """One letter per question, in the questionnaire's order: "abca..." -> {id: choice}."""
    assert len(letters) == len(QUESTION_IDS)
    return dict(zip(QUESTION_IDS, letters, strict=True))


def page_text(response) -> str:
    """The visible text of a page, tags removed, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def scores(*values: int) -> dict[str, int]:
    """presence, elsewhere, reading, posting, skill, opposition, unease."""
    return dict(zip(questionnaire.SCORES, values, strict=True))


# Question order: accounts, other-accounts, reading, activity, last-post, profile-help,
# features, audience, company-presence, colleagues-sharing, own-use, overall-view.
SCORING_TABLE = [
    pytest.param("aaaaaaaaaaaa", scores(2, 2, 3, 5, 6, 0, 0), 4, "native", id="maximum-native"),
    pytest.param("cdddeddcbbbb", scores(0, 0, 0, 0, 0, 0, 0), 2, "beginner", id="minimum"),
    pytest.param("aaaaaaaadddc", scores(2, 2, 3, 5, 6, 4, 3), 1, "objector", id="max-objector"),
    pytest.param("adacecbbbbbb", scores(2, 0, 3, 0, 2, 0, 0), 3, "reluctant", id="reads-only"),
    pytest.param("adbbbbbbbbbb", scores(2, 0, 2, 3, 3, 0, 0), 5, "late_adopter", id="late"),
    pytest.param("ccddecccabbb", scores(0, 0, 0, 0, 0, 0, 0), 2, "beginner", id="messaging"),
    pytest.param(
        "caaaaaaabbab", scores(0, 2, 3, 5, 6, 0, 0), 5, "late_adopter", id="other-networks"
    ),
    pytest.param("adbbbbbbeeed", scores(2, 0, 2, 3, 3, 0, 0), 5, "late_adopter", id="no-opinion"),
    pytest.param("bddddaaabbdc", scores(1, 0, 0, 0, 6, 0, 3), 3, "reluctant", id="unease-only"),
]


@pytest.mark.parametrize(("letters", "expected_scores", "rule", "level"), SCORING_TABLE)
def test_scoring_table(app, make_user, api, letters, expected_scores, rule, level):
    user = make_user(password=None)
    response = api(user).post(DIAGNOSTIC, json={"answers": answers(letters)})
    assert response.status_code == 200
    body = response.json
    assert body["scores"] == expected_scores
    assert body["level"] == level
    assert questionnaire.RULES[rule - 1].level == level
    assert body["explanation"].startswith(str(questionnaire.RULES[rule - 1].description))
    assert (body["borderline"], body["neighbouring_level"]) == (False, None)
    assert api(user).get("/api/v1/me").json["level"] == level


def test_the_documented_score_ranges_are_the_reachable_ones():
    for name, (low, high) in questionnaire.SCORE_RANGES.items():
        values = [[c.points for c in q.choices] for q in questionnaire.QUESTIONS if q.score == name]
        assert sum(min(v) for v in values) == low, name
        assert sum(max(v) for v in values) == high, name


@pytest.mark.parametrize("level", LEVELS)
def test_the_demo_answers_lead_to_their_level(level):
    scored = questionnaire.score(ANSWERS_FOR_LEVEL[level])
    assert questionnaire.decide(scored).level == level


def test_scoring_is_deterministic(app, make_user, api):
    given = answers("adbabaabaaaa")
    results = []
    for order in (given, dict(reversed(list(given.items())))):
        for _ in range(2):
            response = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": order})
            assert response.status_code == 200
            results.append(response.json)
    assert all(result == results[0] for result in results)
    assert (results[0]["level"], results[0]["neighbouring_level"]) == ("native", "late_adopter")


# Objector, clearly: opposition 3 and unease 3.
OBJECTING = answers("cddddcaadcdc")


def _before_the_rules(page) -> str:
    return page_text(page).split("Your scores and the rules")[0]


def test_the_result_page_explains_the_level_in_sentences(app, client, make_user, login):
    login(make_user())
    # Against the company's presence, rather colleagues did not share, keeps away from social
    # media and finds it harmful.
    response = client.post("/familiarity/diagnostic", data=OBJECTING)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/familiarity/result")

    page = client.get("/familiarity/result")
    assert page.status_code == 200
    explained = _before_the_rules(page)
    assert "Your level: Objector" in explained
    assert (
        f"{questionnaire.RULES[0].description} "
        "You are against the company being present on social networks. "
        "You would rather colleagues did not share company news on their own accounts. "
        "You keep away from social networks as much as you can. "
        "You find social networks mostly harmful."
    ) in explained
    # No rule code in the explanation itself: the rules wait behind a disclosure.
    assert not any(rule.condition in explained for rule in questionnaire.RULES)
    assert "borderline" not in explained


def test_the_scores_and_rules_are_behind_a_disclosure(app, client, make_user, login):
    login(make_user())
    client.post("/familiarity/diagnostic", data=OBJECTING)
    page = client.get("/familiarity/result")
    details = re.findall(r"<details>(.*?)</details>", page.text, flags=re.S)
    assert len(details) == 1
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", details[0])).split())
    for name, value in scores(0, 0, 0, 0, 4, 3, 3).items():
        low, high = questionnaire.SCORE_RANGES[name]
        assert re.search(rf"\b{name}\)? {value} {low} … {high}", text), name
    # Every rule is listed, so the learner sees why the others did not apply.
    for rule in questionnaire.RULES:
        assert rule.condition in text
    matched = re.findall(r'<li class="matched"[^>]*>(.*?)</li>', details[0], flags=re.S)
    assert len(matched) == 1
    assert "opposition >= 3, or opposition >= 2 and unease >= 2" in html.unescape(matched[0])


def test_the_result_page_names_the_rule_for_a_late_adopter(app, client, make_user, login):
    login(make_user())
    client.post("/familiarity/diagnostic", data=ANSWERS_FOR_LEVEL["late_adopter"])
    page = client.get("/familiarity/result")
    matched = re.findall(r'<li class="matched"[^>]*>(.*?)</li>', page.text, flags=re.S)
    assert len(matched) == 1
    assert "otherwise" in matched[0]
    explained = _before_the_rules(page)
    assert "Your level: Late adopter" in explained
    assert (
        "You have an account on LinkedIn, X, Facebook or Instagram, which the company uses. "
        "You open social networks a few times a week. "
        "You comment on and share other people's posts. You last posted this month."
    ) in explained


def test_the_form_refuses_an_unanswered_question(app, client, make_user, login):
    user = make_user()
    login(user)
    incomplete = answers("aaaaaaaaaaaa")
    del incomplete["audience"]
    page = client.post("/familiarity/diagnostic", data=incomplete)
    assert page.status_code == 200
    assert "Choose one answer." in page_text(page)
    assert db.session.execute(sa.select(sa.func.count(LevelAssignment.id))).scalar() == 0
    assert client.get("/familiarity/result").status_code == 302


@pytest.mark.parametrize("level", LEVELS)
def test_the_diagnostic_assigns_the_path_of_the_level(app, catalogue, make_user, api, level):
    client = api(make_user(password=None))
    response = client.post(DIAGNOSTIC, json={"answers": ANSWERS_FOR_LEVEL[level]})
    assert response.status_code == 200
    level_course = level.replace("_", "-") + "-course"
    assert response.json["level"] == level
    assert response.json["path"] == {"slug": level, "courses": ["core-conduct", level_course]}

    path = client.get("/api/v1/me/path").json
    assert path["level"] == level
    assert path["slug"] == level
    assert [course["slug"] for course in path["courses"]] == ["core-conduct", level_course]


def test_a_retake_is_recorded_as_a_retake(app, client, make_user, login, api):
    user = make_user()
    first = api(user).post(DIAGNOSTIC, json={"answers": ANSWERS_FOR_LEVEL["native"]})
    second = api(user).post(DIAGNOSTIC, json={"answers": ANSWERS_FOR_LEVEL["beginner"]})
    assert (first.json["level"], second.json["level"]) == ("native", "beginner")
    sources = db.session.execute(
        sa.select(LevelAssignment.source, LevelAssignment.level)
        .where(LevelAssignment.user_id == user.id)
        .order_by(LevelAssignment.id)
    ).all()
    assert [tuple(row) for row in sources] == [("diagnostic", "native"), ("retake", "beginner")]

    login(user)
    text = page_text(client.get("/familiarity/result"))
    assert "Your level: Beginner" in text
    # Newest first: the retake, then the first questionnaire.
    assert text.index("Beginner Questionnaire retaken") < text.index("Native Questionnaire")


def _assignments(user) -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(LevelAssignment.source, LevelAssignment.level, LevelAssignment.reason)
            .where(LevelAssignment.user_id == user.id)
            .order_by(LevelAssignment.id)
        )
    ]


def test_hr_overrides_a_level_with_a_reason(app, client, make_user, login, api):
    hr = make_user(roles=("hr",), name="Hana Rossi")
    employee = make_user(name="Sam Newcomer", level="native", password=None)
    login(hr)
    url = f"/hr/employees/{employee.id}/level"
    form = client.get(url)
    assert form.status_code == 200
    assert "Set the level of Sam Newcomer" in page_text(form)

    reason = "Has never posted anything; asked for the basics."
    response = client.post(url, data={"level": "beginner", "reason": reason})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/hr/employees")
    assert "Sam Newcomer's level is now Beginner." in page_text(client.get("/hr/employees"))

    assert api(employee).get("/api/v1/me").json["level"] == "beginner"
    assert _assignments(employee) == [
        ("diagnostic", "native", None),
        ("override", "beginner", reason),
    ]
    history = page_text(client.get(url))
    assert "Set by Hana Rossi" in history
    assert reason in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "beginner", "reason": ""}, "This field is required."),
        ({"level": "beginner", "reason": "   \n "}, "This field is required."),
        ({"level": "beginner"}, "This field is required."),
        ({"level": "expert", "reason": "Knows everything."}, "Not a valid choice."),
        ({"level": "", "reason": "No level given."}, "This field is required."),
    ],
    ids=["empty-reason", "blank-reason", "no-reason", "unknown-level", "no-level"],
)
def test_an_override_needs_a_known_level_and_a_reason(
    app, client, make_user, login, api, data, message
):
    hr = make_user(roles=("hr",))
    employee = make_user(level="native", password=None)
    login(hr)
    response = client.post(f"/hr/employees/{employee.id}/level", data=data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert api(employee).get("/api/v1/me").json["level"] == "native"
    assert _assignments(employee) == [("diagnostic", "native", None)]


@pytest.mark.parametrize(
    ("level", "reason", "code"),
    [("expert", "A reason.", "unknown_level"), ("beginner", "  ", "reason_required")],
)
def test_the_override_service_refuses_without_writing(app, make_user, level, reason, code):
    hr = make_user(roles=("hr",), password=None)
    employee = make_user(level="native", password=None)
    with pytest.raises(Invalid) as refused:
        familiarity.override_level(hr, employee, level, reason)
    assert refused.value.code == code
    db.session.rollback()
    assert _assignments(employee) == [("diagnostic", "native", None)]


def test_an_employee_cannot_override_a_level(app, client, make_user, login, api):
    other = make_user(level="native", password=None)
    login(make_user())
    url = f"/hr/employees/{other.id}/level"
    assert client.get(url).status_code == 403
    response = client.post(url, data={"level": "beginner", "reason": "Because."})
    assert response.status_code == 403
    assert api(other).get("/api/v1/me").json["level"] == "native"


def test_the_history_shows_diagnostic_retake_and_override(app, client, make_user, login, api):
    hr = make_user(roles=("hr",), name="Hana Rossi")
    employee = make_user(name="Sam Newcomer")
    api(employee).post(DIAGNOSTIC, json={"answers": ANSWERS_FOR_LEVEL["late_adopter"]})
    api(employee).post(DIAGNOSTIC, json={"answers": ANSWERS_FOR_LEVEL["reluctant"]})
    familiarity.override_level(hr, employee, "objector", "Said so in the interview.")

    login(employee)
    text = page_text(client.get("/familiarity/result"))
    assert "Your level: Objector" in text
    assert "HR set your level to Objector: Said so in the interview." in text
    history = text[text.index("History") :]
    # Newest first: override, retake, first diagnostic.
    positions = [
        history.index("Objector Set by Hana Rossi Said so in the interview."),
        history.index("Reluctant Questionnaire retaken"),
        history.index("Late adopter Questionnaire"),
    ]
    assert positions == sorted(positions)
    assert _assignments(employee) == [
        ("diagnostic", "late_adopter", None),
        ("retake", "reluctant", None),
        ("override", "objector", "Said so in the interview."),
    ]


def _invalid_bodies():
    complete = answers("aaaaaaaaaaaa")
    missing = dict(complete)
    del missing["audience"]
    return [
        pytest.param(missing, "question audience has no answer", id="missing-answer"),
        pytest.param({}, "question accounts has no answer", id="no-answers"),
        pytest.param(
            {**complete, "audience": "d"}, "question audience has no choice d", id="unknown-choice"
        ),
        pytest.param(
            {**complete, "audience": ""}, "question audience has no answer", id="empty-choice"
        ),
        pytest.param(
            {**complete, "audience": 1}, "question audience has no choice 1", id="number-choice"
        ),
        pytest.param({**complete, "audience": ["a"]}, "question audience", id="list-choice"),
        pytest.param({**complete, "shoe-size": "a"}, "there is no question shoe-size", id="extra"),
    ]


@pytest.mark.parametrize(("given", "message"), _invalid_bodies())
def test_invalid_answers_are_refused_and_nothing_is_written(app, make_user, api, given, message):
    user = make_user(password=None)
    client = api(user)
    response = client.post(DIAGNOSTIC, json={"answers": given})
    assert response.status_code == 422
    assert set(response.json) == {"error"}
    assert response.json["error"]["code"] in {"invalid_answers", "validation_error"}
    assert message in response.json["error"]["message"]
    assert client.get("/api/v1/me").json["level"] is None
    assert db.session.execute(sa.select(sa.func.count(LevelAssignment.id))).scalar() == 0


def test_an_invalid_retake_keeps_the_level_and_history(app, make_user, api):
    user = make_user(level="native", password=None)
    client = api(user)
    response = client.post(DIAGNOSTIC, json={"answers": {"accounts": "a"}})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_answers"
    assert client.get("/api/v1/me").json["level"] == "native"
    assert _assignments(user) == [("diagnostic", "native", None)]


def test_the_questions_are_served_with_their_choices(app, make_user, api):
    response = api(make_user(password=None)).get(DIAGNOSTIC)
    assert response.status_code == 200
    questions = response.json["questions"]
    assert [q["id"] for q in questions] == QUESTION_IDS
    for question in questions:
        assert question["text"]
        assert len(question["choices"]) >= 2
        assert all(set(choice) == {"id", "text"} for choice in question["choices"])


def test_a_result_of_the_earlier_questionnaire_still_shows(app, client, make_user, login):
    """Its answers were to other questions: the level stands, and a retake explains it."""
    user = make_user()
    with unit_of_work():
        db.session.add(
            LevelAssignment(
                user_id=user.id,
                level="late_adopter",
                source="diagnostic",
                answers={"personal-use": "b", "news": "b"},
                scores={
                    "use": 4,
                    "ease": 5,
                    "adoption": 1,
                    "attitude": 2,
                    "awareness": 3,
                    "rule": 5,
                },
            )
        )
        db.session.get(User, user.id).level = "late_adopter"
    login(user)
    page = client.get("/familiarity/result")
    assert page.status_code == 200
    text = page_text(page)
    assert "Your level: Late adopter" in text
    assert "Your level comes from an earlier version of the questionnaire" in text
    assert "Your scores and the rules" not in text
