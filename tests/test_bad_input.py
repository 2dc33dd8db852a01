"""Hostile or odd input: each is a clear 4xx, in the API's error shape under /api/, that
changes nothing, and an error message never repeats more than a few short pieces of it."""

import json
import re

import pytest
import sqlalchemy as sa

from learning.auth.models import LoginSession
from learning.demo import ANSWERS_FOR_LEVEL
from learning.errors import ECHO_CHARACTERS, JSON_MAX_DEPTH, MESSAGE_ITEMS
from learning.extensions import db
from learning.familiarity.models import LevelAssignment
from learning.progress.models import QuizAttempt
from tests.conftest import PASSWORD
from tests.test_api_contract import assert_error
from tests.test_progress import course_json, quiz_answers

DIAGNOSTIC = "/api/v1/diagnostic"
QUIZ = "/api/v1/courses/core-conduct/quiz-attempts"
ENDPOINTS = [DIAGNOSTIC, QUIZ]
# Arabic-Indic digits: str.isdigit accepts them, and int() reads "١٢" as 12.
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def nothing_written() -> bool:
    db.session.expire_all()
    counts = [
        db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()
        for model in (LevelAssignment, QuizAttempt)
    ]
    return counts == [0, 0]


def valid_answers(api_client, url: str) -> dict:
    if url == DIAGNOSTIC:
        return dict(ANSWERS_FOR_LEVEL["native"])
    return quiz_answers(course_json(api_client, "core-conduct"))


@pytest.fixture
def api_client(app, catalogue, make_user, api):
    """An API client for a person without a level, who has taken no quiz."""
    return api(make_user(password=None))


def post_json(api_client, url: str, text: str):
    return api_client.client.post(
        url, headers=api_client.headers, data=text, content_type="application/json"
    )


# Unicode digits


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_unicode_digit_as_a_question_id_is_refused(api_client, url):
    answers = valid_answers(api_client, url) | {"²": 1}
    response = api_client.post(url, json={"answers": answers})
    assert_error(response, 422, "invalid_answers")
    expected = {DIAGNOSTIC: "there is no question ².", QUIZ: "question ² is not in this quiz."}
    assert response.json["error"]["message"] == expected[url]
    assert nothing_written()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_unicode_digit_as_a_choice_id_is_refused(api_client, url):
    answers = valid_answers(api_client, url)
    first = next(iter(answers))
    answers[first] = "²"
    response = api_client.post(url, json={"answers": answers})
    assert_error(response, 422, "invalid_answers")
    assert "has no choice ²" in response.json["error"]["message"]
    assert nothing_written()


def test_ids_written_in_another_scripts_digits_are_not_read_as_ids(api_client):
    """'١٢' is 12 to int(): as an id it would name question 12 without saying so."""
    answers = valid_answers(api_client, QUIZ)
    foreign = {
        question.translate(ARABIC_INDIC): str(choice).translate(ARABIC_INDIC)
        for question, choice in answers.items()
    }
    response = api_client.post(QUIZ, json={"answers": foreign})
    assert_error(response, 422, "invalid_answers")
    assert "is not in this quiz" in response.json["error"]["message"]
    assert nothing_written()

    spaced = {f" {question} ": choice for question, choice in answers.items()}
    assert_error(api_client.post(QUIZ, json={"answers": spaced}), 422, "invalid_answers")
    assert api_client.post(QUIZ, json={"answers": answers}).status_code == 201


# JSON that would exhaust the parser


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("lists", [50_000, JSON_MAX_DEPTH], ids=["50000-deep", "just-too-deep"])
def test_json_nested_too_deep_is_a_400(api_client, url, lists):
    body = '{"answers": ' + "[" * lists + "]" * lists + "}"  # the object, then the lists
    response = post_json(api_client, url, body)
    assert_error(response, 400, "invalid_json")
    assert response.json["error"]["message"] == (
        f"The JSON body is nested more than {JSON_MAX_DEPTH} levels deep."
    )
    assert nothing_written()


def test_json_nested_up_to_the_limit_is_read(api_client):
    depth = JSON_MAX_DEPTH - 2  # the body's object, "answers", then the lists
    body = '{"answers": {"1": ' + "[" * depth + "]" * depth + "}}"
    assert_error(post_json(api_client, QUIZ, body), 422, "invalid_answers")


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9" * 5000, "A number in the JSON body is longer than 100 characters."),
        ("1" + "0" * 100, "A number in the JSON body is longer than 100 characters."),
        ("1e999", "A number in the JSON body is too large."),
        ("NaN", "NaN is not a JSON value."),
        ("-Infinity", "-Infinity is not a JSON value."),
    ],
    ids=["5000-digits", "101-digits", "overflowing-float", "nan", "infinity"],
)
def test_a_number_out_of_reach_is_a_400(api_client, url, number, message):
    response = post_json(api_client, url, '{"answers": {"1": ' + number + "}}")
    assert_error(response, 400, "invalid_json")
    assert response.json["error"]["message"] == message
    assert nothing_written()


