"""Loading course files: idempotent, progress-preserving, and refusing invalid content."""

import shutil

import pytest
import sqlalchemy as sa

from learning.conduct.loader import GUIDE_TOPICS
from learning.content import ContentError
from learning.courses import loader
from learning.courses.models import Lesson
from learning.demo import ANSWERS_FOR_LEVEL
from learning.extensions import db
from learning.levels import LEVELS
from learning.progress.models import LessonCompletion
from tests.catalogue import (
    GUIDE_V1,
    assert_refused,
    lesson_md,
    load_content,
    snapshot,
    sync_cli,
    write_course,
)
from tests.conftest import REAL_COURSES

# The right answer of each question of the test catalogue's quiz, by question text.
RIGHT = {
    "Who answers a journalist about a crisis?": "The communications team",
    "May you share unpublished results?": "No",
}


def right_answers(course: dict) -> dict[str, int]:
    return {
        str(q["id"]): next(c["id"] for c in q["choices"] if c["text"] == RIGHT[q["text"]])
        for q in course["quiz"]["questions"]
    }


def lessons_of(client, slug: str) -> list[tuple[str, str, bool]]:
    course = client.get(f"/api/v1/courses/{slug}").json
    return [(lesson["key"], lesson["title"], lesson["completed"]) for lesson in course["lessons"]]


def test_a_first_sync_loads_everything_and_a_second_changes_nothing(app, runner, catalogue_dir):
    first = sync_cli(runner, catalogue_dir)
    assert first.exit_code == 0, first.output
    assert "6 courses added" in first.output
    assert "5 paths added" in first.output
    assert "1 guide versions added" in first.output
    before = snapshot()

    second = sync_cli(runner, catalogue_dir)
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "Courses synced: nothing changed."
    assert snapshot() == before
    assert str(load_content(catalogue_dir)) == "nothing changed"
    assert snapshot() == before


def test_editing_reordering_and_adding_lessons_keeps_progress(
    app, catalogue, catalogue_dir, make_user, api
):
    user = make_user(level="native", password=None)
    client = api(user)
    course = client.get("/api/v1/courses/core-conduct").json
    for lesson in course["lessons"]:
        assert client.post(f"/api/v1/lessons/{lesson['id']}/complete").status_code == 200
    attempt = client.post(
        "/api/v1/courses/core-conduct/quiz-attempts", json={"answers": right_answers(course)}
    )
    assert attempt.json["passed"] is True
    assert client.get("/api/v1/courses/core-conduct").json["status"] == "completed"

    folder = catalogue_dir / "core-conduct"
    (folder / "lessons" / "intro.md").write_text(
        lesson_md("Who may speak, rewritten", "A **new** text for the same lesson.")
    )
    (folder / "lessons" / "new-one.md").write_text(lesson_md("A lesson added later"))
    text = (folder / "course.yml").read_text()
    (folder / "course.yml").write_text(
        text.replace("  - intro\n  - practice\n", "  - practice\n  - intro\n  - new-one\n")
    )
    report = load_content(catalogue_dir)
    assert report.counts["lessons added"] == 1
    assert report.counts["lessons updated"] >= 2

    assert lessons_of(client, "core-conduct") == [
        ("practice", "core-conduct practice", True),
        ("intro", "Who may speak, rewritten", True),
        ("new-one", "A lesson added later", False),
    ]
    after = client.get("/api/v1/courses/core-conduct").json
    # The course was completed before the lesson was added: it stays completed.
    assert (after["status"], after["progress"]) == ("completed", 100)
    assert client.get("/api/v1/me/path").json["progress"] == 57  # 4 of 7 units


