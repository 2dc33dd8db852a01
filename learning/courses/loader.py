"""Reading and checking the course files: courses, lessons, quizzes, paths and their
translations. Nothing here touches the database.

Each kind of file has a spec (see learning.content); what spans several files (a lesson's
file, a path's courses, a translation's original) is checked here, explicitly. Quizzes are
read by quiz_loader.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from learning.content import (
    ContentError,
    Items,
    Key,
    Problem,
    Record,
    SourceFile,
    Spec,
    Text,
    WholeNumber,
    at_least_one,
    one_of,
    split_locale,
)
from learning.courses import quiz_loader
from learning.courses.models import EXERCISES
from learning.levels import LEVELS


@dataclass
class TranslatedLesson:
    title: str
    body: str


@dataclass
class LessonSpec:
    key: str
    title: str
    minutes: int
    body: str
    # When its facts were last checked: statements about networks age every year.
    reviewed: date | None = None
    # Offered only when the company uses one of these networks; empty: always offered.
    networks: list[str] = field(default_factory=list)
    exercise: str | None = None
    # By locale: the lesson in another language.
    translations: dict[str, TranslatedLesson] = field(default_factory=dict)


@dataclass
class CourseSpec:
    slug: str
    title: str
    summary: str
    levels: list[str]
    estimated_minutes: int
    version: int
    lessons: list[LessonSpec]
    pass_mark: int | None = None
    questions: list[quiz_loader.QuestionSpec] = field(default_factory=list)
    source: Path | None = None


@dataclass
class PathSpec:
    level: str
    title: str
    summary: str
    courses: list[str]
    # Put first, for the people of this level whose answers show they are active users.
    for_active_users: list[str] = field(default_factory=list)


@dataclass
class Catalogue:
    courses: list[CourseSpec]
    core: list[str]
    paths: list[PathSpec]


class CourseFile(Spec):
    slug = Key("slug")
    title = Text()
    summary = Text(load_default="")
    levels = Items(
        Text(validate=one_of(("all", *LEVELS), "unknown level '{input}' (known: {choices})")),
        validate=at_least_one("list at least one level, or 'all'"),
    )
    estimated_minutes = WholeNumber(1, 600)
    version = WholeNumber(1, 10_000)
    lessons = Items(
        Key("lesson key"),
        repeated="lesson '{value}' is listed twice",
        validate=at_least_one("a course needs at least one lesson"),
    )


class Day(Text):
    """A date, written 2026-12-07."""

    default_error_messages = {"date": "'{field}' must be a date, e.g. 2026-12-07"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(super()._deserialize(value, attr, data, **kwargs))
        except ValueError:
            raise self.make_error("date") from None


class LessonFrontMatter(Spec):
    title = Text()
    minutes = WholeNumber(1, 240, load_default=5)
    reviewed = Day()
    networks = quiz_loader.network_list()
    exercise = Text(
        validate=one_of(EXERCISES, "unknown exercise '{input}' (known: {choices})"),
        load_default=None,
    )


class LessonTranslationFrontMatter(Spec):
    title = Text()


class PathEntry(Spec):
    error_messages = {"type": "a path must be a mapping of fields"}
    title = Text()
    summary = Text(load_default="")
    courses = Items(Text())
    for_active_users = Items(Text(), load_default=list)


class _LevelPaths(Spec):
    unknown_message = "unknown level '{field}'"


PathsByLevel = _LevelPaths.from_dict(
    {
        level: Record(PathEntry, error_messages={"required": f"no path for level '{level}'"})
        for level in LEVELS
    },
    name="PathsByLevel",
)


class PathsFile(Spec):
    core = Items(Text())
    paths = Record(PathsByLevel)


def load(root: Path) -> Catalogue:
    """Read and check the courses and paths under `root`; raise ContentError on any problem."""
    problems: list[Problem] = []
    courses: dict[str, CourseSpec] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "course.yml").is_file()):
        course = _load_course(folder, problems)
        if course is None:
            continue
        if course.slug in courses:
            first = courses[course.slug].source
            problems.append(
                Problem(course.source, 1, f"duplicate slug '{course.slug}' (also in {first})")
            )
            continue
        courses[course.slug] = course
    paths_file = root / "paths.yml"
    if paths_file.is_file():
        core, paths = _load_paths(paths_file, courses, problems)
    else:
        problems.append(Problem(paths_file, 1, "missing paths.yml: one path per level"))
        core, paths = [], []
    if problems:
        raise ContentError(problems)
    return Catalogue(list(courses.values()), core, paths)


def _load_course(folder: Path, problems: list[Problem]) -> CourseSpec | None:
    before = len(problems)
    file = SourceFile(folder / "course.yml", problems)
    data = file.load(CourseFile)
    if data is None:
        return None
    lessons: dict[str, LessonSpec | None] = {}
    for index, key in enumerate(data.get("lessons", [])):
        if key is None or key in lessons:
            continue
        path = folder / "lessons" / f"{key}.md"
        if path.is_file():
            lessons[key] = _load_lesson(path, problems)
        else:
            lessons[key] = None
            file.problem_at(("lessons", index), f"lesson '{key}' has no file lessons/{key}.md")
    for path in sorted((folder / "lessons").glob("*.md")):
        parts = split_locale(path, problems)
        if parts is None:
            continue
        key, locale = parts
        if key not in lessons:
            message = (
                "lesson file not listed in course.yml"
                if locale is None
                else f"translation of lesson '{key}', which course.yml does not list"
            )
            problems.append(Problem(path, 1, message))
        elif locale is not None:
            translation = _load_lesson_translation(path, problems)
            if lessons[key] and translation:
                lessons[key].translations[locale] = translation
    pass_mark, questions = quiz_loader.load(folder, list(lessons), problems)
    if len(problems) > before:
        return None
    return CourseSpec(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        levels=data["levels"],
        estimated_minutes=data["estimated_minutes"],
        version=data["version"],
        lessons=list(lessons.values()),
        pass_mark=pass_mark,
        questions=questions,
        source=file.path,
    )


def _read_lesson(path: Path, problems: list[Problem], spec: type[Spec], fields: str):
    """A lesson file's front matter, checked against `spec`, and its Markdown body."""
    file = SourceFile(path, problems)
    text = file.read()
    parts = None if text is None else file.front_matter(text, fields)
    if parts is None or not file.parse(parts.yaml, first_line=2):
        return None
    front = file.validate(spec, "the front matter")
    if not parts.body:
        file.problem(parts.body_line, "the lesson has no text")
    return (front, parts.body) if file.clean else None


