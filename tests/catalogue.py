"""A small, valid course catalogue written to a folder, for tests to load or break."""

from pathlib import Path

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


def lesson_md(title: str, body: str = "Some **useful** text.") -> str:
    return f"---\ntitle: {title}\nminutes: 3\n---\n{body}\n"


QUIZ = """\
pass_mark: 50
questions:
  - id: first
    text: Who answers a journalist about a crisis?
    choices:
      - id: a
        text: You
      - id: b
        text: The communications team
    answer: b
    explanation: Crises are handled by the communications team.
  - id: second
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


def write_catalogue(root: Path) -> Path:
    """Core course `core-conduct` plus one course `<level>-course` per level, guide v1."""
    root.mkdir(parents=True, exist_ok=True)
    write_course(root, "core-conduct", "[all]")
    paths = ["core:\n  - core-conduct\npaths:\n"]
    for level in LEVELS:
        slug = f"{level.replace('_', '-')}-course"
        write_course(root, slug, f"[{level}]")
        paths.append(f"  {level}:\n    title: Path for {level}\n    courses: [{slug}]\n")
    (root / "paths.yml").write_text("".join(paths))
    (root / "guide").mkdir(exist_ok=True)
    (root / "guide" / "v1.yml").write_text(GUIDE_V1)
    return root