def test_a_removed_lesson_is_retired_and_no_longer_counts(
    app, catalogue, catalogue_dir, make_user, api
):
    reader_of_intro = api(make_user(level="native", password=None))
    reader_of_practice = api(make_user(level="native", password=None))
    lessons = {
        lesson["key"]: lesson["id"]
        for lesson in reader_of_intro.get("/api/v1/courses/core-conduct").json["lessons"]
    }
    reader_of_intro.post(f"/api/v1/lessons/{lessons['intro']}/complete")
    reader_of_practice.post(f"/api/v1/lessons/{lessons['practice']}/complete")
    assert reader_of_practice.get("/api/v1/courses/core-conduct").json["progress"] == 33

    folder = catalogue_dir / "core-conduct"
    course_yml = folder / "course.yml"
    original = course_yml.read_text()
    course_yml.write_text(original.replace("  - practice\n", ""))
    practice_file = folder / "lessons" / "practice.md"
    practice_text = practice_file.read_text()
    practice_file.unlink()
    # The question that pointed to the lesson now points to the remaining one.
    quiz = folder / "quiz.yml"
    quiz_text = quiz.read_text()
    quiz.write_text(quiz_text.replace("lesson: practice", "lesson: intro"))
    report = load_content(catalogue_dir)
    assert report.counts == {"lessons retired": 1, "questions updated": 1}

    # Retired, not deleted: the row and the learner's completion are still there.
    retired = db.session.get(Lesson, lessons["practice"])
    assert retired is not None
    assert retired.is_active is False
    completions = sa.select(sa.func.count()).select_from(LessonCompletion)
    assert db.session.execute(completions).scalar() == 2

    assert [key for key, _, _ in lessons_of(reader_of_intro, "core-conduct")] == ["intro"]
    intro = reader_of_intro.get("/api/v1/courses/core-conduct").json
    assert (intro["status"], intro["progress"]) == ("in_progress", 50)  # 1 of 2 units
    practice = reader_of_practice.get("/api/v1/courses/core-conduct").json
    assert (practice["status"], practice["progress"]) == ("not_started", 0)
    assert reader_of_practice.get("/api/v1/me/path").json["progress"] == 0
    gone = reader_of_practice.post(f"/api/v1/lessons/{lessons['practice']}/complete")
    assert gone.status_code == 404
    assert gone.json["error"]["code"] == "lesson_not_found"

    # Putting the file back brings the same lesson back, with its progress.
    practice_file.write_text(practice_text)
    course_yml.write_text(original)
    quiz.write_text(quiz_text)
    load_content(catalogue_dir)
    assert reader_of_practice.get("/api/v1/courses/core-conduct").json["progress"] == 33


def test_a_course_removed_from_the_files_is_retired(app, catalogue, catalogue_dir, make_user, api):
    client = api(make_user(level="native", password=None))
    shutil.rmtree(catalogue_dir / "beginner-course")
    paths = catalogue_dir / "paths.yml"
    paths.write_text(
        paths.read_text().replace(
            "  beginner:\n    title: Path for beginner\n    courses: [beginner-course]\n",
            "  beginner:\n    title: Path for beginner\n    courses: []\n",
        )
    )
    report = load_content(catalogue_dir)
    assert report.counts["courses retired"] == 1
    response = client.get("/api/v1/courses/beginner-course")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "course_not_found"


# Each case breaks the catalogue and returns the (file, line, message) it must report.


def _extra_course(root, **kwargs):
    return write_course(root, "extra-course", kwargs.pop("levels", "[all]"), **kwargs)


def _missing_field(root):
    path = _extra_course(root) / "course.yml"
    path.write_text(path.read_text().replace("title: Extra course\n", ""))
    return [(path, 1, "missing field 'title'")]


def _missing_quiz_field(root):
    path = _extra_course(root) / "quiz.yml"
    path.write_text(path.read_text().replace("    explanation: Unpublished results", "    #"))
    return [(path, 13, "missing field 'explanation'")]


def _unknown_level(root):
    path = _extra_course(root, levels="[all, experts]") / "course.yml"
    known = ", ".join(LEVELS)
    return [(path, 4, f"unknown level 'experts' (known: all, {known})")]


