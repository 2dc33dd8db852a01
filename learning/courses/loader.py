"""Reading and validating the course files. Nothing here touches the database.

Every problem is reported with the file and line at fault; the loader collects them all
so an author can fix a whole batch at once.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from learning.levels import LEVELS

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GUIDE_TOPICS = ("speaking_for_company", "not_tolerated", "disclosure", "personal_or_company")
MAX_CHOICES = 6
FRONT_MATTER = "---"


@dataclass
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class LessonSpec:
    key: str
    title: str
    minutes: int
    body: str


@dataclass
class ChoiceSpec:
    key: str
    text: str
    correct: bool


@dataclass
class QuestionSpec:
    key: str
    text: str
    explanation: str
    choices: list[ChoiceSpec]


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
    questions: list[QuestionSpec] = field(default_factory=list)
    source: Path | None = None


@dataclass
class PathSpec:
    level: str
    title: str
    summary: str
    courses: list[str]


@dataclass
class GuideSpec:
    version: int
    published_at: datetime
    changes: str
    sections: list[dict]
    source: Path


@dataclass
class Catalogue:
    courses: list[CourseSpec]
    core: list[str]
    paths: list[PathSpec]
    guides: list[GuideSpec]


class _Map(dict):
    line = 1
    key_lines: dict


class _Seq(list):
    line = 1
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key and list item."""


def _construct_map(loader, node):
    data = _Map()
    yield data
    data.update(loader.construct_mapping(node))
    data.line = node.start_mark.line + 1
    data.key_lines = {
        loader.construct_object(key): key.start_mark.line + 1 for key, _value in node.value
    }


def _construct_seq(loader, node):
    data = _Seq()
    yield data
    data.extend(loader.construct_sequence(node))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


class _File:
    """One file being read: collects problems with its path and a line offset."""

    def __init__(self, path: Path, problems: list[Problem], line_offset: int = 0):
        self.path = path
        self.problems = problems
        self.offset = line_offset

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line + self.offset, message))

    def parse(self, text: str):
        try:
            return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.problem(mark.line + 1 if mark else 1, f"invalid YAML: {error.problem}")
        except yaml.YAMLError as error:
            self.problem(1, f"invalid YAML: {error}")
        return None

    def mapping(self, data, where: str = "the file") -> _Map | None:
        if not isinstance(data, _Map):
            self.problem(getattr(data, "line", 1), f"{where} must be a mapping of fields")
            return None
        return data

    def field(self, data: _Map, name: str, kind, *, required: bool = True, default=None):
        if name not in data or data[name] is None:
            if required:
                self.problem(data.line, f"missing field '{name}'")
            return default
        value = data[name]
        line = data.key_lines.get(name, data.line)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.problem(line, f"'{name}' must be a whole number")
            return default
        if kind is str:
            if isinstance(value, bool):
                self.problem(
                    line,
                    f"'{name}' must be a text: put it in quotes, YAML reads "
                    "yes/no/on/off as true/false",
                )
                return default
            if not isinstance(value, str) or not value.strip():
                self.problem(line, f"'{name}' must be a non-empty text")
                return default
            return value.strip()
        if kind is list and not isinstance(value, list):
            self.problem(line, f"'{name}' must be a list")
            return default
        if kind is dict and not isinstance(value, dict):
            self.problem(line, f"'{name}' must be a mapping")
            return default
        return value

    def line_of(self, data: _Map, name: str) -> int:
        return data.key_lines.get(name, data.line)

    def check_unknown(self, data: _Map, known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.problem(self.line_of(data, key), f"unknown field '{key}'")


def _read(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(path, 1, "the file is not UTF-8 text"))
    except OSError as error:
        problems.append(Problem(path, 1, f"cannot read the file: {error.strerror}"))
    return None


def _positive(file: _File, data: _Map, name: str, value: int | None, low: int, high: int):
    if value is not None and not low <= value <= high:
        file.problem(file.line_of(data, name), f"'{name}' must be between {low} and {high}")
        return None
    return value


def _load_lesson(path: Path, problems: list[Problem]) -> LessonSpec | None:
    text = _read(path, problems)
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER:
        problems.append(
            Problem(path, 1, "a lesson starts with '---' front matter (title, minutes)")
        )
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER)
    except StopIteration:
        problems.append(Problem(path, 1, "the front matter is not closed with '---'"))
        return None
    file = _File(path, problems, line_offset=1)
    data = file.mapping(file.parse("\n".join(lines[1:end])) or _Map(), "the front matter")
    if data is None:
        return None
    file.check_unknown(data, {"title", "minutes"})
    title = file.field(data, "title", str)
    minutes = _positive(
        file, data, "minutes", file.field(data, "minutes", int, required=False, default=5), 1, 240
    )
    body = "\n".join(lines[end + 1 :]).strip()
    if not body:
        problems.append(Problem(path, end + 2, "the lesson has no text"))
        return None
    if title is None or minutes is None:
        return None
    return LessonSpec(key=path.stem, title=title, minutes=minutes, body=body)


