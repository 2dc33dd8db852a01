"""A small, valid course catalogue written to a folder, for tests to load or break."""

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from learning import content_sync
from learning.content import SyncReport
from learning.database import utcnow
from learning.extensions import db
from learning.transaction import unit_of_work

LEVELS = ("native", "late_adopter", "reluctant", "objector", "beginner")

GUIDE_V1 = """\
version: 1
published_at: 2026-01-05T09:00:00Z
changes: First version.
sections:
  - topic: speaking_for_company
    title: Who speaks for the company
    body: Only the communications team speaks for the company in a crisis.
  - topic: not_tolerated
    title: What is not tolerated
    body: Harassment, insults and leaks are misconduct.
  - topic: disclosure
    title: What you may disclose
    body: Nothing about unpublished results or unannounced deals.
  - topic: personal_or_company
    title: Say who is speaking
    body: Say whether you speak for the company or for yourself.
"""

# The French guide, lesson and question: what a translation looks like in each kind of file.
GUIDE_V1_FR = """\
version: 1
changes: Première version.
sections:
  - topic: speaking_for_company
    title: Qui parle pour l'entreprise
    body: En cas de crise, seule l'équipe communication parle pour l'entreprise.
  - topic: not_tolerated
    title: Ce qui n'est pas toléré
    body: Le harcèlement, les insultes et les fuites sont des fautes.
  - topic: disclosure
    title: Ce que vous pouvez dévoiler
    body: Rien sur des résultats non publiés ni sur des accords non annoncés.
  - topic: personal_or_company
    title: Dites qui parle
    body: Dites si vous parlez pour l'entreprise ou en votre nom.
"""

INTRO_FR = "---\ntitle: Qui peut parler\n---\nUn texte **utile**.\n"

QUIZ_FR = """\
questions:
  - id: first
    text: Qui répond à un journaliste pendant une crise ?
    explanation: Les crises sont gérées par l'équipe communication.
    choices:
      - id: a
        text: Vous
      - id: b
        text: L'équipe communication
"""


def load_content(directory) -> SyncReport:
    """Load a content folder as `courses sync` does: in one transaction."""
    with unit_of_work():
        return content_sync.sync(directory)


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, to tell whether anything at all was written."""
    db.session.commit()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
        for table in db.metadata.sorted_tables
    }


def sync_cli(runner, directory):
    """`flask --app wsgi courses sync DIRECTORY`."""
    db.session.commit()
    result = runner.invoke(args=["courses", "sync", str(directory)])
    db.session.expire_all()
    return result


def assert_refused(runner, directory: Path, expected: list[tuple[Path, int, str]]) -> None:
    """`courses sync` refuses the content: it prints each expected (path, line, message) as
    `path:line: message`, only problems under `directory`, and changes nothing."""
    before = snapshot()
    result = sync_cli(runner, directory)
    assert result.exit_code != 0
    printed = result.stderr.splitlines()
    for path, line, message in expected:
        assert f"{path}:{line}: {message}" in printed, result.stderr
    problems = [row for row in printed if not row.startswith("Error:")]
    assert all(row.startswith(str(directory)) for row in problems), problems
    assert f"{len(problems)} problem(s) in the course content; nothing was changed." in (
        result.stderr
    )
    assert snapshot() == before


def course_yml(slug: str, levels: str, lessons: list[str], title: str | None = None) -> str:
    keys = "\n".join(f"  - {key}" for key in lessons)
    return (
        f"slug: {slug}\n"
        f"title: {title or slug.replace('-', ' ').capitalize()}\n"
        f"summary: About {slug}.\n"
        f"levels: {levels}\n"
        "estimated_minutes: 10\n"
        "version: 1\n"
        f"lessons:\n{keys}\n"
    )


def lesson_md(title: str, body: str = "Some **useful** text.", front: str = "") -> str:
    """A lesson reviewed a month ago, so never due for review whatever today is."""
    reviewed = (utcnow().date() - timedelta(days=30)).isoformat()
    return f"---\ntitle: {title}\nminutes: 3\nreviewed: {reviewed}\n{front}---\n{body}\n"


COMPANY = """\
name: Acme
communications_contact: the communications team (press@acme.example)
data_protection_contact: the data protection officer (dpo@acme.example)
networks:
  - network: linkedin
    purpose: Our news and our jobs.
  - network: x
    purpose: Live events.
  - network: facebook
    purpose: Our sites.
  - network: instagram
    purpose: Pictures.
  - network: whatsapp
    purpose: One to one.
  - network: email
    purpose: One to one.
confidential_terms: [Project Falcon]
"""


QUIZ = """\
pass_mark: 50
questions:
  - id: first
    lesson: intro
    text: Who answers a journalist about a crisis?
    choices:
      - id: a
        text: You
      - id: b
        text: The communications team
    answer: b
    explanation: Crises are handled by the communications team.
  - id: second
    lesson: practice
    text: May you share unpublished results?
    choices:
      - id: a
        text: "No"
      - id: b
        text: Yes, with friends
    answer: a
    explanation: Unpublished results are confidential.
"""


def write_course(root: Path, slug: str, levels: str, lessons=("intro", "practice")) -> Path:
    folder = root / slug
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "course.yml").write_text(course_yml(slug, levels, list(lessons)))
    for key in lessons:
        (folder / "lessons" / f"{key}.md").write_text(lesson_md(f"{slug} {key}"))
    (folder / "quiz.yml").write_text(QUIZ)
    return folder


EXERCISE_COURSE = "practice-course"


def write_exercise_course(root: Path, slug: str = EXERCISE_COURSE) -> Path:
    """A course in no path whose `practice` lesson is a draft exercise (`exercise: draft`)."""
    folder = write_course(root, slug, "[all]")
    exercise = lesson_md(f"{slug} practice", "Draft a post.", front="exercise: draft\n")
    (folder / "lessons" / "practice.md").write_text(exercise)
    return folder


def write_catalogue(root: Path) -> Path:
    """Core course `core-conduct` plus one course `<level>-course` per level, guide v1; the
    guide, the core course's `intro` lesson and its `first` question also in French."""
    root.mkdir(parents=True, exist_ok=True)
    core = write_course(root, "core-conduct", "[all]")
    (core / "lessons" / "intro.fr.md").write_text(INTRO_FR, encoding="utf-8")
    (core / "quiz.fr.yml").write_text(QUIZ_FR, encoding="utf-8")
    paths = ["core:\n  - core-conduct\npaths:\n"]
    for level in LEVELS:
        slug = f"{level.replace('_', '-')}-course"
        write_course(root, slug, f"[{level}]")
        paths.append(f"  {level}:\n    title: Path for {level}\n    courses: [{slug}]\n")
    (root / "paths.yml").write_text("".join(paths))
    (root / "company.yml").write_text(COMPANY)
    (root / "guide").mkdir(exist_ok=True)
    (root / "guide" / "v1.yml").write_text(GUIDE_V1)
    (root / "guide" / "v1.fr.yml").write_text(GUIDE_V1_FR, encoding="utf-8")
    return root