def _quiz_answer_not_a_choice(root):
    path = _extra_course(root) / "quiz.yml"
    path.write_text(path.read_text().replace("    answer: b\n", "    answer: z\n"))
    return [(path, 11, "the answer 'z' is not one of the choices (a, b)")]


def _quiz_lesson_missing_or_not_of_the_course(root):
    path = _extra_course(root) / "quiz.yml"
    text = path.read_text().replace("    lesson: intro\n", "")
    path.write_text(text.replace("lesson: practice", "lesson: elsewhere"))
    return [
        (path, 3, "missing field 'lesson'"),
        (path, 13, "lesson 'elsewhere' is not a lesson of this course (intro, practice)"),
    ]


def _duplicate_slug(root):
    shutil.copytree(root / "core-conduct", root / "core-conduct-copy")
    first = root / "core-conduct" / "course.yml"
    path = root / "core-conduct-copy" / "course.yml"
    return [(path, 1, f"duplicate slug 'core-conduct' (also in {first})")]


def _lesson_without_file(root):
    folder = _extra_course(root)
    (folder / "lessons" / "practice.md").unlink()
    return [(folder / "course.yml", 9, "lesson 'practice' has no file lessons/practice.md")]


def _yaml_syntax_error(root):
    path = _extra_course(root) / "course.yml"
    path.write_text(path.read_text().replace("summary: About", "summary: About: it:"))
    return [(path, 3, "invalid YAML: mapping values are not allowed here")]


def _yaml_error_in_front_matter(root):
    path = _extra_course(root) / "lessons" / "practice.md"
    path.write_text("---\nminutes: 3\ntitle: Practice: now: \n---\nText.\n")
    return [(path, 3, "invalid YAML: mapping values are not allowed here")]


def _guide_missing_a_topic(root):
    path = root / "guide" / "v2.yml"
    start = GUIDE_V1.index("  - topic: disclosure")
    end = GUIDE_V1.index("  - topic: personal_or_company")
    text = GUIDE_V1[:start] + GUIDE_V1[end:]
    path.write_text(text.replace("version: 1", "version: 2"))
    message = "the guide must cover every required topic; missing: disclosure"
    return [(path, 4, message)]


def _published_guide_edited(root):
    path = root / "guide" / "v1.yml"
    path.write_text(GUIDE_V1.replace("Harassment, insults and leaks", "Harassment and insults"))
    message = (
        "guide version 1 is already published with a different text; "
        "publish the change as version 2"
    )
    return [(path, 1, message)]


def _yes_unquoted(root):
    path = _extra_course(root) / "quiz.yml"
    path.write_text(path.read_text().replace('text: "No"', "text: No"))
    message = "'text' must be a text: put it in quotes, YAML reads yes/no/on/off as true/false"
    return [(path, 18, message)]


def _not_a_whole_number_and_an_unknown_nested_field(root):
    folder = _extra_course(root)
    course, quiz = folder / "course.yml", folder / "quiz.yml"
    course.write_text(course.read_text().replace("estimated_minutes: 10", "estimated_minutes: ten"))
    quiz.write_text(quiz.read_text().replace("text: You\n", "text: You\n        hint: Think\n"))
    return [
        (course, 5, "'estimated_minutes' must be a whole number"),
        (quiz, 9, "unknown field 'hint'"),
    ]


def _duplicate_question_id(root):
    path = _extra_course(root) / "quiz.yml"
    path.write_text(path.read_text().replace("  - id: second", "  - id: first"))
    return [(path, 13, "duplicate question id 'first' (first at line 3)")]


def _lesson_file_not_listed(root):
    path = _extra_course(root) / "lessons" / "stray.md"
    path.write_text(lesson_md("Stray"))
    return [(path, 1, "lesson file not listed in course.yml")]


def _path_course_of_another_level(root):
    _extra_course(root, levels="[beginner]")
    path = root / "paths.yml"
    path.write_text(path.read_text().replace("[native-course]", "[native-course, extra-course]"))
    message = "course 'extra-course' is not for level 'native': its levels are beginner"
    return [(path, 6, message)]