def _load_quiz(path: Path, problems: list[Problem]) -> tuple[int, list[QuestionSpec]] | None:
    text = _read(path, problems)
    if text is None:
        return None
    file = _File(path, problems)
    data = file.mapping(file.parse(text))
    if data is None:
        return None
    file.check_unknown(data, {"pass_mark", "questions"})
    pass_mark = _positive(file, data, "pass_mark", file.field(data, "pass_mark", int), 1, 100)
    questions = file.field(data, "questions", list)
    if questions is not None and not questions:
        file.problem(file.line_of(data, "questions"), "a quiz needs at least one question")
    specs, seen = [], {}
    for raw in questions or []:
        question = file.mapping(raw, "a question")
        if question is None:
            continue
        file.check_unknown(question, {"id", "text", "choices", "answer", "explanation"})
        key = file.field(question, "id", str)
        if key is not None:
            if not SLUG.match(key):
                file.problem(
                    file.line_of(question, "id"),
                    f"question id '{key}' may only hold lowercase letters, digits, dashes",
                )
            elif key in seen:
                file.problem(
                    file.line_of(question, "id"),
                    f"duplicate question id '{key}' (first at line {seen[key]})",
                )
            else:
                seen[key] = file.line_of(question, "id")
        qtext = file.field(question, "text", str)
        explanation = file.field(question, "explanation", str)
        answer = file.field(question, "answer", str)
        raw_choices = file.field(question, "choices", list) or []
        if raw_choices and not 2 <= len(raw_choices) <= MAX_CHOICES:
            file.problem(
                file.line_of(question, "choices"),
                f"a question has 2 to {MAX_CHOICES} choices, not {len(raw_choices)}",
            )
        choices, choice_keys = [], set()
        for raw_choice in raw_choices:
            choice = file.mapping(raw_choice, "a choice")
            if choice is None:
                continue
            file.check_unknown(choice, {"id", "text"})
            choice_key = file.field(choice, "id", str)
            choice_text = file.field(choice, "text", str)
            if choice_key in choice_keys:
                file.problem(choice.line, f"duplicate choice id '{choice_key}'")
            if choice_key and choice_text:
                choice_keys.add(choice_key)
                choices.append(ChoiceSpec(choice_key, choice_text, choice_key == answer))
        if answer is not None and raw_choices and answer not in choice_keys:
            file.problem(
                file.line_of(question, "answer"),
                f"the answer '{answer}' is not one of the choices "
                f"({', '.join(sorted(choice_keys))})",
            )
        if None not in (key, qtext, explanation, answer) and answer in choice_keys:
            specs.append(QuestionSpec(key, qtext, explanation, choices))
    if pass_mark is None:
        return None
    return pass_mark, specs


