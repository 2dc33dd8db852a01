"""People a trainer knows, as the answers they would give to the questionnaire.

Each persona is one line about the person, their answers, the level a trainer would give
them and why, and, for a borderline result, the neighbouring level they may choose. They
sit on both sides of the boundary between every pair of neighbouring levels. The first
seven are the people the earlier questionnaire misplaced: a reader who never posts, two
people without any account, a WhatsApp-only user, two objectors it missed, and a LinkedIn
power user who started late.
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

    @property
    def other_side(self) -> str | None:
        return self.neighbour or self.across

    @property
    def answers(self) -> dict[str, str]:
        return {**self.use, **self.skill, **self.views}


PERSONAS = [
    Persona(
        name="linkedin-reader-58",
        who=(
            "A 58-year-old buyer who reads LinkedIn every morning and has never posted or "
            "commented."
        ),
        use={"accounts": "b", "reading": "a", "activity": "c", "last-post": "e"},
        skill={"profile-help": "c", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="reluctant",
        why="Reading is not posting: she knows the network and does not use it for herself.",
    ),
    Persona(
        name="no-account-knows-the-words",
        who=(
            "An accountant with no account anywhere, who has heard of hashtags and mentions on "
            "the news."
        ),
        use={"accounts": "e", "reading": "d", "activity": "d", "last-post": "e"},
        skill={"profile-help": "d", "features": "c", "audience": "c"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="beginner",
        why="Recognising the words is not using the networks: the basics come first.",
    ),
    Persona(
        name="no-account-at-all",
        who="A warehouse team leader who has never had a social or messaging account.",
        use={"accounts": "e", "reading": "d", "activity": "d", "last-post": "e"},
        skill={"profile-help": "d", "features": "d", "audience": "c"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="beginner",
        why="He has never used any network.",
    ),
    Persona(
        name="whatsapp-only",
        who="A technician who uses WhatsApp every day with his family, and nothing else.",
        use={"accounts": "d", "reading": "d", "activity": "d", "last-post": "e"},
        skill={"profile-help": "c", "features": "c", "audience": "c"},
        views={"company-presence": "a", "colleagues-sharing": "b", "overall-view": "b"},
        level="beginner",
        why=(
            "A messaging app is not a network the company publishes on: he has no account there "
            "yet."
        ),
    ),
    Persona(
        name="privacy-activist",
        who=(
            "A privacy activist who deleted her accounts, knows every privacy setting, and is "
            "against the company being on social networks."
        ),
        use={"accounts": "e", "reading": "d", "activity": "d", "last-post": "d"},
        skill={"profile-help": "c", "features": "a", "audience": "a"},
        views={"company-presence": "d", "colleagues-sharing": "b", "overall-view": "c"},
        level="objector",
        why="Strong objections, not cancelled by finding colleagues' sharing their own choice.",
        across="beginner",
    ),
    Persona(
        name="instagram-daily-distrusts-the-company",
        who=(
            "A 24-year-old who posts on Instagram every day and thinks personal accounts are not "
            "the company's."
        ),
        use={"accounts": "c", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "b", "features": "a", "audience": "a"},
        views={"company-presence": "c", "colleagues-sharing": "d", "overall-view": "a"},
        level="objector",
        why=(
            "At ease and active, but opposed to the company's use of personal accounts: his path "
            "must address that."
        ),
        across="native",
    ),
    Persona(
        name="linkedin-power-user-since-38",
        who=(
            "A sales director who joined LinkedIn at 38, publishes articles every week and "
            "coaches his team on their profiles."
        ),
        use={"accounts": "b", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "a", "features": "a", "audience": "a"},
        views={"company-presence": "a", "colleagues-sharing": "a", "overall-view": "b"},
        level="native",
        why="What he does and how well, not the age he started, make it second nature.",
    ),
    Persona(
        name="everywhere-every-day",
        who=(
            "A 27-year-old marketing assistant on every network, who posts daily and knows every "
            "setting."
        ),
        use={"accounts": "a", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "a", "features": "a", "audience": "a"},
        views={"company-presence": "a", "colleagues-sharing": "a", "overall-view": "a"},
        level="native",
        why="Social media is second nature to her.",
    ),
    Persona(
        name="joined-in-his-forties",
        who=(
            "A 52-year-old engineer who joined Facebook and LinkedIn in his forties and comments "
            "and shares every month."
        ),
        use={"accounts": "a", "reading": "b", "activity": "b", "last-post": "b"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="late_adopter",
        why="He uses the networks and posts, and is not yet fully at ease.",
    ),
    Persona(
        name="frequent-poster-unsure-of-settings",
        who=(
            "A recruiter who posts job offers every week but is unsure who sees what, and fumbles"
            " with profiles."
        ),
        use={"accounts": "a", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "b", "features": "a", "audience": "b"},
        views={"company-presence": "a", "colleagues-sharing": "a", "overall-view": "a"},
        level="late_adopter",
        why=(
            "She posts often but is still growing at ease: one more point of skill would make her"
            " native."
        ),
        neighbour="native",
    ),
    Persona(
        name="monthly-poster-at-ease",
        who=(
            "A consultant who publishes a post of her own each month, opens LinkedIn a few times "
            "a week and helps colleagues with their profiles."
        ),
        use={"accounts": "a", "reading": "b", "activity": "a", "last-post": "b"},
        skill={"profile-help": "a", "features": "a", "audience": "b"},
        views={"company-presence": "a", "colleagues-sharing": "a", "overall-view": "a"},
        level="native",
        why="At ease and posting her own content, just often enough: close to late adopter.",
        neighbour="late_adopter",
    ),
    Persona(
        name="shares-a-few-times-a-year",
        who=(
            "A project manager with a LinkedIn account who shares a colleague's post a few times "
            "a year."
        ),
        use={"accounts": "b", "reading": "c", "activity": "b", "last-post": "c"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="late_adopter",
        why="He does post, a little: one point less of posting would make him reluctant.",
        neighbour="reluctant",
    ),
    Persona(
        name="posted-years-ago",
        who="An assistant who posted holiday photos on Facebook years ago and now only reads.",
        use={"accounts": "c", "reading": "b", "activity": "c", "last-post": "d"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="reluctant",
        why="She has an account and reads, but no longer posts.",
    ),
    Persona(
        name="reacted-over-a-year-ago",
        who="A lawyer who used to like and share on LinkedIn, the last time more than a year ago.",
        use={"accounts": "b", "reading": "c", "activity": "b", "last-post": "d"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="reluctant",
        why="She has stopped posting; a little more would make her a late adopter.",
        neighbour="late_adopter",
    ),
    Persona(
        name="facebook-account-never-opened",
        who="A driver whose Facebook account was made for a school group and is never opened.",
        use={"accounts": "c", "reading": "d", "activity": "d", "last-post": "e"},
        skill={"profile-help": "c", "features": "c", "audience": "c"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="reluctant",
        why="He has an account, so knows the network, and does not use it.",
        across="beginner",
    ),
    Persona(
        name="reads-forwarded-links",
        who=(
            "A controller who reads the LinkedIn articles colleagues forward by e-mail, without "
            "an account."
        ),
        use={"accounts": "e", "reading": "c", "activity": "c", "last-post": "e"},
        skill={"profile-help": "c", "features": "c", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "b"},
        level="beginner",
        why="Reading forwarded links is not having an account: the basics come first.",
        across="reluctant",
    ),
    Persona(
        name="reader-with-doubts",
        who=(
            "A LinkedIn reader who doubts the company's presence and feels uneasy about "
            "colleagues sharing."
        ),
        use={"accounts": "b", "reading": "b", "activity": "c", "last-post": "e"},
        skill={"profile-help": "c", "features": "b", "audience": "b"},
        views={"company-presence": "c", "colleagues-sharing": "c", "overall-view": "b"},
        level="reluctant",
        why="Doubts, not opposition: one more point of reservations would make her an objector.",
        neighbour="objector",
    ),
    Persona(
        name="job-offers-only-and-harmful",
        who=(
            "An analyst who keeps a LinkedIn account for job offers, never posts, finds social "
            "networks harmful and doubts the company's presence."
        ),
        use={"accounts": "b", "reading": "c", "activity": "c", "last-post": "e"},
        skill={"profile-help": "c", "features": "b", "audience": "b"},
        views={"company-presence": "c", "colleagues-sharing": "b", "overall-view": "c"},
        level="objector",
        why=(
            "His reservations, just at the threshold, come before his passive use: close to "
            "reluctant."
        ),
        neighbour="reluctant",
    ),
    Persona(
        name="family-poster-finds-them-harmful",
        who=(
            "A nurse who posts family news on Facebook every week, finds social networks mostly "
            "harmful, but is fine with the company being there."
        ),
        use={"accounts": "c", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "c"},
        level="late_adopter",
        why=(
            "She uses them and posts; her doubts are about the networks, not the company: close "
            "to objector."
        ),
        neighbour="objector",
    ),
    Persona(
        name="commenter-against-the-company",
        who=(
            "A buyer who comments on Facebook every month and is against the company being on "
            "social networks."
        ),
        use={"accounts": "c", "reading": "b", "activity": "b", "last-post": "b"},
        skill={"profile-help": "b", "features": "b", "audience": "b"},
        views={"company-presence": "d", "colleagues-sharing": "b", "overall-view": "b"},
        level="objector",
        why=(
            "One strong objection to the company's presence weighs on its own: close to late "
            "adopter."
        ),
        neighbour="late_adopter",
    ),
    Persona(
        name="native-with-doubts",
        who=(
            "A designer who posts on LinkedIn and Instagram every day, doubts the company's "
            "presence and feels uneasy about colleagues sharing."
        ),
        use={"accounts": "a", "reading": "a", "activity": "a", "last-post": "a"},
        skill={"profile-help": "a", "features": "a", "audience": "a"},
        views={"company-presence": "c", "colleagues-sharing": "c", "overall-view": "b"},
        level="native",
        why="Second nature, with doubts that stop short of objection.",
        neighbour="objector",
    ),
    Persona(
        name="no-account-finds-them-harmful",
        who=(
            "A foreman close to retirement with no account, who finds social networks mostly "
            "harmful."
        ),
        use={"accounts": "e", "reading": "d", "activity": "d", "last-post": "e"},
        skill={"profile-help": "d", "features": "c", "audience": "c"},
        views={"company-presence": "b", "colleagues-sharing": "b", "overall-view": "c"},
        level="beginner",
        why="No account; his view is negative, not an objection to the company's use.",
        neighbour="objector",
    ),
]


def persona(name: str) -> Persona:
    return next(p for p in PERSONAS if p.name == name)
