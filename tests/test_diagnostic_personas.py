"""The questionnaire places people as a trainer would, and each rule holds on its own.

The personas are in `tests/personas.py`: one line about each person, their answers, the
level a trainer gives them and why.
"""

import pytest

from learning.familiarity import questionnaire
from learning.familiarity.questionnaire import Neighbour
from learning.levels import LEVELS
from tests.personas import PERSONAS

DIAGNOSTIC = "/api/v1/diagnostic"

# Levels whose people a trainer could hesitate between.
NEIGHBOURING_LEVELS = [
    ("native", "late_adopter"),
    ("late_adopter", "reluctant"),
    ("reluctant", "beginner"),
    ("reluctant", "objector"),
    ("late_adopter", "objector"),
    ("native", "objector"),
    ("beginner", "objector"),
]


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_each_persona_gets_the_level_a_trainer_gives(app, make_user, api, persona):
    response = api(make_user(password=None)).post(DIAGNOSTIC, json={"answers": persona.answers})
    assert response.status_code == 200
    body = response.json
    assert body["level"] == persona.level, persona.why
    assert body["neighbouring_level"] == persona.neighbour, persona.why
    assert body["borderline"] is (persona.neighbour is not None)


def test_the_personas_stand_on_both_sides_of_every_boundary():
    assert len(PERSONAS) >= 15
    sides = {(persona.level, persona.other_side) for persona in PERSONAS}
    for one, other in NEIGHBOURING_LEVELS:
        assert (one, other) in sides, f"no {one} near {other}"
        assert (other, one) in sides, f"no {other} near {one}"
    assert {persona.level for persona in PERSONAS} == set(LEVELS)


def test_the_personas_answer_every_question():
    ids = {question.id for question in questionnaire.QUESTIONS}
    for persona in PERSONAS:
        assert set(persona.answers) == ids, persona.name
        assert persona.who and persona.why


def scores(presence=1, reading=2, posting=3, skill=3, reservations=0) -> dict[str, int]:
    """A late adopter's scores, clear of every threshold, with the named ones changed."""
    return {
        "presence": presence,
        "reading": reading,
        "posting": posting,
        "skill": skill,
        "reservations": reservations,
    }


OBJECTOR, BEGINNER, RELUCTANT, NATIVE, LATE_ADOPTER = questionnaire.RULES


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(reservations=3), True),
        (scores(reservations=8), True),
        (scores(reservations=2), False),
        # Whatever the person's own use: none at all, or the most.
        (scores(0, 0, 0, 0, reservations=3), True),
        (scores(2, 3, 5, 6, reservations=3), True),
        (scores(2, 3, 5, 6, reservations=2), False),
    ],
)
def test_the_objector_rule(given, matches):
    assert OBJECTOR.level == "objector"
    assert OBJECTOR.matches(given) is matches


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(presence=0), True),
        (scores(presence=0, reading=3, posting=5, skill=6), True),
        (scores(presence=1, reading=0, posting=0, skill=0), False),
        (scores(presence=2), False),
    ],
)
def test_the_beginner_rule(given, matches):
    assert BEGINNER.level == "beginner"
    assert BEGINNER.matches(given) is matches


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(posting=0), True),
        (scores(posting=1), True),
        (scores(posting=2), False),
        # Reading every day is not posting.
        (scores(reading=3, posting=0, skill=6), True),
    ],
)
def test_the_reluctant_rule(given, matches):
    assert RELUCTANT.level == "reluctant"
    assert RELUCTANT.matches(given) is matches


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(reading=2, posting=4, skill=5), True),
        (scores(reading=3, posting=5, skill=6), True),
        (scores(reading=1, posting=5, skill=6), False),
        (scores(reading=3, posting=3, skill=6), False),
        (scores(reading=3, posting=5, skill=4), False),
    ],
)
def test_the_native_rule(given, matches):
    assert NATIVE.level == "native"
    assert NATIVE.matches(given) is matches


@pytest.mark.parametrize("given", [scores(), scores(0, 0, 0, 0, 8), scores(2, 3, 5, 6, 0)])
def test_the_late_adopter_rule_takes_everyone_left(given):
    assert LATE_ADOPTER.level == "late_adopter"
    assert LATE_ADOPTER.condition == "otherwise"
    assert LATE_ADOPTER.matches(given)


def test_the_rules_are_tried_in_order():
    assert [rule.number for rule in questionnaire.RULES] == [1, 2, 3, 4, 5]
    # Both objector and beginner: the objection comes first.
    assert questionnaire.decide(scores(presence=0, reservations=3)).level == "objector"
    # Without an account, no posting makes a reluctant person.
    assert questionnaire.decide(scores(presence=0, posting=0)).level == "beginner"


@pytest.mark.parametrize(
    ("given", "neighbour"),
    [
        (scores(), None),
        (scores(presence=0), None),  # having an account is a fact, not a degree
        (scores(reservations=2), Neighbour("objector", "reservations", 1)),
        (scores(reservations=3), Neighbour("late_adopter", "reservations", -1)),
        (scores(posting=2), Neighbour("reluctant", "posting", -1)),
        (scores(posting=1), Neighbour("late_adopter", "posting", 1)),
        (scores(reading=3, posting=5, skill=4), Neighbour("native", "skill", 1)),
        (scores(reading=3, posting=5, skill=5), Neighbour("late_adopter", "skill", -1)),
        (scores(reading=3, posting=5, skill=6), None),
        # Two neighbours: the level whose rule comes first.
        (scores(2, 3, 5, 5, reservations=2), Neighbour("objector", "reservations", 1)),
    ],
)
def test_a_result_one_point_from_another_level_is_borderline(given, neighbour):
    assert questionnaire.neighbour(given) == neighbour
