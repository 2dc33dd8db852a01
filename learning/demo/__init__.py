"""A demo organisation: people at every level and stage, to try the product with."""

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from learning import content_sync
from learning.auth import services as accounts
from learning.auth.models import User
from learning.badges import services as badges
from learning.courses import services as courses
from learning.demo import advocacy, programme, recognition, reminders, roster, training
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.progress import quizzes
from learning.progress import services as progress

DEMO_PASSWORD = "learn-safely-2026"  # noqa: S105 - printed for the demo on purpose

# Answers to the questionnaire that lead to each level, each a clear result, not a borderline
# one (see familiarity.questionnaire). The native's answers show daily, active use.
ANSWERS_FOR_LEVEL = {
    # posts their own content weekly, opens the networks daily, at ease with everything
    "native": {
        "accounts": "a",
        "other-accounts": "d",
        "reading": "a",
        "activity": "a",
        "last-post": "a",
        "profile-help": "a",
        "features": "a",
        "audience": "a",
        "company-presence": "a",
        "colleagues-sharing": "a",
        "own-use": "a",
        "overall-view": "a",
    },
    # comments and shares monthly, at ease with the basics
    "late_adopter": {
        "accounts": "a",
        "other-accounts": "d",
        "reading": "b",
        "activity": "b",
        "last-post": "b",
        "profile-help": "b",
        "features": "b",
        "audience": "b",
        "company-presence": "b",
        "colleagues-sharing": "b",
        "own-use": "b",
        "overall-view": "b",
    },
    # a LinkedIn account read daily, never a post
    "reluctant": {
        "accounts": "a",
        "other-accounts": "d",
        "reading": "a",
        "activity": "c",
        "last-post": "e",
        "profile-help": "c",
        "features": "c",
        "audience": "b",
        "company-presence": "b",
        "colleagues-sharing": "b",
        "own-use": "b",
        "overall-view": "b",
    },
    # against the company's presence and colleagues' sharing on their own accounts, finds
    # social networks harmful
    "objector": {
        "accounts": "a",
        "other-accounts": "d",
        "reading": "c",
        "activity": "c",
        "last-post": "d",
        "profile-help": "c",
        "features": "b",
        "audience": "c",
        "company-presence": "d",
        "colleagues-sharing": "d",
        "own-use": "b",
        "overall-view": "c",
    },
    # never had an account on a social network
    "beginner": {
        "accounts": "c",
        "other-accounts": "d",
        "reading": "d",
        "activity": "d",
        "last-post": "e",
        "profile-help": "d",
        "features": "d",
        "audience": "c",
        "company-presence": "b",
        "colleagues-sharing": "b",
        "own-use": "b",
        "overall-view": "b",
    },
}

# Marie's: on social networks every day, at ease there, and against the company's use of
# employees' personal accounts. An objector who is an active user, so her path starts with
# the course written for such people.
ACTIVE_OBJECTOR = {
    **ANSWERS_FOR_LEVEL["native"],
    "company-presence": "d",
    "colleagues-sharing": "d",
}
ANSWERS_FOR_PERSON = {"marie@example.com": ACTIVE_OBJECTOR}
# The demo company's settings (all six networks), loaded with the courses.
COMPANY_FILE = Path(__file__).resolve().parent / "company.yml"

# (e-mail, name, roles, department, level or None, lessons done, guide acknowledged)
PEOPLE = [
    ("admin@example.com", "Alex Admin", ["admin"], "IT", None, 0, False),
    ("hr@example.com", "Hana Rossi", ["hr"], "People", "late_adopter", 3, True),
    ("champion@example.com", "Chloé Martin", ["champion"], "Marketing", "native", 99, True),
    ("employee@example.com", "Sam Newcomer", ["employee"], "Sales", None, 0, False),
    ("nadia@example.com", "Nadia Benali", ["employee"], "Sales", "native", 6, True),
    ("lucas@example.com", "Lucas Petit", ["employee"], "Engineering", "reluctant", 2, False),
    ("marie@example.com", "Marie Dubois", ["employee"], "Engineering", "objector", 5, True),
    ("tom@example.com", "Tom Laurent", ["employee"], "Finance", "beginner", 0, False),
    ("ines@example.com", "Inès Garcia", ["employee"], "Marketing", "late_adopter", 8, True),
    ("paul@example.com", "Paul Moreau", ["employee"], "Operations", "beginner", 4, False),
]


class NotEmpty(Exception):
    pass


def seed() -> list[tuple[str, str, str]]:
    """Create the demo organisation in an empty database; return the sign-ins."""
    if db.session.execute(sa.select(sa.func.count(User.id))).scalar():
        raise NotEmpty("The database already has accounts; the demo data was not added.")
    content_sync.sync(current_app.config["COURSES_DIR"], COMPANY_FILE)
    sign_ins = []
    people = {}
    for email, name, roles, department, level, lessons_done, _acknowledged in PEOPLE:
        user = accounts.create_user(
            email, name, roles, department=department, password=DEMO_PASSWORD
        )
        people[email] = user
        sign_ins.append((email, DEMO_PASSWORD, ", ".join(roles)))
        if level:
            familiarity.take_diagnostic(
                user, ANSWERS_FOR_PERSON.get(email, ANSWERS_FOR_LEVEL[level])
            )
            _follow_path(user, lessons_done)
    roster.seed(people, DEMO_PASSWORD, ANSWERS_FOR_LEVEL, _follow_path)
    first_people = {email for email, *_ in PEOPLE}
    acknowledging = {email for email, *_details, acknowledged in PEOPLE if acknowledged}
    timeline = training.seed(people, acknowledging, first_people, ANSWERS_FOR_LEVEL)
    items = advocacy.seed(people, timeline.earliest_share)
    training.seed_sharing(people, items, timeline, first_people)
    programme.seed(people)
    recognition.seed(people)
    reminders.seed(people)
    # The automatic badges the demo's history has earned, through the rules themselves.
    badges.apply()
    return sign_ins


def _follow_path(user: User, lessons_done: int) -> None:
    """Complete the first lessons of the path, passing each quiz on the way."""
    overview = progress.path_overview(user)
    for item in overview.courses:
        for lesson in courses.active_lessons(item.course):
            if lessons_done <= 0:
                return
            progress.complete_lesson(user, lesson)
            lessons_done -= 1
        if item.course.pass_mark is not None:
            right = {
                str(q.id): next(c.id for c in q.choices if c.is_correct)
                for q in courses.quiz_questions(item.course)
            }
            quizzes.attempt_quiz(user, item.course, right)
