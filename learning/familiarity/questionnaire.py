"""The familiarity diagnostic: its questions and its deterministic scoring.

Every question feeds one of seven scores; each answer adds its points to that score:

========== =============================================== ================== =======
score      what it measures                                questions          range
========== =============================================== ================== =======
presence   an account on the social networks the company   accounts           0 .. 2
           uses (those of LinkedIn, X, Facebook and
           Instagram it has chosen): 2 now, 1 closed
elsewhere  an account on other social networks (Mastodon,  other-accounts     0 .. 2
           Bluesky, TikTok, YouTube, GitHub, Reddit...):
           2 now, 1 closed; messaging apps do not count
reading    how often they open social networks, any of     reading            0 .. 3
           them
posting    how recently and how much they post, comment    activity,          0 .. 5
           or share, anywhere: reading is not posting      last-post
skill      how at ease they are doing things there         profile-help,      0 .. 6
                                                           features, audience
opposition how much they oppose the company's use of       company-presence,  0 .. 4
           social networks and of its people's accounts    colleagues-sharing
unease     how uneasy they are with social networks for    own-use,           0 .. 3
           themselves, often from experience               overall-view
========== =============================================== ================== =======

The accounts question names the company's networks, from its settings, when it is asked
(all four when the company uses none of them); the names asked about are kept with the
result. Activity and skill count on any social network.

The points of each answer (n.o.: "I don't know / no opinion"):

================== ===============================================================
question           points of choices a, b, c, d, e
================== ===============================================================
accounts           2 (yes), 1 (not any more: closed), 0 (never)
other-accounts     2 (yes), 1 (not any more: closed), 0 (messaging apps only),
                   0 (never)
reading            3 (daily), 2 (weekly), 1 (monthly or less), 0 (never)
activity           2 (own posts), 1 (comments and shares), 0 (only reads), 0 (nothing)
last-post          3 (this week), 2 (this month), 1 (this year), 0 (over a year), 0 (never)
profile-help       2, 1, 0, 0
features           2, 1, 0, 0
audience           2, 1, 0
company-presence   0 (essential), 0 (useful), 1 (doubtful), 2 (against), 0 (n.o.)
colleagues-sharing 0 (good), 0 (their choice), 1 (rather not), 2 (should not happen),
                   0 (n.o.)
own-use            0 (at ease), 0 (careful), 1 (uneasy), 2 (keeps away), 0 (n.o.)
overall-view       0 (positive), 0 (mixed), 1 (harmful), 0 (n.o.)
================== ===============================================================

Opposition and unease only add up: an approving, neutral or "no opinion" answer scores
nothing, so it cannot cancel a reservation given elsewhere, and no opinion is never
read as one.

The level is given by the first rule that matches, in this order:

1. ``opposition >= 3, or opposition >= 2 and unease >= 2``: **objector**, they oppose
   the company's use of social networks (against one of its uses and at least doubtful
   of the other), or reject both that use and the networks themselves; whatever their
   own use;
2. ``presence = 0 and elsewhere = 0``: **beginner**, they have never had an account on a
   social network (messaging apps such as WhatsApp do not count);
3. ``posting <= 1``: **reluctant**, they have, or had, an account and may read, but do
   not post;
4. ``posting >= 4 and skill >= 5 and reading >= 2 and presence = 2``: **native**, what
   they do and how at ease they are, not the age they started, make social media second
   nature, and they are on the company's networks;
5. otherwise: **late_adopter**, they use social networks and post, and are still growing
   at ease, or new to the networks the company uses (someone active and skilled only on
   other networks: their path is the company's networks and how to engage on each).

Unease is not opposition: with no opposition, no unease makes an objector, nor even a
result borderline with objector (opposition 0 is two points from both of rule 1's
thresholds). On every attitude question the choices next to each other on the
scale ("doubtful" and "against", "rather not" and "should not happen") differ by one
point, so a near-synonymous answer moves one score by one point: when that changes the
level, both results are borderline, each offering the other's level. A daily user
against the company's use of personal accounts ("against" and "should not happen",
opposition 4) stays an objector whatever one softer word.

A result is *borderline* when one point more or less on a single graded score (every
score but presence and elsewhere: having an account or not is a fact, not a degree)
would give another level; that level is the neighbouring one, and when there are
several, the one whose rule comes first. The person may keep their level or take the
neighbouring path.

A person is *active on networks* (``active``) when they open social networks every day
(reading 3) and last posted, commented or shared this week or this month (last-post 3
or 2): some paths put a course written for them first, whatever their level.

The same answers always give the same level and the same neighbour; the person is shown
sentences built from their answers, their scores and these rules.
"""

import operator
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from learning.familiarity.questions import QUESTIONS, Question, asked, company_networks

__all__ = ["QUESTIONS", "asked", "company_networks"]

# Stored with every result, so that a result of an earlier questionnaire is recognised.
VERSION = 3

