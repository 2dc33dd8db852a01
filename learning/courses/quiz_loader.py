"""Reading and checking a course's quiz, `quiz.yml`, and its translations `quiz.<locale>.yml`.
Nothing here touches the database."""

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from marshmallow import ValidationError, validates_schema

from learning.content import (
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
from learning.networks import NETWORK_NAMES

MAX_CHOICES = 6


def network_list() -> Items:
    """Networks a lesson or question is about: offered only when the company uses one."""
    return Items(
        Text(validate=one_of(NETWORK_NAMES, "unknown network '{input}' (known: {choices})")),
        repeated="network '{value}' is listed twice",
        load_default=list,
    )


@dataclass
class ChoiceSpec:
    key: str
    text: str
    correct: bool


@dataclass
class TranslatedQuestion:
    text: str
    explanation: str
    # Choice key to its text.
    choices: dict[str, str]


@dataclass
class QuestionSpec:
    key: str
    text: str
    explanation: str
    choices: list[ChoiceSpec]
    # The key of the course's lesson that teaches the answer.
    lesson: str
    networks: list[str] = field(default_factory=list)
    translations: dict[str, TranslatedQuestion] = field(default_factory=dict)


class ChoiceEntry(Spec):
    error_messages = {"type": "a choice must be a mapping of fields"}
    id = Text()
    text = Text()


class QuestionEntry(Spec):
    error_messages = {"type": "a question must be a mapping of fields"}
    id = Key("question id")
    lesson = Key("lesson key")
    text = Text()
    choices = Items(Record(ChoiceEntry), unique_by="id", repeated="duplicate choice id '{value}'")
    answer = Text()
    explanation = Text()
    networks = network_list()

    @validates_schema(skip_on_field_errors=False)
    def _choices_and_answer(self, data, **kwargs):
        # Checked here rather than on the fields, so that both are reported even when a
        # choice is wrong.
        errors = {}
        choices = data.get("choices", [])
        if choices and not 2 <= len(choices) <= MAX_CHOICES:
            errors["choices"] = [f"a question has 2 to {MAX_CHOICES} choices, not {len(choices)}"]
        keys = {choice["id"] for choice in choices if choice and "id" in choice}
        answer = data.get("answer")
        if answer is not None and keys and answer not in keys:
            errors["answer"] = [
                f"the answer '{answer}' is not one of the choices ({', '.join(sorted(keys))})"
            ]
        if errors:
            raise ValidationError(errors)


class QuizFile(Spec):
    pass_mark = WholeNumber(1, 100)
    questions = Items(
        Record(QuestionEntry),
        unique_by="id",
        repeated="duplicate question id '{value}' (first at line {line})",
        validate=at_least_one("a quiz needs at least one question"),
    )


class QuestionTranslationEntry(Spec):
    error_messages = {"type": "a question must be a mapping of fields"}
    id = Text()
    text = Text()
    explanation = Text()
    choices = Items(Record(ChoiceEntry), unique_by="id", repeated="duplicate choice id '{value}'")


class QuizTranslationFile(Spec):
    questions = Items(
        Record(QuestionTranslationEntry),
        unique_by="id",
        repeated="duplicate question id '{value}' (first at line {line})",
    )


def load(
    folder: Path, lesson_keys: Collection[str], problems: list[Problem]
) -> tuple[int | None, list[QuestionSpec]]:
    """The pass mark and questions of `quiz.yml`, with their translations; (None, []) when
    the course has no quiz. Each question names one of `lesson_keys`, the course's lessons."""
    path = folder / "quiz.yml"
    quiz = SourceFile(path, problems)
    data = quiz.load(QuizFile) if path.exists() else None
    if data is not None:
        _check_lessons(quiz, data, lesson_keys)
    # Translations are checked against the quiz only once the quiz itself is right.
    questions = None
    if data is not None and quiz.clean:
        questions = [
            QuestionSpec(
                key=question["id"],
                text=question["text"],
                explanation=question["explanation"],
                lesson=question["lesson"],
                networks=question["networks"],
                choices=[
                    ChoiceSpec(choice["id"], choice["text"], choice["id"] == question["answer"])
                    for choice in question["choices"]
                ],
            )
            for question in data["questions"]
        ]
    for translation_path in sorted(folder.glob("quiz.*.yml")):
        parts = split_locale(translation_path, problems)
        if parts is None:
            continue
        if not path.exists():
            problems.append(
                Problem(translation_path, 1, "a translation of quiz.yml, which is missing")
            )
            continue
        _load_translation(translation_path, parts[1], questions, problems)
    if questions is None:
        return None, []
    return data["pass_mark"], questions


def _check_lessons(quiz: SourceFile, data: dict, lesson_keys: Collection[str]) -> None:
    for index, question in enumerate(data.get("questions") or []):
        lesson = (question or {}).get("lesson")
        if lesson is not None and lesson not in lesson_keys:
            quiz.problem_at(
                ("questions", index, "lesson"),
                f"lesson '{lesson}' is not a lesson of this course ({', '.join(lesson_keys)})",
            )


def _load_translation(
    path: Path, locale: str, questions: list[QuestionSpec] | None, problems: list[Problem]
) -> None:
    """Check a quiz translation against the quiz; when it is right, add it to the questions."""
    file = SourceFile(path, problems)
    data = file.load(QuizTranslationFile)
    if data is None or questions is None:
        return
    by_key = {question.key: question for question in questions}
    translated = {}
    for index, item in enumerate(data.get("questions", [])):
        if not item or "id" not in item:
            continue
        question = by_key.get(item["id"])
        if question is None:
            file.problem_at(("questions", index, "id"), f"quiz.yml has no question '{item['id']}'")
        else:
            translated[question.key] = item, _translated_choices(file, index, item, question)
    if not file.clean:
        return
    for key, (item, choices) in translated.items():
        by_key[key].translations[locale] = TranslatedQuestion(
            item["text"], item["explanation"], choices
        )


def _translated_choices(file: SourceFile, index: int, item: dict, question: QuestionSpec):
    """A translated question's choices, by key: exactly those of the question."""
    keys = [choice.key for choice in question.choices]
    choices = {}
    for position, choice in enumerate(item.get("choices", [])):
        if not choice or "id" not in choice:
            continue
        if choice["id"] in keys:
            choices[choice["id"]] = choice.get("text")
        else:
            file.problem_at(
                ("questions", index, "choices", position, "id"),
                f"question '{question.key}' has no choice '{choice['id']}'",
            )
    missing = [key for key in keys if key not in choices]
    if "choices" in item and missing:
        file.problem_at(
            ("questions", index, "choices"),
            f"choices not translated for question '{question.key}': {', '.join(missing)}",
        )
    return choices
