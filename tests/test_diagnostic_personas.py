"""The questionnaire places people as a trainer would, and each rule holds on its own.

The personas are in `tests/personas.py`: one line about each person, their answers, the
level a trainer gives them and why.
"""

import itertools

import pytest
import sqlalchemy as sa

from learning.auth.models import User
from learning.extensions import db
from learning.familiarity import questionnaire
from learning.familiarity.questionnaire import Neighbour
from learning.levels import LEVELS
from tests.personas import NEUTRAL, NO_OPINION, PERSONAS
from tests.personas import persona as named

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


def _active(user) -> bool:
    return db.session.execute(
        sa.select(User.active_on_networks).where(User.id == user.id)
    ).scalar_one()


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_each_persona_gets_the_level_a_trainer_gives(app, make_user, api, persona):
    user = make_user(password=None)
    response = api(user).post(DIAGNOSTIC, json={"answers": persona.answers})
    assert response.status_code == 200
    body = response.json
    assert body["level"] == persona.level, persona.why
    assert body["neighbouring_level"] == persona.neighbour, persona.why
    assert body["borderline"] is (persona.neighbour is not None)
    assert _active(user) is persona.active, persona.who


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


def _placed(answers: dict[str, str]) -> tuple[str, str | None]:
    scored = questionnaire.score(answers)
    neighbour = questionnaire.neighbour(scored)
    return questionnaire.decide(scored).level, neighbour.level if neighbour else None


ATTITUDE_QUESTIONS = [q for q in questionnaire.QUESTIONS if q.score in questionnaire.ATTITUDES]


def _one_word_changes(answers: dict[str, str]):
    """Every answers that differ from these by one attitude answer given as the choice
    next to it on its scale ("doubtful" for "against", "rather not" for "should not")."""
    for question in ATTITUDE_QUESTIONS:
        for other in question.next_to(answers[question.id]):
            yield question.id, other.id, {**answers, question.id: other.id}


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_a_near_synonymous_answer_never_changes_the_level_silently(persona):
    """Changing one attitude answer to the one next to it keeps the level, or gives the
    level the result offered as its neighbour, and that result offers this one back: a
    softer or harder word never jumps a level, nor moves a person without either result
    offering the other path."""
    level, neighbour = _placed(persona.answers)
    for question_id, choice_id, changed in _one_word_changes(persona.answers):
        other_level, other_neighbour = _placed(changed)
        moved = f"{persona.name}: {question_id} -> {choice_id} gives {other_level}"
        if other_level != level:
            assert (neighbour, other_neighbour) == (other_level, level), moved


def _distinct_uses() -> dict[str, dict[str, str]]:
    """The personas' answers on use and skill, each once, by the first persona giving them."""
    uses: dict[str, dict[str, str]] = {}
    for persona in PERSONAS:
        answers = {**persona.use, **persona.skill}
        if answers not in uses.values():
            uses[persona.name] = answers
    return uses


USES = _distinct_uses()


@pytest.mark.parametrize("name", sorted(USES))
def test_the_invariant_holds_for_every_attitude_answered(name):
    """The same, over every combination of attitude answers, for each persona's use."""
    for combination in itertools.product(*(q.choices for q in ATTITUDE_QUESTIONS)):
        chosen = {q.id: c.id for q, c in zip(ATTITUDE_QUESTIONS, combination, strict=True)}
        answers = {**USES[name], **chosen}
        level, neighbour = _placed(answers)
        for _question, _choice, changed in _one_word_changes(answers):
            other_level, other_neighbour = _placed(changed)
            if other_level != level:
                assert (neighbour, other_neighbour) == (other_level, level), changed


def test_next_choices_on_an_attitude_scale_differ_by_one_point_at_most():
    for question in ATTITUDE_QUESTIONS:
        scale = [choice for choice in question.choices if not choice.off_scale]
        steps = [abs(a.points - b.points) for a, b in itertools.pairwise(scale)]
        assert max(steps) == 1, question.id
        no_opinion = [choice for choice in question.choices if choice.off_scale]
        assert [(c.text, c.points) for c in no_opinion] == [("I don't know / no opinion", 0)]


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_without_opposition_no_unease_makes_an_objector_nor_a_borderline_one(persona):
    """Unease that comes from experience is not opposition to the company's use."""
    calm = {**persona.answers, "company-presence": "b", "colleagues-sharing": "b"}
    for own_use, overall_view in itertools.product("abcde", "abcd"):
        answers = {**calm, "own-use": own_use, "overall-view": overall_view}
        assert "objector" not in _placed(answers), answers


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_no_opinion_places_a_person_as_neutral_answers_would(persona):
    neutral = {**persona.answers, **NEUTRAL}
    assert _placed({**persona.answers, **NO_OPINION}) == _placed(neutral)


def test_a_daily_user_against_corporate_use_stays_an_objector_whatever_one_softer_word():
    against = named("daily-user-against-corporate-use")
    assert _placed(against.answers) == ("objector", None)
    changes = list(_one_word_changes(against.answers))
    assert {(question, choice) for question, choice, _ in changes} >= {
        ("company-presence", "c"),
        ("colleagues-sharing", "c"),
    }
    for _question, _choice, changed in changes:
        assert _placed(changed)[0] == "objector"
    # Doubts on both, the colleague: late adopter, offered the objector path.
    doubtful = named("daily-user-doubtful-of-corporate-use")
    assert _placed(doubtful.answers) == ("late_adopter", "objector")