def _load_lesson(path: Path, problems: list[Problem]) -> LessonSpec | None:
    read = _read_lesson(path, problems, LessonFrontMatter, "title, minutes, reviewed")
    if read is None:
        return None
    front, body = read
    return LessonSpec(
        key=path.stem,
        title=front["title"],
        minutes=front["minutes"],
        body=body,
        reviewed=front["reviewed"],
        networks=front["networks"],
        exercise=front["exercise"],
    )


def _load_lesson_translation(path: Path, problems: list[Problem]) -> TranslatedLesson | None:
    read = _read_lesson(path, problems, LessonTranslationFrontMatter, "title")
    if read is None:
        return None
    front, body = read
    return TranslatedLesson(title=front["title"], body=body)


def _load_paths(path: Path, courses: dict[str, CourseSpec], problems: list[Problem]):
    file = SourceFile(path, problems)
    data = file.load(PathsFile) or {}

    def check_course(keys: tuple, slug: str, level: str | None) -> None:
        if slug not in courses:
            file.problem_at(keys, f"unknown course '{slug}'")
            return
        levels = courses[slug].levels
        if "all" not in levels and level not in levels:
            target = "every level ('all')" if level is None else f"level '{level}'"
            file.problem_at(
                keys, f"course '{slug}' is not for {target}: its levels are {', '.join(levels)}"
            )

    core = data.get("core") or []
    for index, slug in enumerate(core):
        if slug is not None:
            check_course(("core", index), slug, None)
    for level, spec in (data.get("paths") or {}).items():
        listed = set(core)
        entries = [("courses", index, slug) for index, slug in enumerate(spec.get("courses") or [])]
        entries += [
            ("for_active_users", index, slug)
            for index, slug in enumerate(spec.get("for_active_users") or [])
        ]
        for key, index, slug in entries:
            if slug is None:
                continue
            where = ("paths", level, key, index)
            if slug in listed:
                file.problem_at(where, f"course '{slug}' appears twice in the '{level}' path")
            listed.add(slug)
            check_course(where, slug, level)
    if not file.clean:
        return [], []
    paths = [
        PathSpec(level, spec["title"], spec["summary"], spec["courses"], spec["for_active_users"])
        for level, spec in data["paths"].items()
    ]
    return core, paths


def offered(conditions: list[str], networks: set[str]) -> bool:
    """Whether a lesson or question about `conditions` is offered to a company using
    `networks` (no condition: always)."""
    return not conditions or bool(networks.intersection(conditions))


def nothing_left(catalogue: Catalogue, networks: set[str]) -> list[Problem]:
    """A course whose lessons, or whose quiz questions, are all about networks the company
    does not use could never be completed: a problem for each."""
    problems = []
    used = ", ".join(sorted(networks))
    for course in catalogue.courses:
        lessons = {lesson.key for lesson in course.lessons if offered(lesson.networks, networks)}
        if not lessons:
            problems.append(
                Problem(course.source, 1, f"no lesson is left for the company's networks ({used})")
            )
        if course.questions and not any(
            question.lesson in lessons and offered(question.networks, networks)
            for question in course.questions
        ):
            problems.append(
                Problem(
                    course.source.parent / "quiz.yml",
                    1,
                    f"no question is left for the company's networks ({used})",
                )
            )
    return problems
