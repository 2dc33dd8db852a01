"""People a trainer knows, as the answers they would give to the questionnaire.

Each persona is one line about the person, their answers, the level a trainer would give
them and why, whether they use social networks daily and actively, and, for a borderline
result, the neighbouring level they may choose. They sit on both sides of the boundary
between every pair of neighbouring levels. The first seven are the people the first
questionnaire misplaced: a reader who never posts, two people without any account, a
WhatsApp-only user, two objectors it missed, and a LinkedIn power user who started late.
The last ones are those the second misplaced: people active on other networks than the
company's, someone who stopped after harassment, daily users who differ by one word on
the company's use, and someone with no opinion.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    name: str
    who: str
    # The answers, question id -> choice id, in three groups: how they use the networks,
    # how at ease they are there, what they think of them.
    use: dict[str, str]
    skill: dict[str, str]
    views: dict[str, str]
    level: str
    why: str
    # A borderline result's neighbouring level.
    neighbour: str | None = None
    # For a clear result, the level on the other side of the boundary it stands by.
    across: str | None = None
    # Daily, active use of social networks: their path may start with a course for them.
    active: bool = False

    @property
    def other_side(self) -> str | None:
        return self.neighbour or self.across

    @property
    def answers(self) -> dict[str, str]:
        return {**self.use, **self.skill, **self.views}


USE = ("accounts", "other-accounts", "reading", "activity", "last-post")
SKILL = ("profile-help", "features", "audience")
VIEWS = ("company-presence", "colleagues-sharing", "own-use", "overall-view")


def use(*choices: str) -> dict[str, str]:
    return dict(zip(USE, choices, strict=True))


def skill(*choices: str) -> dict[str, str]:
    return dict(zip(SKILL, choices, strict=True))


def views(*choices: str) -> dict[str, str]:
    return dict(zip(VIEWS, choices, strict=True))


# What someone who neither approves nor objects answers, and someone with no opinion.
NEUTRAL = views("b", "b", "b", "b")
NO_OPINION = views("e", "e", "e", "d")

PERSONAS = [
    Persona(
        "linkedin-reader-58",
        "A 58-year-old buyer who reads LinkedIn every morning and has never posted or commented.",
        use("a", "d", "a", "c", "e"),
        skill("c", "b", "b"),
        NEUTRAL,
        "reluctant",
        "Reading is not posting: she knows the network and does not use it for herself.",
    ),
    Persona(
        "no-account-knows-the-words",
        "An accountant with no account anywhere, who has heard of hashtags on the news.",
        use("c", "d", "d", "d", "e"),
        skill("d", "c", "c"),
        NEUTRAL,
        "beginner",
        "Recognising the words is not using the networks: the basics come first.",
    ),
    Persona(
        "no-account-at-all",
        "A warehouse team leader who has never had a social or messaging account.",
        use("c", "d", "d", "d", "e"),
        skill("d", "d", "c"),
        NEUTRAL,
        "beginner",
        "He has never used any network.",
    ),
    Persona(
        "whatsapp-only",
        "A technician who uses WhatsApp every day with his family, and nothing else.",
        use("c", "c", "d", "d", "e"),
        skill("c", "c", "c"),
        views("a", "b", "b", "b"),
        "beginner",
        "A messaging app is not a social network: he has no account on one yet.",
    ),
    Persona(
        "privacy-activist",
        "A privacy activist who closed her accounts, knows every privacy setting, keeps away "
        "from the networks and is against the company being there.",
        use("b", "d", "d", "d", "d"),
        skill("c", "a", "a"),
        views("d", "b", "d", "c"),
        "objector",
        "Against the company's presence and rejecting the networks herself: finding "
        "colleagues' sharing their own choice does not cancel it, and makes her close to the "
        "reluctant she would otherwise be.",
        neighbour="reluctant",
    ),
    Persona(
        "instagram-daily-distrusts-the-company",
        "A 24-year-old who posts on Instagram every day and thinks personal accounts are not "
        "the company's; he doubts the company's presence.",
        use("a", "d", "a", "a", "a"),
        skill("b", "a", "a"),
        views("c", "d", "a", "a"),
        "objector",
        "At ease and active, but opposed to the company's use of personal accounts: his path "
        "must address that; with only doubts about the company's presence, close to native.",
        neighbour="native",
        active=True,
    ),
    Persona(
        "linkedin-power-user-since-38",
        "A sales director who joined LinkedIn at 38, publishes articles every week and coaches "
        "his team on their profiles.",
        use("a", "d", "a", "a", "a"),
        skill("a", "a", "a"),
        views("a", "a", "a", "b"),
        "native",
        "What he does and how well, not the age he started, make it second nature.",
        active=True,
    ),
    Persona(
        "everywhere-every-day",
        "A 27-year-old marketing assistant on every network, TikTok too, who posts daily and "
        "knows every setting.",
        use("a", "a", "a", "a", "a"),
        skill("a", "a", "a"),
        views("a", "a", "a", "a"),
        "native",
        "Social media is second nature to her.",
        active=True,
    ),
    Persona(
        "joined-in-his-forties",
        "A 52-year-old engineer who joined Facebook and LinkedIn in his forties and comments "
        "and shares every month.",
        use("a", "d", "b", "b", "b"),
        skill("b", "b", "b"),
        NEUTRAL,
        "late_adopter",
        "He uses the networks and posts, and is not yet fully at ease.",
    ),
    Persona(
        "frequent-poster-unsure-of-settings",
        "A recruiter who posts job offers every week but is unsure who sees what, and fumbles "
        "with profiles.",
        use("a", "d", "a", "a", "a"),
        skill("b", "a", "b"),
        views("a", "a", "a", "a"),
        "late_adopter",
        "She posts often but is still growing at ease: one more point of skill would make her "
        "native.",
        neighbour="native",
        active=True,
    ),
    Persona(
        "monthly-poster-at-ease",
        "A consultant who publishes a post of her own each month, opens LinkedIn a few times a "
        "week and helps colleagues with their profiles.",
        use("a", "d", "b", "a", "b"),
        skill("a", "a", "b"),
        views("a", "a", "a", "a"),
        "native",
        "At ease and posting her own content, just often enough: close to late adopter.",
        neighbour="late_adopter",
    ),
    Persona(
        "shares-a-few-times-a-year",
        "A project manager with a LinkedIn account who shares a colleague's post a few times a "
        "year.",
        use("a", "d", "c", "b", "c"),
        skill("b", "b", "b"),
        NEUTRAL,
        "late_adopter",
        "He does post, a little: one point less of posting would make him reluctant.",
        neighbour="reluctant",
    ),
    Persona(
        "posted-years-ago",
        "An assistant who posted holiday photos on Facebook years ago and now only reads.",
        use("a", "d", "b", "c", "d"),
        skill("b", "b", "b"),
        NEUTRAL,
        "reluctant",
        "She has an account and reads, but no longer posts.",
    ),
    Persona(
        "reacted-over-a-year-ago",
        "A lawyer who used to like and share on LinkedIn, the last time more than a year ago.",
        use("a", "d", "c", "b", "d"),
        skill("b", "b", "b"),
        NEUTRAL,
        "reluctant",
        "She has stopped posting; a little more would make her a late adopter.",
        neighbour="late_adopter",
    ),
    Persona(
        "facebook-account-never-opened",
        "A driver whose Facebook account was made for a school group and is never opened.",
        use("a", "d", "d", "d", "e"),
        skill("c", "c", "c"),
        NEUTRAL,
        "reluctant",
        "He has an account, so knows the network, and does not use it.",
        across="beginner",
    ),
    Persona(
        "reads-forwarded-links",
        "A controller who reads the LinkedIn articles colleagues forward by e-mail, without an "
        "account.",
        use("c", "d", "c", "c", "e"),
        skill("c", "c", "b"),
        NEUTRAL,
        "beginner",
        "Reading forwarded links is not having an account: the basics come first.",
        across="reluctant",
    ),
    Persona(
        "reader-with-doubts",
        "A LinkedIn reader who doubts the company's presence and would rather colleagues did "
        "not share company news.",
        use("a", "d", "b", "c", "e"),
        skill("c", "b", "b"),
        views("c", "c", "b", "b"),
        "reluctant",
        "Doubts, not opposition: one more point of opposition would make her an objector.",
        neighbour="objector",
    ),
    Persona(
        "job-offers-only-and-harmful",
        "An analyst who keeps a LinkedIn account for job offers, never posts, feels uneasy "
        "there, finds social networks harmful, doubts the company's presence and would rather "
        "colleagues did not share company news.",
        use("a", "d", "c", "c", "e"),
        skill("c", "b", "b"),
        views("c", "c", "c", "c"),
        "objector",
        "Doubts about the company's use along with unease about the networks, just at the "
        "threshold, come before his passive use: close to reluctant.",
        neighbour="reluctant",
    ),
    Persona(
        "family-poster-finds-them-harmful",
        "A nurse who posts family news on Facebook every week, finds social networks mostly "
        "harmful, but is fine with the company being there.",
        use("a", "d", "a", "a", "a"),
        skill("b", "b", "b"),
        views("b", "b", "b", "c"),
        "late_adopter",
        "She uses them and posts; her doubts are about the networks, not the company, and "
        "unease is not opposition: she is not even close to objector.",
        active=True,
    ),
    Persona(
        "commenter-against-the-company",
        "A buyer who comments on Facebook every month, is against the company being on social "
        "networks and would rather colleagues did not share company news.",
        use("a", "d", "b", "b", "b"),
        skill("b", "b", "b"),
        views("d", "c", "b", "b"),
        "objector",
        "Against the company's presence and not keen on colleagues' sharing, just at the "
        "threshold: close to late adopter.",
        neighbour="late_adopter",
    ),
    Persona(
        "native-with-doubts",
        "A designer who posts on LinkedIn and Instagram every day, doubts the company's "
        "presence and would rather colleagues did not share company news.",
        use("a", "d", "a", "a", "a"),
        skill("a", "a", "a"),
        views("c", "c", "a", "b"),
        "native",
        "Second nature, with doubts that stop short of objection.",
        neighbour="objector",
        active=True,
    ),
    Persona(
        "no-account-finds-them-harmful",
        "A foreman close to retirement with no account, who finds social networks mostly "
        "harmful and keeps away from them.",
        use("c", "d", "d", "d", "e"),
        skill("d", "c", "c"),
        views("b", "b", "d", "c"),
        "beginner",
        "No account; his view of the networks is negative, which is not an objection to the "
        "company's use of them.",
    ),
    # The people the second questionnaire misplaced, and their neighbours.
    Persona(
        "open-source-developer",
        "A developer who publishes code and posts on GitHub and Mastodon every day, with no "
        "LinkedIn, X, Facebook or Instagram account.",
        use("c", "a", "a", "a", "a"),
        skill("a", "a", "a"),
        views("b", "b", "a", "b"),
        "late_adopter",
        "Social media is second nature to him, not the company's networks: not a beginner, "
        "but his path is those networks and how to engage on each, not the objectives.",
        active=True,
    ),
    Persona(
        "tiktok-youtube-creator",
        "A 22-year-old who posts videos on TikTok and YouTube every day for her followers, "
        "with no account on the company's networks.",
        use("c", "a", "a", "a", "a"),
        skill("b", "a", "a"),
        views("a", "a", "a", "a"),
        "late_adopter",
        "She creates for an audience every day; what she lacks is the company's networks and "
        "their formats, which is the late adopter path.",
        active=True,
    ),
    Persona(
        "bluesky-journalist",
        "A former journalist who closed her X account for Bluesky, where she posts and "
        "discusses every day.",
        use("b", "a", "a", "a", "a"),
        skill("a", "a", "b"),
        views("b", "b", "b", "b"),
        "late_adopter",
        "Skilled and active, but no longer on a network the company uses: her path starts "
        "with them.",
        active=True,
    ),
    Persona(
        "stopped-after-harassment",
        "A former community manager who posted every day, was harassed, closed her accounts, "
        "keeps away from the networks and finds them harmful, but is fine with the company "
        "and colleagues using them.",
        use("b", "d", "d", "d", "d"),
        skill("a", "a", "a"),
        views("b", "b", "d", "c"),
        "reluctant",
        "Unease from experience is not opposition to the company's use: she knows the "
        "networks well and no longer posts, and is not even close to objector.",
    ),
    Persona(
        "daily-user-against-corporate-use",
        "A sales rep on Instagram and LinkedIn every day who is against the company being on "
        "social networks and thinks personal accounts are not the company's.",
        use("a", "d", "a", "a", "a"),
        skill("b", "a", "b"),
        views("d", "d", "a", "a"),
        "objector",
        "Clearly opposed to the company's use of personal accounts: an objector whatever one "
        "softer word; his path starts with the course for active users.",
        across="late_adopter",
        active=True,
    ),
    Persona(
        "daily-user-doubtful-of-corporate-use",
        "The same sales rep's colleague, as active, who only doubts the company's presence and "
        "would rather colleagues did not share company news.",
        use("a", "d", "a", "a", "a"),
        skill("b", "a", "b"),
        views("c", "c", "a", "a"),
        "late_adopter",
        "Doubts are not opposition: a late adopter still growing at ease, offered the objector "
        "path if the doubts run deeper than the words.",
        neighbour="objector",
        active=True,
    ),
    Persona(
        "no-opinion-everywhere",
        "A new hire on LinkedIn and Facebook who comments every month and answers \"I don't "
        'know / no opinion" to every question on what she thinks.',
        use("a", "d", "b", "b", "b"),
        skill("b", "b", "b"),
        NO_OPINION,
        "late_adopter",
        "No opinion is not a reservation: she is placed by what she does, as if neutral.",
    ),
    Persona(
        "never-had-an-account-against-it",
        "A machinist who has never had an account, is against the company being on social "
        "networks and thinks colleagues' accounts are their own.",
        use("c", "d", "d", "d", "e"),
        skill("d", "d", "c"),
        views("d", "d", "b", "b"),
        "objector",
        "Opposition first: the basics would not address what stands in the way.",
        across="beginner",
    ),
    Persona(
        "no-account-doubts-the-company",
        "A receptionist with no account who doubts the company's presence and would rather "
        "colleagues did not share company news.",
        use("c", "d", "d", "d", "e"),
        skill("d", "c", "c"),
        views("c", "c", "b", "b"),
        "beginner",
        "Doubts, not opposition: the basics first, close to objector.",
        neighbour="objector",
    ),
]


def persona(name: str) -> Persona:
    return next(p for p in PERSONAS if p.name == name)