def scores(
    presence=2, elsewhere=0, reading=2, posting=3, skill=3, opposition=0, unease=0
) -> dict[str, int]:
    """A late adopter's scores, clear of every threshold, with the named ones changed."""
    return {
        "presence": presence,
        "elsewhere": elsewhere,
        "reading": reading,
        "posting": posting,
        "skill": skill,
        "opposition": opposition,
        "unease": unease,
    }


# Every score at its lowest, and at its highest but the attitudes.
NO_USE = {"presence": 0, "elsewhere": 0, "reading": 0, "posting": 0, "skill": 0}
MOST_USE = {"presence": 2, "elsewhere": 2, "reading": 3, "posting": 5, "skill": 6}

OBJECTOR, BEGINNER, RELUCTANT, NATIVE, LATE_ADOPTER = questionnaire.RULES


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(opposition=3), True),
        (scores(opposition=4, unease=3), True),
        (scores(opposition=2), False),
        # Opposition with unease about the networks themselves.
        (scores(opposition=2, unease=2), True),
        (scores(opposition=2, unease=1), False),
        (scores(opposition=1, unease=3), False),
        # Unease alone is not opposition.
        (scores(opposition=0, unease=3), False),
        # Whatever the person's own use: none at all, or the most.
        (scores(**NO_USE, opposition=3), True),
        (scores(**MOST_USE, opposition=3), True),
        (scores(**MOST_USE, opposition=2, unease=1), False),
    ],
)
def test_the_objector_rule(given, matches):
    assert OBJECTOR.level == "objector"
    assert OBJECTOR.condition == "opposition >= 3, or opposition >= 2 and unease >= 2"
    assert OBJECTOR.matches(given) is matches


@pytest.mark.parametrize(
    ("given", "matches"),
    [
        (scores(presence=0), True),
        (scores(presence=0, reading=3, posting=5, skill=6), True),
        (scores(presence=1, reading=0, posting=0, skill=0), False),
        (scores(presence=2), False),
        # An account on other networks, or a closed one, is an account.
        (scores(presence=0, elsewhere=2), False),
        (scores(presence=0, elsewhere=1), False),
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
        # Second nature on other networks only, or on a network since left.
        (scores(presence=0, elsewhere=2, reading=3, posting=5, skill=6), False),
        (scores(presence=1, elsewhere=2, reading=3, posting=5, skill=6), False),
    ],
)
def test_the_native_rule(given, matches):
    assert NATIVE.level == "native"
    assert NATIVE.matches(given) is matches


@pytest.mark.parametrize(
    "given", [scores(), scores(**NO_USE, opposition=4, unease=3), scores(**MOST_USE)]
)
def test_the_late_adopter_rule_takes_everyone_left(given):
    assert LATE_ADOPTER.level == "late_adopter"
    assert LATE_ADOPTER.condition == "otherwise"
    assert LATE_ADOPTER.matches(given)


def test_the_rules_are_tried_in_order():
    assert [rule.number for rule in questionnaire.RULES] == [1, 2, 3, 4, 5]
    # Both objector and beginner: the objection comes first.
    assert questionnaire.decide(scores(presence=0, opposition=3)).level == "objector"
    # Without an account, no posting makes a reluctant person.
    assert questionnaire.decide(scores(presence=0, posting=0)).level == "beginner"
    # Active and skilled on other networks only: late adopter, not beginner nor native.
    assert questionnaire.decide(scores(presence=0, elsewhere=2, **{"posting": 5})).level == (
        "late_adopter"
    )


@pytest.mark.parametrize(
    ("given", "neighbour"),
    [
        (scores(), None),
        (scores(presence=0), None),  # having an account is a fact, not a degree
        (scores(presence=0, elsewhere=2, reading=3, posting=5, skill=6), None),
        (scores(opposition=2), Neighbour("objector", "opposition", 1)),
        (scores(opposition=3), Neighbour("late_adopter", "opposition", -1)),
        (scores(opposition=1, unease=2), Neighbour("objector", "opposition", 1)),
        (scores(opposition=2, unease=1), Neighbour("objector", "opposition", 1)),
        (scores(opposition=2, unease=2), Neighbour("late_adopter", "opposition", -1)),
        # Unease without opposition is not even close to objector.
        (scores(opposition=0, unease=3), None),
        (scores(posting=2), Neighbour("reluctant", "posting", -1)),
        (scores(posting=1), Neighbour("late_adopter", "posting", 1)),
        (scores(reading=3, posting=5, skill=4), Neighbour("native", "skill", 1)),
        (scores(reading=3, posting=5, skill=5), Neighbour("late_adopter", "skill", -1)),
        (scores(reading=3, posting=5, skill=6), None),
        # Two neighbours: the level whose rule comes first.
        (scores(2, 0, 3, 5, 5, opposition=2), Neighbour("objector", "opposition", 1)),
    ],
)
def test_a_result_one_point_from_another_level_is_borderline(given, neighbour):
    assert questionnaire.neighbour(given) == neighbour


@pytest.mark.parametrize(
    ("changed", "active"),
    [
        ({}, True),
        ({"last-post": "b"}, True),
        ({"last-post": "c"}, False),
        ({"reading": "b"}, False),
        # Where they are active does not matter.
        ({"accounts": "c", "other-accounts": "a"}, True),
    ],
)
def test_active_on_networks_is_reading_daily_and_posting_this_month(changed, active):
    daily = named("everywhere-every-day").answers
    assert questionnaire.active({**daily, **changed}) is active