COURSE_FIELDS = {"slug", "title", "summary", "levels", "estimated_minutes", "version", "lessons"}


def _load_course(folder: Path, problems: list[Problem]) -> CourseSpec | None:
    path = folder / "course.yml"
    text = _read(path, problems)
    if text is None:
        return None
    file = _File(path, problems)
    data = file.mapping(file.parse(text))
    if data is None:
        return None
    before = len(problems)
    file.check_unknown(data, COURSE_FIELDS)
    slug = file.field(data, "slug", str)
    if slug is not None and not SLUG.match(slug):
        file.problem(
            file.line_of(data, "slug"),
            f"slug '{slug}' may only hold lowercase letters, digits and dashes",
        )
    title = file.field(data, "title", str)
    summary = file.field(data, "summary", str, required=False, default="")
    levels = file.field(data, "levels", list) or []
    for level, line in zip(levels, getattr(levels, "item_lines", []), strict=False):
        if level != "all" and level not in LEVELS:
            file.problem(line, f"unknown level '{level}' (known: all, {', '.join(LEVELS)})")
    if "levels" in data and not levels:
        file.problem(file.line_of(data, "levels"), "list at least one level, or 'all'")
    minutes = _positive(
        file, data, "estimated_minutes", file.field(data, "estimated_minutes", int), 1, 600
    )
    version = _positive(file, data, "version", file.field(data, "version", int), 1, 10_000)
    lesson_keys = file.field(data, "lessons", list) or []
    lessons, seen = [], set()
    for key, line in zip(lesson_keys, getattr(lesson_keys, "item_lines", []), strict=False):
        if not isinstance(key, str) or not SLUG.match(key):
            file.problem(
                line, f"lesson key '{key}' may only hold lowercase letters, digits, dashes"
            )
            continue
        if key in seen:
            file.problem(line, f"lesson '{key}' is listed twice")
            continue
        seen.add(key)
        lesson_path = folder / "lessons" / f"{key}.md"
        if not lesson_path.is_file():
            file.problem(line, f"lesson '{key}' has no file lessons/{key}.md")
            continue
        lesson = _load_lesson(lesson_path, problems)
        if lesson:
            lessons.append(lesson)
    if "lessons" in data and not lesson_keys:
        file.problem(file.line_of(data, "lessons"), "a course needs at least one lesson")
    for orphan in sorted((folder / "lessons").glob("*.md")):
        if orphan.stem not in seen:
            problems.append(Problem(orphan, 1, f"lesson file not listed in {path.name}"))
    quiz = _load_quiz(folder / "quiz.yml", problems) if (folder / "quiz.yml").exists() else None
    if len(problems) > before:
        return None
    return CourseSpec(
        slug=slug,
        title=title,
        summary=summary,
        levels=list(levels),
        estimated_minutes=minutes,
        version=version,
        lessons=lessons,
        pass_mark=quiz[0] if quiz else None,
        questions=quiz[1] if quiz else [],
        source=path,
    )


def _load_paths(path: Path, courses: dict[str, CourseSpec], problems: list[Problem]):
    text = _read(path, problems)
    if text is None:
        return [], []
    file = _File(path, problems)
    data = file.mapping(file.parse(text))
    if data is None:
        return [], []
    file.check_unknown(data, {"core", "paths"})
    core = file.field(data, "core", list) or []

    def check_course(slug, line, level):
        if slug not in courses:
            file.problem(line, f"unknown course '{slug}'")
            return False
        levels = courses[slug].levels
        if "all" not in levels and level not in levels:
            target = "every level ('all')" if level is None else f"level '{level}'"
            file.problem(
                line, f"course '{slug}' is not for {target}: its levels are {', '.join(levels)}"
            )
            return False
        return True

    for slug, line in zip(core, getattr(core, "item_lines", []), strict=False):
        check_course(slug, line, None)
    raw_paths = file.field(data, "paths", dict) or _Map()
    paths = []
    for level in raw_paths:
        if level not in LEVELS:
            file.problem(file.line_of(raw_paths, level), f"unknown level '{level}'")
    for level in LEVELS:
        if level not in raw_paths:
            file.problem(raw_paths.line, f"no path for level '{level}'")
            continue
        spec = file.mapping(raw_paths[level], f"the path for '{level}'")
        if spec is None:
            continue
        file.check_unknown(spec, {"title", "summary", "courses"})
        title = file.field(spec, "title", str)
        summary = file.field(spec, "summary", str, required=False, default="")
        slugs = file.field(spec, "courses", list) or []
        listed = set(core)
        for slug, line in zip(slugs, getattr(slugs, "item_lines", []), strict=False):
            if slug in listed:
                file.problem(line, f"course '{slug}' appears twice in the '{level}' path")
            listed.add(slug)
            check_course(slug, line, level)
        if title:
            paths.append(PathSpec(level, title, summary, list(slugs)))
    return list(core), paths