def test_malformed_json_says_where(api_client):
    response = post_json(api_client, DIAGNOSTIC, '{"answers": {"a": 1,}}')
    assert_error(response, 400, "invalid_json")
    assert "(character 20)" in response.json["error"]["message"]


def test_a_page_refuses_unreadable_json_with_a_page(app, client, make_user, login):
    login(make_user())
    response = client.post(
        "/familiarity/diagnostic", data="[" * 50_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "text/html" in response.content_type
    assert "nested more than" in response.get_data(as_text=True)


def test_unicode_digits_in_page_forms_are_refused_in_place(
    app, catalogue, client, make_user, login, api
):
    """The quiz and the diagnostic forms: a choice they do not offer is an error shown on
    the form again, and nothing is written."""
    user = make_user()
    course = course_json(api(user), "core-conduct")
    login(user)
    quiz = {f"q{question}": "²" for question in quiz_answers(course)}
    diagnostic = dict.fromkeys(ANSWERS_FOR_LEVEL["native"], "²")
    for url, data in (
        ("/courses/core-conduct/quiz", quiz),
        ("/familiarity/diagnostic", diagnostic),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 200, url
        assert "Not a valid choice." in response.get_data(as_text=True), url
    assert nothing_written()


# NUL characters in headers


def test_a_nul_character_in_the_user_agent_at_sign_in_is_refused(client, make_user):
    # PostgreSQL refuses NUL in text: storing the sign-in's User-Agent was a 500 there.
    user = make_user()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"User-Agent": "Mozilla/5.0\x00"},
    )
    assert response.status_code == 400
    assert "A NUL character is not allowed in any text." in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(LoginSession)).scalar() == 0
    assert client.get("/progress/").status_code == 302


def test_a_nul_character_in_any_header_is_refused_by_the_api(api_client):
    headers = {**api_client.headers, "X-Request-Note": "a\x00b"}
    response = api_client.client.get("/api/v1/me", headers=headers)
    assert_error(response, 400, "bad_request")


def test_a_nul_character_in_a_repeated_query_parameter_is_refused(client, make_user, login):
    login(make_user(roles=("hr",)))
    assert client.get("/hr/employees?q=fine&q=%00").status_code == 400


# What an error repeats


MANY = 20_000
# Ten problems of at most ECHO_CHARACTERS each, their wording, and the JSON around them.
SMALL = 2_000


def long_keys(count: int) -> dict[str, int]:
    return {f"{number:06d}-" + "x" * 50: 1 for number in range(count)}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_many_unknown_answers_get_a_short_message(api_client, url):
    answers = valid_answers(api_client, url) | long_keys(MANY)
    body = json.dumps({"answers": answers})
    assert len(body) > 1_000_000  # and each key used to be repeated, 40 characters of it
    response = post_json(api_client, url, body)
    assert_error(response, 422, "invalid_answers")
    assert len(response.get_data()) < SMALL
    message = response.json["error"]["message"]
    assert message.endswith(f"and {MANY - MESSAGE_ITEMS} more problems.")
    assert "x" * ECHO_CHARACTERS not in message
    assert nothing_written()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_many_unknown_fields_get_a_short_message(api_client, url):
    body = json.dumps({"answers": {}} | long_keys(MANY))
    response = post_json(api_client, url, body)
    assert_error(response, 422, "validation_error")
    assert len(response.get_data()) < SMALL
    message = response.json["error"]["message"]
    named = re.findall(r"\d{6}-x+…: Unknown field\.", message)
    assert len(named) == MESSAGE_ITEMS
    assert all(len(item) == ECHO_CHARACTERS + len(": Unknown field.") for item in named)
    assert message.endswith(f"; and {MANY - MESSAGE_ITEMS} more problems")
    assert nothing_written()


def test_a_few_problems_are_all_named(api_client):
    response = api_client.post(DIAGNOSTIC, json={"answers": {}, "more": 1})
    assert_error(response, 422, "validation_error")
    assert response.json["error"]["message"] == "Invalid request: more: Unknown field."
