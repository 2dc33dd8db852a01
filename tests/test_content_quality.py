"""What a trainer checks in the shipped content, read from the files: quizzes that cannot
be passed by picking the longest answer, the company's name and contacts never hard-coded,
a review date on every lesson, and a practical exercise on every path."""

import re
from datetime import date

import pytest
import sqlalchemy as sa
import yaml

from learning.courses import services as courses
from learning.courses.models import Lesson
from learning.extensions import db
from learning.levels import LEVELS
from learning.transaction import unit_of_work
from tests.catalogue import lesson_md, load_content, sync_cli
from tests.conftest import REAL_COURSES

# Right answers that are the longest choice, at most this share of all questions.
LONGEST_SHARE = 1 / 3
PLACEHOLDER = re.compile(r"\{\{\s*\w+\s*\}\}")


def quiz_files():
    return sorted(REAL_COURSES.glob("*/quiz.yml"))


def right_answer_is_longest(question: dict) -> bool:
    # Placeholders count as a typical company name, so they neither hide nor add length.
    lengths = {
        choice["id"]: len(PLACEHOLDER.sub("Northwind", str(choice["text"]).strip()))
        for choice in question["choices"]
    }
    return lengths[question["answer"]] == max(lengths.values())


def test_the_right_answer_is_the_longest_in_at_most_a_third_of_questions():
    questions = [
        question
        for path in quiz_files()
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    ]
    longest = [question["id"] for question in questions if right_answer_is_longest(question)]
    assert len(questions) > 80
    assert len(longest) / len(questions) <= LONGEST_SHARE, longest


@pytest.mark.parametrize("path", quiz_files(), ids=lambda path: path.parent.name)
def test_no_quiz_gives_its_answers_away_by_their_length(path):
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    longest = [question["id"] for question in questions if right_answer_is_longest(question)]
    assert len(longest) <= max(1, len(questions) // 3) + 1, longest


def test_the_company_is_never_hard_coded_in_the_content():
    found = []
    for path in REAL_COURSES.rglob("*"):
        if path.is_file() and path.name != "company.yml":
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\bthe company\b|comms@example\.com", line, re.IGNORECASE):
                    found.append(f"{path.relative_to(REAL_COURSES)}:{number}")
    assert found == []


def test_every_shipped_lesson_says_when_it_was_reviewed(app, real_catalogue):
    lessons = db.session.execute(sa.select(Lesson).where(Lesson.is_active.is_(True))).scalars()
    assert all(lesson.reviewed_on for lesson in lessons)
    assert courses.lessons_due_for_review(date(2026, 12, 7)) == []


def test_every_path_has_a_practical_exercise(app, real_catalogue, make_user):
    for level in LEVELS:
        path = courses.get_path(level)
        exercises = [
            lesson.key
            for step in path.steps
            if not step.for_active_users
            for lesson in step.course.lessons
            if lesson.is_active and lesson.exercise == "draft"
        ]
        assert exercises, level


def test_lessons_not_reviewed_for_a_year_are_reported(
    app, runner, catalogue, catalogue_dir, login, make_user, client
):
    lesson = catalogue_dir / "core-conduct" / "lessons" / "intro.md"
    lesson.write_text(re.sub(r"reviewed: \S+", "reviewed: 2020-03-01", lesson_md("Who speaks")))
    result = sync_cli(runner, catalogue_dir)
    assert result.exit_code == 0
    assert "1 lesson(s) not reviewed for 12 months or more:" in result.output
    assert "core-conduct/lessons/intro.md (reviewed: 2020-03-01)" in result.output

    assert [lesson.key for lesson in courses.lessons_due_for_review()] == ["intro"]
    # A year to the day is due; a day less is not.
    assert courses.review_cutoff(date(2027, 3, 1)) == date(2026, 3, 1)
    assert courses.review_cutoff(date(2028, 2, 29)) == date(2027, 2, 28)

    login(make_user(roles=("admin",)))
    page = client.get("/admin/content").get_data(as_text=True)
    assert "1 lesson has not been reviewed for 12 months or more" in page
    assert "core-conduct/lessons/intro.md" in page
    assert "Acme" in page and "Project Falcon" in page


def test_a_course_for_active_users_comes_first_only_for_them(app, catalogue_dir, make_user, api):
    write = catalogue_dir / "objector-course"
    extra = catalogue_dir / "objector-active"
    (extra / "lessons").mkdir(parents=True)
    (extra / "course.yml").write_text(
        (write / "course.yml").read_text().replace("objector-course", "objector-active")
    )
    for lesson in ("intro", "practice"):
        (extra / "lessons" / f"{lesson}.md").write_text(lesson_md(f"Active {lesson}"))
    (extra / "quiz.yml").write_text((write / "quiz.yml").read_text())
    paths = catalogue_dir / "paths.yml"
    paths.write_text(
        paths.read_text().replace(
            "    courses: [objector-course]\n",
            "    courses: [objector-course]\n    for_active_users: [objector-active]\n",
        )
    )
    load_content(catalogue_dir)
    quiet, active = make_user(level="objector"), make_user(level="objector")
    with unit_of_work():
        db.session.merge(active).active_on_networks = True

    def slugs(person):
        return [course["slug"] for course in api(person).get("/api/v1/me/path").json["courses"]]

    assert slugs(quiet) == ["core-conduct", "objector-course"]
    assert slugs(active) == ["core-conduct", "objector-active", "objector-course"]