def _load_guide(path: Path, problems: list[Problem]) -> GuideSpec | None:
    text = _read(path, problems)
    if text is None:
        return None
    file = _File(path, problems)
    data = file.mapping(file.parse(text))
    if data is None:
        return None
    before = len(problems)
    file.check_unknown(data, {"version", "published_at", "changes", "sections"})
    version = _positive(file, data, "version", file.field(data, "version", int), 1, 100_000)
    published = data.get("published_at")
    if isinstance(published, str):
        try:
            published = datetime.fromisoformat(published)
        except ValueError:
            published = None
    if not isinstance(published, datetime):
        file.problem(
            file.line_of(data, "published_at"),
            "'published_at' must be a date and time, e.g. 2026-01-05T09:00:00Z",
        )
    elif published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    changes = file.field(data, "changes", str)
    sections, topics = [], {}
    for raw in file.field(data, "sections", list) or []:
        section = file.mapping(raw, "a section")
        if section is None:
            continue
        file.check_unknown(section, {"topic", "title", "body"})
        topic = file.field(section, "topic", str)
        title = file.field(section, "title", str)
        body = file.field(section, "body", str)
        if topic is not None and topic not in GUIDE_TOPICS:
            file.problem(
                file.line_of(section, "topic"),
                f"unknown topic '{topic}' (topics: {', '.join(GUIDE_TOPICS)})",
            )
        elif topic in topics:
            file.problem(
                file.line_of(section, "topic"),
                f"topic '{topic}' appears twice (first at line {topics[topic]})",
            )
        elif topic:
            topics[topic] = file.line_of(section, "topic")
        sections.append({"topic": topic, "title": title, "body": body})
    missing = [topic for topic in GUIDE_TOPICS if topic not in topics]
    if "sections" in data and missing:
        file.problem(
            file.line_of(data, "sections"),
            f"the guide must cover every required topic; missing: {', '.join(missing)}",
        )
    if len(problems) > before:
        return None
    return GuideSpec(version, published.astimezone(UTC), changes, sections, path)


def load(directory: str | Path) -> Catalogue:
    """Read and validate everything under ``directory``; raise ContentError on any problem."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(root, 1, "no such directory")])
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
    guides: dict[int, GuideSpec] = {}
    for guide_file in sorted((root / "guide").glob("*.yml")):
        guide = _load_guide(guide_file, problems)
        if guide is None:
            continue
        if guide.version in guides:
            problems.append(
                Problem(
                    guide_file,
                    1,
                    f"duplicate guide version {guide.version} "
                    f"(also in {guides[guide.version].source})",
                )
            )
            continue
        guides[guide.version] = guide
    if not (root / "guide").is_dir():
        problems.append(Problem(root / "guide", 1, "missing guide/: the conduct guide versions"))
    if problems:
        raise ContentError(problems)
    return Catalogue(
        list(courses.values()), core, paths, sorted(guides.values(), key=lambda g: g.version)
    )
