"""Ids are 64-bit on both engines: any id a URL can carry is looked up, never a 500."""

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from learning.courses.models import Lesson, LessonTranslation, QuizQuestion
from learning.extensions import db
from learning.progress.models import QuizAttempt
from tests.test_api_contract import assert_error
from tests.test_progress import course_json, quiz_answers

BEYOND_32_BITS = 2**31
LARGEST = 2**63 - 1


def move_ids_beyond_32_bits(model, *referring) -> None:
    """Give every row of `model` an id beyond 32 bits; `referring` rows that point at them
    are deleted first, as they would block the move."""
    for other in referring:
        db.session.execute(sa.delete(other))
    db.session.execute(sa.update(model).values(id=model.id + BEYOND_32_BITS))
    db.session.commit()


@pytest.mark.parametrize("lesson_id", [BEYOND_32_BITS, LARGEST])
def test_an_unknown_lesson_beyond_32_bits_is_a_404(app, catalogue, make_user, api, lesson_id):
    client = api(make_user(password=None))
    assert_error(client.post(f"/api/v1/lessons/{lesson_id}/complete"), 404, "lesson_not_found")


@pytest.mark.parametrize("attempt_id", [BEYOND_32_BITS, LARGEST])
def test_an_unknown_attempt_beyond_32_bits_is_a_404_page(
    app, catalogue, make_user, login, client, attempt_id
):
    login(make_user())
    assert client.get(f"/courses/core-conduct/quiz/attempts/{attempt_id}").status_code == 404


def test_a_lesson_with_a_64_bit_id_is_completed(app, catalogue, make_user, api):
    # Questions name the lesson that teaches them: unlinked, so that lessons can move.
    db.session.execute(sa.update(QuizQuestion).values(lesson_id=None))
    move_ids_beyond_32_bits(Lesson, LessonTranslation)
    client = api(make_user(level="native", password=None))
    lesson_id = course_json(client, "core-conduct")["lessons"][0]["id"]
    assert lesson_id > BEYOND_32_BITS

    response = client.post(f"/api/v1/lessons/{lesson_id}/complete")
    assert response.status_code == 200
    assert response.json["lesson_id"] == lesson_id
    assert course_json(client, "core-conduct")["lessons"][0]["completed"] is True


def test_a_quiz_attempt_with_a_64_bit_id_has_its_page(
    app, catalogue, make_user, api, login, client
):
    learner = make_user(level="native")
    answers = quiz_answers(course_json(api(learner), "core-conduct"))
    attempted = api(learner).post(
        "/api/v1/courses/core-conduct/quiz-attempts", json={"answers": answers}
    )
    assert attempted.status_code == 201
    move_ids_beyond_32_bits(QuizAttempt)

    login(learner)
    page = client.get(
        f"/courses/core-conduct/quiz/attempts/{attempted.json['id'] + BEYOND_32_BITS}"
    )
    assert page.status_code == 200
    assert f"Passed: {attempted.json['score']}%" in page.get_data(as_text=True)


def test_every_id_and_every_column_referring_to_one_is_64_bit_on_postgresql():
    narrow = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if (column.foreign_keys or column.name == "id")
        and column.type.compile(dialect=postgresql.dialect()) != "BIGINT"
    ]
    assert narrow == []


def test_an_id_written_in_other_digits_is_no_address(app, catalogue, make_user, api):
    """'١٢' is 12 to int(), but it is not how anyone writes an id in a URL."""
    client = api(make_user(password=None))
    assert client.post("/api/v1/lessons/١٢/complete").status_code == 404