SCORES = ("presence", "elsewhere", "reading", "posting", "skill", "opposition", "unease")
SCORE_DESCRIPTIONS = {
    "presence": _l("An account on the social networks the company uses (2 now, 1 closed)"),
    "elsewhere": _l("An account on other social networks (2 now, 1 closed)"),
    "reading": _l("How often you open social networks"),
    "posting": _l("How recently and how much you post, comment or share"),
    "skill": _l("How at ease you are doing things there"),
    "opposition": _l("Your opposition to the company's use of social networks"),
    "unease": _l("Your unease with social networks for yourself"),
}
# The name of each score in a sentence: "one point more on the posting score".
SCORE_LABELS = {
    "presence": _l("accounts"),
    "elsewhere": _l("other networks"),
    "reading": _l("reading"),
    "posting": _l("posting"),
    "skill": _l("skill"),
    "opposition": _l("opposition"),
    "unease": _l("unease"),
}
SCORE_RANGES = {
    "presence": (0, 2),
    "elsewhere": (0, 2),
    "reading": (0, 3),
    "posting": (0, 5),
    "skill": (0, 6),
    "opposition": (0, 4),
    "unease": (0, 3),
}
# The scores a result can be one point away on; accounts are facts, not degrees.
GRADED = ("reading", "posting", "skill", "opposition", "unease")
# What the person thinks of social networks and of the company's use of them.
ATTITUDES = ("opposition", "unease")


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
    # It matches when all the conditions of any one group hold; with no group, always.
    when: tuple[tuple[Condition, ...], ...]
    # The conclusion the person reads.
    description: str
    # The scores whose answers explain this level to the person, in sentences.
    explained_by: tuple[str, ...]

    @property
    def condition(self) -> str:
        groups = [" and ".join(str(c) for c in group) for group in self.when]
        return ", or ".join(groups) or "otherwise"

    def matches(self, scores: dict[str, int]) -> bool:
        return not self.when or any(all(c.holds(scores) for c in group) for group in self.when)


def _all(*conditions: tuple[str, str, int]) -> tuple[Condition, ...]:
    return tuple(Condition(*condition) for condition in conditions)


# What the person does on social networks and how at ease they are there.
OWN_USE = ("presence", "elsewhere", "reading", "posting", "skill")

RULES: tuple[Rule, ...] = (
    Rule(
        1,
        "objector",
        (
            _all(("opposition", ">=", 3)),
            _all(("opposition", ">=", 2), ("unease", ">=", 2)),
        ),
        _l(
            "Your answers show opposition to the company's use of social networks, or doubts "
            "about it along with unease about the networks themselves."
        ),
        ATTITUDES,
    ),
    Rule(
        2,
        "beginner",
        (_all(("presence", "=", 0), ("elsewhere", "=", 0)),),
        _l("You have not had an account on a social network yet."),
        ("presence", "elsewhere", "unease"),
    ),
    Rule(
        3,
        "reluctant",
        (_all(("posting", "<=", 1)),),
        _l("You know social networks, but you do not post on them yourself."),
        ("presence", "elsewhere", "reading", "posting", "unease"),
    ),
    Rule(
        4,
        "native",
        (
            _all(
                ("posting", ">=", 4),
                ("skill", ">=", 5),
                ("reading", ">=", 2),
                ("presence", "=", 2),
            ),
        ),
        _l(
            "You post often, open social networks regularly and are at ease there, on the "
            "networks the company uses too: social media is second nature to you."
        ),
        (*OWN_USE, "unease"),
    ),
    Rule(
        5,
        "late_adopter",
        (),
        _l(
            "You use social networks and post on them, and are still growing at ease on the "
            "networks the company uses."
        ),
        (*OWN_USE, "unease"),
    ),
)
UNEASE_IS_NOT_OPPOSITION = _l(
    "Unease with social networks is not opposition to the company's use of them: it does not "
    "make you an objector."
)


@dataclass(frozen=True)
class Neighbour:
    """The level one point more (`step` 1) or less (-1) on `score` would give."""

    level: str
    score: str
    step: int


def question_by_id(question_id: str) -> Question | None:
    return next((q for q in QUESTIONS if q.id == question_id), None)


def _points(answers: dict[str, str], question_id: str) -> int:
    choice = question_by_id(question_id).choice(answers.get(question_id, ""))
    return choice.points if choice else 0


def score(answers: dict[str, str]) -> dict[str, int]:
    """Sum each score over the chosen answers. The answers must be complete and valid."""
    totals = dict.fromkeys(SCORES, 0)
    for question in QUESTIONS:
        totals[question.score] += question.choice(answers[question.id]).points
    return totals


def active(answers: dict[str, str]) -> bool:
    """Daily, active use of social networks, on any of them: they open them every day
    and last posted, commented or shared this week or this month."""
    return _points(answers, "reading") == 3 and _points(answers, "last-post") >= 2


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


def statements(
    answers: dict[str, str], rule: Rule, networks: Sequence[str] | None = None
) -> list[str]:
    """What the answers behind the rule's scores say about the person, in question order,
    the accounts question naming `networks` (the company's as it is asked today, unless
    given). Unease beside another level than objector is said not to be opposition."""
    said, uneasy = [], False
    for question in asked(networks):
        if question.score in rule.explained_by:
            choice = question.choice(answers.get(question.id, ""))
            if choice is not None and choice.says is not None:
                said.append(choice.says)
                uneasy = uneasy or question.score == "unease"
    if uneasy and rule.level != "objector":
        said.append(str(UNEASE_IS_NOT_OPPOSITION))
    return said
