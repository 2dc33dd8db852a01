"""The questions of the familiarity diagnostic and the points of each answer.

How the points make a level is `learning.familiarity.questionnaire`.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    points: int
    # What this answer says about the person, in a sentence of the explanation (none for
    # an answer that says nothing worth repeating).
    says: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    score: str
    text: str
    choices: tuple[Choice, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "accounts",
        "presence",
        _l("Which of these networks do you have an account on: LinkedIn, X, Facebook, Instagram?"),
        (
            Choice(
                "a",
                _l("LinkedIn, and X, Facebook or Instagram too"),
                2,
                _l("You have an account on LinkedIn and on other networks the company uses."),
            ),
            Choice("b", _l("LinkedIn only"), 1, _l("You have a LinkedIn account.")),
            Choice(
                "c",
                _l("X, Facebook or Instagram, but not LinkedIn"),
                1,
                _l("You have an account on X, Facebook or Instagram, but not on LinkedIn."),
            ),
            Choice(
                "d",
                _l("None of them: only messaging apps such as WhatsApp or Signal"),
                0,
                _l(
                    "You use messaging apps only, which are not the networks the company "
                    "publishes on."
                ),
            ),
            Choice(
                "e",
                _l("None of them"),
                0,
                _l("You have no account on the networks the company uses."),
            ),
        ),
    ),
    Question(
        "reading",
        "reading",
        _l("How often do you open them to read or scroll?"),
        (
            Choice("a", _l("Every day"), 3, _l("You open these networks every day.")),
            Choice(
                "b", _l("A few times a week"), 2, _l("You open these networks a few times a week.")
            ),
            Choice(
                "c",
                _l("A few times a month, or less"),
                1,
                _l("You open these networks now and then."),
            ),
            Choice("d", _l("Never, or I have no account"), 0, _l("You never open these networks.")),
        ),
    ),
    Question(
        "activity",
        "posting",
        _l("What do you mostly do there?"),
        (
            Choice(
                "a",
                _l("Publish my own posts, articles, photos or videos"),
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
                "c", _l("Only read"), 0, _l("You read without posting: reading is not posting.")
            ),
            Choice("d", _l("Nothing: I have no account, or never open it"), 0),
        ),
    ),
    Question(
        "last-post",
        "posting",
        _l("When did you last post, comment or share something there?"),
        (
            Choice("a", _l("This week"), 3, _l("You last posted this week.")),
            Choice("b", _l("This month"), 2, _l("You last posted this month.")),
            Choice("c", _l("Earlier this year"), 1, _l("You last posted earlier this year.")),
            Choice("d", _l("More than a year ago"), 0, _l("You last posted more than a year ago.")),
            Choice("e", _l("Never"), 0, _l("You have never posted.")),
        ),
    ),
    Question(
        "profile-help",
        "skill",
        _l("A colleague asks you to help set up their LinkedIn profile. You..."),
        (
            Choice(
                "a",
                _l("Do it in a few minutes, with tips on the headline and photo"),
                2,
                _l("You could set up a colleague's LinkedIn profile in a few minutes."),
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
        _l("Hashtags, @mentions and the repost button: which best describes you?"),
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
    Question(
        "company-presence",
        "reservations",
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
                3,
                _l("You are against the company being present on social networks."),
            ),
        ),
    ),
    Question(
        "colleagues-sharing",
        "reservations",
        _l("How do you feel about colleagues sharing company news on their own accounts?"),
        (
            Choice("a", _l("Good; I might do it too"), 0),
            Choice("b", _l("Fine; it is their choice"), 0),
            Choice(
                "c",
                _l("Uneasy"),
                1,
                _l("You feel uneasy about colleagues sharing company news."),
            ),
            Choice(
                "d",
                _l("It should not happen: personal accounts are not the company's"),
                3,
                _l("You think colleagues should not share company news on their own accounts."),
            ),
        ),
    ),
    Question(
        "overall-view",
        "reservations",
        _l("Overall, what do you think of social networks?"),
        (
            Choice("a", _l("Mostly positive"), 0),
            Choice("b", _l("Mixed: a tool like any other"), 0),
            Choice(
                "c",
                _l("Mostly harmful: privacy, misinformation, time lost"),
                2,
                _l("You find social networks mostly harmful."),
            ),
        ),
    ),
)
