"""The familiarity diagnostic: its questions and its deterministic scoring.

Each choice adds points to one or more of five scores:

========== ======================================================= =========
score      what it measures                                        range
========== ======================================================= =========
use        how much the person uses social networks for themself   0 .. 7
ease       how at ease they are doing things on them               0 .. 8
adoption   how early and naturally social media came into their    0 .. 3
           life
attitude   what they think of companies and colleagues using them  -6 .. +5
awareness  how well they know what the networks are and do         0 .. 3
========== ======================================================= =========

The level is given by the first rule that matches, in this order:

1. ``attitude <= -3``: **objector**, they oppose the use of social media, whatever their
   own use;
2. ``use == 0 and awareness <= 1``: **beginner**, they have never used them;
3. ``use <= 2``: **reluctant**, they know the big names but do not use them personally;
4. ``adoption >= 2 and ease >= 6``: **native**, social media is second nature;
5. otherwise: **late_adopter**, they learned social media later and use it.

The same answers always give the same level; the learner is shown their scores and the
rule that decided.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

SCORES = ("use", "ease", "adoption", "attitude", "awareness")
SCORE_DESCRIPTIONS = {
    "use": _l("How much you use social networks for yourself"),
    "ease": _l("How at ease you are doing things on them"),
    "adoption": _l("How early and naturally social media came into your life"),
    "attitude": _l("What you think of companies and colleagues using them"),
    "awareness": _l("How well you know what the networks are and do"),
}
SCORE_RANGES = {
    "use": (0, 7),
    "ease": (0, 8),
    "adoption": (0, 3),
    "attitude": (-6, 5),
    "awareness": (0, 3),
}


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    points: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    choices: tuple[Choice, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Rule:
    number: int
    level: str
    condition: str
    description: str
    test: object  # callable(scores) -> bool


QUESTIONS: tuple[Question, ...] = (
    Question(
        "personal-use",
        _l("How often do you use social networks for yourself, outside work?"),
        (
            Choice("a", _l("Several times a day"), {"use": 3}),
            Choice("b", _l("A few times a week"), {"use": 2}),
            Choice("c", _l("Rarely, a few times a month"), {"use": 1}),
            Choice("d", _l("Never"), {}),
        ),
    ),
    Question(
        "accounts",
        _l(
            "On how many social networks (LinkedIn, X, Facebook, Instagram...) "
            "do you have an account you use?"
        ),
        (
            Choice("a", _l("Three or more"), {"use": 2, "awareness": 2}),
            Choice("b", _l("One or two"), {"use": 1, "awareness": 2}),
            Choice(
                "c", _l("None, but I know what they are and what people do there"), {"awareness": 1}
            ),
            Choice("d", _l("None, and I am not sure what they are for"), {}),
        ),
    ),
    Question(
        "adoption",
        _l("When did social media become part of your life?"),
        (
            Choice(
                "a", _l("I grew up with it; I cannot remember life without it"), {"adoption": 3}
            ),
            Choice("b", _l("As a young adult, as it spread"), {"adoption": 2}),
            Choice("c", _l("Later in life; I learned it on purpose"), {"adoption": 1}),
            Choice("d", _l("It has not"), {}),
        ),
    ),
    Question(
        "posting",
        _l("How do you feel about posting something publicly under your own name?"),
        (
            Choice("a", _l("It is natural; I do it often"), {"ease": 3}),
            Choice("b", _l("Fine, once I have thought it through"), {"ease": 2}),
            Choice("c", _l("Uneasy; I would rather not"), {"ease": 1}),
            Choice("d", _l("I would not know how"), {}),
        ),
    ),
    Question(
        "profile-help",
        _l("A colleague asks you to help set up their LinkedIn profile. You..."),
        (
            Choice(
                "a", _l("Do it in a few minutes, with tips on the headline and photo"), {"ease": 3}
            ),
            Choice("b", _l("Manage it, with some trial and error"), {"ease": 2}),
            Choice("c", _l("Would have to look up how it works"), {"ease": 1}),
            Choice("d", _l("Would not know where to begin"), {}),
        ),
    ),
    Question(
        "features",
        _l("Hashtags, @mentions and the repost button: which best describes you?"),
        (
            Choice(
                "a",
                _l("I know exactly what each one does and when to use it"),
                {"ease": 2, "awareness": 1},
            ),
            Choice("b", _l("I know what most of them do"), {"ease": 1, "awareness": 1}),
            Choice("c", _l("I recognise the words but not how they work"), {"awareness": 1}),
            Choice("d", _l("I do not know what these are"), {}),
        ),
    ),
    Question(
        "news",
        _l("How do you keep up with news in your field?"),
        (
            Choice(
                "a", _l("Mostly through people and groups I follow on social networks"), {"use": 2}
            ),
            Choice("b", _l("A mix of social networks and other sources"), {"use": 1}),
            Choice(
                "c", _l("Newsletters, websites, the press and colleagues; not social networks"), {}
            ),
        ),
    ),
    Question(
        "company-presence",
        _l("What do you think of companies being present on social media?"),
        (
            Choice("a", _l("It is essential today"), {"attitude": 2}),
            Choice("b", _l("It is useful when it is done well"), {"attitude": 1}),
            Choice("c", _l("I doubt it; it is mostly noise"), {"attitude": -1}),
            Choice("d", _l("I am against it; it does more harm than good"), {"attitude": -2}),
        ),
    ),
    Question(
        "colleagues-sharing",
        _l("How would you feel about colleagues sharing company news on their own accounts?"),
        (
            Choice("a", _l("Good; I might do it too"), {"attitude": 2}),
            Choice("b", _l("Fine; it is their choice"), {"attitude": 1}),
            Choice("c", _l("Uncomfortable"), {"attitude": -1}),
            Choice("d", _l("It should not happen"), {"attitude": -2}),
        ),
    ),
    Question(
        "overall-view",
        _l("Overall, what do you think of social media?"),
        (
            Choice("a", _l("Mostly positive"), {"attitude": 1}),
            Choice("b", _l("Mixed: a tool like any other"), {}),
            Choice("c", _l("Mostly harmful: privacy, misinformation, time lost"), {"attitude": -2}),
        ),
    ),
)

RULES: tuple[Rule, ...] = (
    Rule(
        1,
        "objector",
        "attitude <= -3",
        _l("Your answers show strong reservations about social media and its use by companies."),
        lambda s: s["attitude"] <= -3,
    ),
    Rule(
        2,
        "beginner",
        "use = 0 and awareness <= 1",
        _l("You do not use social networks and have had little occasion to discover them."),
        lambda s: s["use"] == 0 and s["awareness"] <= 1,
    ),
    Rule(
        3,
        "reluctant",
        "use <= 2",
        _l("You know the big networks but use them little or not at all for yourself."),
        lambda s: s["use"] <= 2,
    ),
    Rule(
        4,
        "native",
        "adoption >= 2 and ease >= 6",
        _l("Social media has long been part of your life and you are at ease with it."),
        lambda s: s["adoption"] >= 2 and s["ease"] >= 6,
    ),
    Rule(
        5,
        "late_adopter",
        "otherwise",
        _l("You use social networks, and came to them later or are still growing at ease."),
        lambda s: True,
    ),
)


def question_by_id(question_id: str) -> Question | None:
    return next((q for q in QUESTIONS if q.id == question_id), None)


def score(answers: dict[str, str]) -> dict[str, int]:
    """Sum each score over the chosen answers. The answers must be complete and valid."""
    totals = dict.fromkeys(SCORES, 0)
    for question in QUESTIONS:
        for name, points in question.choice(answers[question.id]).points.items():
            totals[name] += points
    return totals


def decide(scores: dict[str, int]) -> Rule:
    return next(rule for rule in RULES if rule.test(scores))
