"""The familiarity diagnostic: its questions and its deterministic scoring.

Every question feeds one of five scores; each answer adds its points to that score:

============ ============================================= ======================= =======
score        what it measures                              questions               range
============ ============================================= ======================= =======
presence     accounts on the networks the company uses     accounts                0 .. 2
             (LinkedIn, X, Facebook, Instagram)
reading      how often they open them to read              reading                 0 .. 3
posting      how recently and how much they post,          activity, last-post     0 .. 5
             comment or share: reading is not posting
skill        how at ease they are doing things there       profile-help, features, 0 .. 6
                                                           audience
reservations how strongly they object to social media      company-presence,       0 .. 8
             and to its use by the company                 colleagues-sharing,
                                                           overall-view
============ ============================================= ======================= =======

The points of each answer:

================== ===============================================================
question           points of choices a, b, c, d, e
================== ===============================================================
accounts           2 (LinkedIn and others), 1 (LinkedIn only), 1 (others only),
                   0 (messaging apps only), 0 (none)
reading            3 (daily), 2 (weekly), 1 (monthly or less), 0 (never)
activity           2 (own posts), 1 (comments and shares), 0 (only reads), 0 (nothing)
last-post          3 (this week), 2 (this month), 1 (this year), 0 (over a year), 0 (never)
profile-help       2, 1, 0, 0
features           2, 1, 0, 0
audience           2, 1, 0
company-presence   0 (essential), 0 (useful), 1 (doubtful), 3 (against)
colleagues-sharing 0 (good), 0 (their choice), 1 (uneasy), 3 (should not happen)
overall-view       0 (positive), 0 (mixed), 2 (harmful)
================== ===============================================================

Reservations only add up: an approving or neutral answer scores nothing, so it cannot
cancel an objection given elsewhere, and one strong objection weighs on its own.

The level is given by the first rule that matches, in this order:

1. ``reservations >= 3``: **objector**, they oppose social media or its use by the
   company, whatever their own use;
2. ``presence = 0``: **beginner**, no account on the networks the company uses (messaging
   apps such as WhatsApp do not count);
3. ``posting <= 1``: **reluctant**, they have an account and may read, but do not post;
4. ``posting >= 4 and skill >= 5 and reading >= 2``: **native**, what they do and how
   at ease they are, not the age they started, make social media second nature;
5. otherwise: **late_adopter**, they use social networks and post, and are still
   growing at ease.

A result is *borderline* when one point more or less on a single graded score (every
score but presence: having an account or not is a fact, not a degree) would give another
level; that level is the neighbouring one, and when there are several, the one whose rule
comes first. The person may keep their level or take the neighbouring path.

The same answers always give the same level and the same neighbour; the person is shown
sentences built from their answers, their scores and these rules.
"""

import operator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from learning.familiarity.questions import QUESTIONS, Question

# Stored with every result, so that a result of an earlier questionnaire is recognised.
VERSION = 2

SCORES = ("presence", "reading", "posting", "skill", "reservations")
SCORE_DESCRIPTIONS = {
    "presence": _l("Accounts on the networks the company uses"),
    "reading": _l("How often you open these networks"),
    "posting": _l("How recently and how much you post, comment or share"),
    "skill": _l("How at ease you are doing things there"),
    "reservations": _l("Your reservations about social media and its use by the company"),
}
# The name of each score in a sentence: "one point more on the posting score".
SCORE_LABELS = {
    "presence": _l("accounts"),
    "reading": _l("reading"),
    "posting": _l("posting"),
    "skill": _l("skill"),
    "reservations": _l("reservations"),
}
SCORE_RANGES = {
    "presence": (0, 2),
    "reading": (0, 3),
    "posting": (0, 5),
    "skill": (0, 6),
    "reservations": (0, 8),
}
# The scores a result can be one point away on; presence is a fact, not a degree.
GRADED = ("reading", "posting", "skill", "reservations")


OPERATORS = {">=": operator.ge, "<=": operator.le, "=": operator.eq}


@dataclass(frozen=True)
class Condition:
    score: str
    operator: str
    threshold: int

    def holds(self, scores: dict[str, int]) -> bool:
        return OPERATORS[self.operator](scores[self.score], self.threshold)

    def __str__(self) -> str:
        return f"{self.score} {self.operator} {self.threshold}"


@dataclass(frozen=True)
class Rule:
    number: int
    level: str
    conditions: tuple[Condition, ...]
    # The conclusion the person reads.
    description: str
    # The scores whose answers explain this level to the person, in sentences.
    explained_by: tuple[str, ...]

    @property
    def condition(self) -> str:
        return " and ".join(str(c) for c in self.conditions) or "otherwise"

    def matches(self, scores: dict[str, int]) -> bool:
        return all(condition.holds(scores) for condition in self.conditions)


# What the person does on the networks and how at ease they are there.
OWN_USE = ("presence", "reading", "posting", "skill")

RULES: tuple[Rule, ...] = (
    Rule(
        1,
        "objector",
        (Condition("reservations", ">=", 3),),
        _l("Your answers show strong reservations about social media or the company's use of it."),
        ("reservations",),
    ),
    Rule(
        2,
        "beginner",
        (Condition("presence", "=", 0),),
        _l("You have no account on the networks the company uses yet."),
        ("presence",),
    ),
    Rule(
        3,
        "reluctant",
        (Condition("posting", "<=", 1),),
        _l("You know these networks, but you do not post on them yourself."),
        ("presence", "reading", "posting"),
    ),
    Rule(
        4,
        "native",
        (
            Condition("posting", ">=", 4),
            Condition("skill", ">=", 5),
            Condition("reading", ">=", 2),
        ),
        _l(
            "You post often, open these networks regularly and are at ease there: social media "
            "is second nature to you."
        ),
        OWN_USE,
    ),
    Rule(
        5,
        "late_adopter",
        (),
        _l("You use social networks and post on them, and are still growing at ease there."),
        OWN_USE,
    ),
)


@dataclass(frozen=True)
class Neighbour:
    """The level one point more (`step` 1) or less (-1) on `score` would give."""

    level: str
    score: str
    step: int


def question_by_id(question_id: str) -> Question | None:
    return next((q for q in QUESTIONS if q.id == question_id), None)


def score(answers: dict[str, str]) -> dict[str, int]:
    """Sum each score over the chosen answers. The answers must be complete and valid."""
    totals = dict.fromkeys(SCORES, 0)
    for question in QUESTIONS:
        totals[question.score] += question.choice(answers[question.id]).points
    return totals


def decide(scores: dict[str, int]) -> Rule:
    return next(rule for rule in RULES if rule.matches(scores))


def neighbour(scores: dict[str, int]) -> Neighbour | None:
    """The neighbouring level of a borderline result, or None for a clear one."""
    level = decide(scores).level
    nearest: tuple[int, Neighbour] | None = None
    for name in GRADED:
        low, high = SCORE_RANGES[name]
        for step in (1, -1):
            if not low <= scores[name] + step <= high:
                continue
            rule = decide({**scores, name: scores[name] + step})
            if rule.level != level and (nearest is None or rule.number < nearest[0]):
                nearest = (rule.number, Neighbour(rule.level, name, step))
    return nearest[1] if nearest else None


def statements(answers: dict[str, str], rule: Rule) -> list[str]:
    """What the answers behind the rule's scores say about the person, in question order."""
    said = []
    for question in QUESTIONS:
        if question.score in rule.explained_by:
            choice = question.choice(answers.get(question.id, ""))
            if choice is not None and choice.says is not None:
                said.append(str(choice.says))
    return said