def _course_and_guide_problems_together(root):
    return _missing_field(root) + _guide_missing_a_topic(root)


@pytest.mark.parametrize(
    "break_catalogue",
    [
        _missing_field,
        _missing_quiz_field,
        _unknown_level,
        _quiz_answer_not_a_choice,
        _quiz_lesson_missing_or_not_of_the_course,
        _duplicate_slug,
        _lesson_without_file,
        _yaml_syntax_error,
        _yaml_error_in_front_matter,
        _guide_missing_a_topic,
        _published_guide_edited,
        _yes_unquoted,
        _not_a_whole_number_and_an_unknown_nested_field,
        _duplicate_question_id,
        _lesson_file_not_listed,
        _path_course_of_another_level,
        _course_and_guide_problems_together,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_invalid_content_is_refused_with_file_and_line_and_changes_nothing(
    app, runner, catalogue, catalogue_dir, make_user, break_catalogue
):
    user = make_user(level="native", password=None)
    lesson = db.session.execute(sa.select(Lesson).where(Lesson.key == "intro")).scalars().first()
    db.session.add(LessonCompletion(user_id=user.id, lesson_id=lesson.id))
    # A valid edit alongside the broken one: it must not be applied either.
    (catalogue_dir / "core-conduct" / "lessons" / "intro.md").write_text(lesson_md("Renamed"))

    assert_refused(runner, catalogue_dir, break_catalogue(catalogue_dir))


def test_invalid_content_raises_from_the_service_too(app, catalogue, catalogue_dir):
    before = snapshot()
    (expected,) = _quiz_answer_not_a_choice(catalogue_dir)
    with pytest.raises(ContentError) as refused:
        load_content(catalogue_dir)
    assert [(p.path, p.line, p.message) for p in refused.value.problems] == [expected]
    assert snapshot() == before


def test_a_missing_directory_is_refused(app, runner, tmp_path):
    result = sync_cli(runner, tmp_path / "nowhere")
    assert result.exit_code != 0
    assert f"{tmp_path / 'nowhere'}:1: no such directory" in result.stderr


def test_the_real_content_loads_and_each_level_has_its_path(app, real_catalogue, make_user, api):
    catalogue = loader.load(REAL_COURSES)
    assert {path.level for path in catalogue.paths} == set(LEVELS)
    assert catalogue.core == ["conduct-essentials"]
    assert str(load_content(REAL_COURSES)) == "nothing changed"

    seen = set()
    for level in LEVELS:
        client = api(make_user(password=None))
        result = client.post("/api/v1/diagnostic", json={"answers": ANSWERS_FOR_LEVEL[level]})
        assert result.json["level"] == level
        path = client.get("/api/v1/me/path").json
        slugs = [course["slug"] for course in path["courses"]]
        assert result.json["path"]["courses"] == slugs
        assert slugs[0] == "conduct-essentials", level
        assert 2 <= len(slugs) - 1 <= 3, (level, slugs)
        assert path["progress"] == 0
        for slug in slugs[1:]:
            assert slug not in seen, f"{slug} is in two level paths"
            seen.add(slug)
        for slug in slugs:
            course = client.get(f"/api/v1/courses/{slug}").json
            assert 3 <= len(course["lessons"]) <= 8, (slug, len(course["lessons"]))
            assert course["quiz"] is not None, slug
            assert course["quiz"]["questions"], slug
            assert 1 <= course["quiz"]["pass_mark"] <= 100
            for question in course["quiz"]["questions"]:
                assert 2 <= len(question["choices"]) <= 6


def test_the_real_guide_covers_the_four_topics(app, real_catalogue, make_user, api):
    guide = api(make_user(password=None)).get("/api/v1/conduct-guide").json
    assert [section["topic"] for section in guide["sections"]] == list(GUIDE_TOPICS)
    assert all(section["title"] and section["body"] for section in guide["sections"])
