"""The familiarity diagnostic: scoring, explanation, paths, retakes, HR overrides, history."""

import html
import re

import pytest
import sqlalchemy as sa

from learning.demo import ANSWERS_FOR_LEVEL
from learning.errors import Invalid
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity import services as familiarity
from learning.familiarity.models import LevelAssignment
from learning.levels import LEVELS

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


def scores(use, ease, adoption, attitude, awareness) -> dict[str, int]:
    return {
        "use": use,
        "ease": ease,
        "adoption": adoption,
        "attitude": attitude,
        "awareness": awareness,
    }


# Question order: personal-use, accounts, adoption, posting, profile-help, features, news,
# company-presence, colleagues-sharing, overall-view.
SCORING_TABLE = [
    # Rule 1: attitude <= -3 -> objector, whatever the rest.
    pytest.param("aaaaaaadcb", scores(7, 8, 3, -3, 3), 1, "objector", id="attitude=-3-objector"),
    pytest.param("aaaaaaaccb", scores(7, 8, 3, -2, 3), 4, "native", id="attitude=-2-not-objector"),
    pytest.param("cbccbbcddc", scores(2, 4, 1, -6, 3), 1, "objector", id="attitude-minimum"),
    pytest.param(
        "ddddddcdcb", scores(0, 0, 0, -3, 0), 1, "objector", id="objector-before-beginner"
    ),
    pytest.param("ddddddcccb", scores(0, 0, 0, -2, 0), 2, "beginner", id="attitude=-2-beginner"),
    # Rule 2: use == 0 and awareness <= 1 -> beginner.
    pytest.param("ddddddcbbb", scores(0, 0, 0, 2, 0), 2, "beginner", id="beginner"),
    pytest.param("dcddddcbbb", scores(0, 0, 0, 2, 1), 2, "beginner", id="awareness=1-beginner"),
    pytest.param("dcdddccbbb", scores(0, 0, 0, 2, 2), 3, "reluctant", id="awareness=2-reluctant"),
    pytest.param("cdddddcbbb", scores(1, 0, 0, 2, 0), 3, "reluctant", id="use=1-reluctant"),
    # Rule 3: use <= 2 -> reluctant, even at ease and early.
    pytest.param("bcaaaacaaa", scores(2, 8, 3, 5, 2), 3, "reluctant", id="use=2-reluctant"),
    pytest.param("dcdccccbbb", scores(0, 2, 0, 2, 2), 3, "reluctant", id="reluctant"),
    pytest.param("acaaaacaaa", scores(3, 8, 3, 5, 2), 4, "native", id="use=3-native"),
    # Rule 4: adoption >= 2 and ease >= 6 -> native.
    pytest.param("aaaaaaaaaa", scores(7, 8, 3, 5, 3), 4, "native", id="maximum-native"),
    pytest.param("aababbbaaa", scores(6, 6, 2, 5, 3), 4, "native", id="adoption=2-ease=6-native"),
    pytest.param("aababdbaaa", scores(6, 5, 2, 5, 2), 5, "late_adopter", id="ease=5-late"),
    pytest.param("aacaaaaaaa", scores(7, 8, 1, 5, 3), 5, "late_adopter", id="adoption=1-late"),
    # Rule 5: otherwise -> late_adopter.
    pytest.param("bbcbbbbbbb", scores(4, 5, 1, 2, 3), 5, "late_adopter", id="late-adopter"),
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
    assert body["explanation"] == str(questionnaire.RULES[rule - 1].description)
    assert api(user).get("/api/v1/me").json["level"] == level


def test_the_documented_score_ranges_are_the_reachable_ones():
    for name, (low, high) in questionnaire.SCORE_RANGES.items():
        values = [[c.points.get(name, 0) for c in q.choices] for q in questionnaire.QUESTIONS]
        assert sum(min(v) for v in values) == low, name
        assert sum(max(v) for v in values) == high, name


@pytest.mark.parametrize("level", LEVELS)
def test_the_demo_answers_lead_to_their_level(level):
    scored = questionnaire.score(ANSWERS_FOR_LEVEL[level])
    assert questionnaire.decide(scored).level == level


def test_scoring_is_deterministic(app, make_user, api):
    given = answers("aababbbaaa")
    results = []
    for order in (given, dict(reversed(list(given.items())))):
        for _ in range(2):
            response = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": order})
            assert response.status_code == 200
            results.append(response.json)
    assert all(result == results[0] for result in results)
    assert results[0]["level"] == "native"


def test_the_result_page_explains_the_scores_and_the_rule(app, client, make_user, login):
    user = make_user()
    login(user)
    response = client.post("/familiarity/diagnostic", data=answers("aaaaaaadcb"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/familiarity/result")

    page = client.get("/familiarity/result")
    assert page.status_code == 200
    text = page_text(page)
    assert "Your level: Objector" in text
    assert str(questionnaire.RULES[0].description) in text
    for name, value in scores(7, 8, 3, -3, 3).items():
        low, high = questionnaire.SCORE_RANGES[name]
        assert re.search(rf"\b{name}\)? {value} {low} … {high}", text), name
    matched = re.findall(r'<li class="matched"[^>]*>(.*?)</li>', page.text, flags=re.S)
    assert len(matched) == 1
    assert "attitude <= -3" in html.unescape(matched[0])
    assert "(your rule)" in html.unescape(matched[0])
    # Every rule is listed, so the learner sees why the others did not apply.
    for rule in questionnaire.RULES:
        assert rule.condition in text


def test_the_result_page_names_the_rule_for_a_late_adopter(app, client, make_user, login):
    login(make_user())
    client.post("/familiarity/diagnostic", data=answers("bbcbbbbbbb"))
    page = client.get("/familiarity/result")
    matched = re.findall(r'<li class="matched"[^>]*>(.*?)</li>', page.text, flags=re.S)
    assert len(matched) == 1
    assert "otherwise" in matched[0]
    assert "Your level: Late adopter" in page_text(page)


def test_the_form_refuses_an_unanswered_question(app, client, make_user, login):
    user = make_user()
    login(user)
    incomplete = answers("aaaaaaaaaa")
    del incomplete["news"]
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
    complete = answers("aaaaaaaaaa")
    missing = dict(complete)
    del missing["news"]
    return [
        pytest.param(missing, "question news has no answer", id="missing-answer"),
        pytest.param({}, "question personal-use has no answer", id="no-answers"),
        pytest.param(
            {**complete, "news": "d"}, "question news has no choice d", id="unknown-choice"
        ),
        pytest.param({**complete, "news": ""}, "question news has no answer", id="empty-choice"),
        pytest.param({**complete, "news": 1}, "question news has no choice 1", id="number-choice"),
        pytest.param({**complete, "news": ["a"]}, "question news", id="list-choice"),
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
    response = client.post(DIAGNOSTIC, json={"answers": {"personal-use": "a"}})
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
