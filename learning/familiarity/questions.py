"""The questions of the familiarity diagnostic and the points of each answer.

How the points make a level is `learning.familiarity.questionnaire`.

The first question names the social networks the company uses, from its settings: its
text and what its answers say hold a `%(networks)s` placeholder, which `asked` fills in
when the questionnaire is shown or a result explained. The ids and the points never
depend on the company.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.company import services as company
from learning.networks import network_label

# The networks one has a public presence on. WhatsApp and e-mail, which the company may
# also use, send a post to people one knows: they are not asked about as accounts.
SOCIAL_NETWORKS = ("linkedin", "x", "facebook", "instagram")
PLACEHOLDER = "%(networks)s"


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    points: int
    # What this answer says about the person, in a sentence of the explanation (none for
    # an answer that says nothing worth repeating).
    says: str | None = None
    # "I don't know / no opinion": not a step on the question's scale, so no choice is
    # next to it.
    off_scale: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    score: str
    text: str
    choices: tuple[Choice, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def next_to(self, choice_id: str) -> list[Choice]:
        """The choices next to this one on the question's scale: the near-synonymous
        answers a person could as well have given."""
        scale = [c for c in self.choices if not c.off_scale]
        ids = [c.id for c in scale]
        if choice_id not in ids:
            return []
        at = ids.index(choice_id)
        return [scale[i] for i in (at - 1, at + 1) if 0 <= i < len(scale)]


def company_networks() -> tuple[str, ...]:
    """The social networks the company uses, in its order: those the first question asks
    about. A company on none of them (WhatsApp or e-mail only) is asked about all four."""
    used = tuple(name for name in company.offered_network_names() if name in SOCIAL_NETWORKS)
    return used or SOCIAL_NETWORKS


def networks_phrase(names: Sequence[str]) -> str:
    """'LinkedIn, X or Instagram'."""
    labels = [network_label(name) for name in names]
    if len(labels) == 1:
        return labels[0]
    return _("%(names)s or %(last)s", names=", ".join(labels[:-1]), last=labels[-1])


def _filled(text: str | None, networks: str) -> str | None:
    return None if text is None else str(text).replace(PLACEHOLDER, networks)


def asked(names: Sequence[str] | None = None) -> tuple[Question, ...]:
    """The questions as the person reads them, naming `names` (the company's social
    networks unless given)."""
    networks = networks_phrase(names or company_networks())
    return tuple(
        dataclasses.replace(
            question,
            text=_filled(question.text, networks),
            choices=tuple(
                dataclasses.replace(
                    choice, text=_filled(choice.text, networks), says=_filled(choice.says, networks)
                )
                for choice in question.choices
            ),
        )
        for question in QUESTIONS
    )


def _no_opinion(choice_id: str) -> Choice:
    return Choice(choice_id, _l("I don't know / no opinion"), 0, off_scale=True)


QUESTIONS: tuple[Question, ...] = (
    # How they use social networks: which, how often, what they do there.
    Question(
        "accounts",
        "presence",
        _l("Do you have an account on %(networks)s, which the company uses?"),
        (
            Choice(
                "a",
                _l("Yes"),
                2,
                _l("You have an account on %(networks)s, which the company uses."),
            ),
            Choice(
                "b",
                _l("Not any more: I closed mine"),
                1,
                _l("You had an account on %(networks)s, and closed it."),
            ),
            Choice(
                "c",
                _l("No, never"),
                0,
                _l("You have never had an account on %(networks)s, which the company uses."),
            ),
        ),
    ),
    Question(
        "other-accounts",
        "elsewhere",
        _l(
            "And on other social networks, such as Mastodon, Bluesky, TikTok, YouTube, GitHub "
            "or Reddit?"
        ),
        (
            Choice("a", _l("Yes"), 2, _l("You have an account on other social networks.")),
            Choice(
                "b",
                _l("Not any more: I closed mine"),
                1,
                _l("You had an account on other social networks, and closed it."),
            ),
            Choice(
                "c",
                _l("No: only messaging apps such as WhatsApp or Signal"),
                0,
                _l("You use messaging apps only, and a messaging app is not a social network."),
            ),
            Choice("d", _l("No, never"), 0),
        ),
    ),
    Question(
        "reading",
        "reading",
        _l("How often do you open social networks, the company's or others, to read or watch?"),
        (
            Choice("a", _l("Every day"), 3, _l("You open social networks every day.")),
            Choice(
                "b", _l("A few times a week"), 2, _l("You open social networks a few times a week.")
            ),
            Choice(
                "c",
                _l("A few times a month, or less"),
                1,
                _l("You open social networks now and then."),
            ),
            Choice(
                "d", _l("Never, or I have no account"), 0, _l("You never open social networks.")
            ),
        ),
    ),
    Question(
        "activity",
        "posting",
        _l("What do you mostly do there?"),
        (
            Choice(
                "a",
                _l("Publish my own posts, articles, photos, videos or projects"),
                2,
                _l("You publish posts of your own."),
            ),
            Choice(
                "b",
                _l("Comment on, react to and share other people's posts"),
                1,
                _l("You comment on and share other people's posts."),
            ),
            Choice(
                "c",
                _l("Only read or watch"),
                0,
                _l("You read without posting: reading is not posting."),
            ),
            Choice("d", _l("Nothing: I have no account, or never open it"), 0),
        ),
    ),
    Question(
        "last-post",
        "posting",
        _l("When did you last post, comment or share something on any social network?"),
        (
            Choice("a", _l("This week"), 3, _l("You last posted this week.")),
            Choice("b", _l("This month"), 2, _l("You last posted this month.")),
            Choice("c", _l("Earlier this year"), 1, _l("You last posted earlier this year.")),
            Choice("d", _l("More than a year ago"), 0, _l("You last posted more than a year ago.")),
            Choice("e", _l("Never"), 0, _l("You have never posted.")),
        ),
    ),
    # How at ease they are there, on whichever network.
    Question(
        "profile-help",
        "skill",
        _l("A colleague asks you to help set up their profile on a social network. You..."),
        (
            Choice(
                "a",
                _l("Do it in a few minutes, with tips on the headline and photo"),
                2,
                _l("You could set up a colleague's profile in a few minutes."),
            ),
            Choice(
                "b",
                _l("Manage it, with some trial and error"),
                1,
                _l("You could set up a colleague's profile, with some trial and error."),
            ),
            Choice(
                "c",
                _l("Would have to look up how it works"),
                0,
                _l("You would have to look up how to set up a profile."),
            ),
            Choice("d", _l("Would not know where to begin"), 0),
        ),
    ),
    Question(
        "features",
        "skill",
        _l("Hashtags, @mentions and reposts (or boosts): which best describes you?"),
        (
            Choice(
                "a",
                _l("I know what each one does and when to use it"),
                2,
                _l("You know what hashtags, mentions and reposts do, and when to use them."),
            ),
            Choice(
                "b",
                _l("I know what most of them do"),
                1,
                _l("You know what most of hashtags, mentions and reposts do."),
            ),
            Choice(
                "c",
                _l("I recognise the words, not how they work"),
                0,
                _l("You recognise words such as hashtag and mention, not yet how they work."),
            ),
            Choice("d", _l("I do not know what these are"), 0),
        ),
    ),
    Question(
        "audience",
        "skill",
        _l("Who sees what you post, and how to change it: which best describes you?"),
        (
            Choice(
                "a",
                _l("I choose it for each network and post, and know the settings"),
                2,
                _l("You choose who sees each post, and know the settings."),
            ),
            Choice(
                "b",
                _l("I know roughly, and could find the settings"),
                1,
                _l("You know roughly who sees your posts."),
            ),
            Choice("c", _l("I am not sure"), 0, _l("You are not sure who sees what you post.")),
        ),
    ),
    # What they think of the company's use of social networks...
    Question(
        "company-presence",
        "opposition",
        _l("What do you think of the company being present on social networks?"),
        (
            Choice("a", _l("It is essential today"), 0),
            Choice("b", _l("It is useful when it is done well"), 0),
            Choice(
                "c",
                _l("I doubt it is worth it"),
                1,
                _l("You doubt the company's presence there is worth it."),
            ),
            Choice(
                "d",
                _l("I am against it"),
                2,
                _l("You are against the company being present on social networks."),
            ),
            _no_opinion("e"),
        ),
    ),
    Question(
        "colleagues-sharing",
        "opposition",
        _l("What do you think of colleagues sharing company news on their own accounts?"),
        (
            Choice("a", _l("Good; I might do it too"), 0),
            Choice("b", _l("Fine; it is their choice"), 0),
            Choice(
                "c",
                _l("I would rather they did not"),
                1,
                _l("You would rather colleagues did not share company news on their own accounts."),
            ),
            Choice(
                "d",
                _l("It should not happen: personal accounts are not the company's"),
                2,
                _l("You think colleagues should not share company news on their own accounts."),
            ),
            _no_opinion("e"),
        ),
    ),
    # ...and of social networks for themselves, which is another thing.
    Question(
        "own-use",
        "unease",
        _l("How do you feel about using social networks yourself?"),
        (
            Choice("a", _l("At ease"), 0),
            Choice("b", _l("Careful: I think before I post"), 0),
            Choice(
                "c",
                _l("Uneasy, after a bad experience or for fear of one"),
                1,
                _l("You feel uneasy using social networks yourself."),
            ),
            Choice(
                "d",
                _l("I keep away from them as much as I can"),
                2,
                _l("You keep away from social networks as much as you can."),
            ),
            _no_opinion("e"),
        ),
    ),
    Question(
        "overall-view",
        "unease",
        _l("Overall, what do you think of social networks?"),
        (
            Choice("a", _l("Mostly positive"), 0),
            Choice("b", _l("Mixed: a tool like any other"), 0),
            Choice(
                "c",
                _l("Mostly harmful: privacy, misinformation, time lost"),
                1,
                _l("You find social networks mostly harmful."),
            ),
            _no_opinion("d"),
        ),
    ),
)
