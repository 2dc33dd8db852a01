"""Reading content files: YAML that remembers its lines, checked against declarative specs.

A spec describes a YAML mapping with marshmallow fields whose messages read as an author's
checklist. Every problem is reported as `path:line: message` at the line of the key or
list item at fault, and all of them at once, so an author can fix a whole batch in one go.
Courses, the conduct guide and any later kind of content read their files through here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validates_schema
from marshmallow import validate as validators
from marshmallow.error_store import merge_errors

from learning import placeholders
from learning.content_yaml import LineMap, line_at, yaml_with_lines
from learning.locales import TRANSLATED_LOCALES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = "---"
KNOWN = ", ".join(placeholders.NAMES)


@dataclass(frozen=True)
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
class SyncReport:
    """What a sync changed, counted by kind, e.g. "2 lessons updated"."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def __str__(self) -> str:
        if not self.counts:
            return "nothing changed"
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()))


def _messages(errors, keys: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Flatten marshmallow's nested error messages into (path of keys, message)."""
    if isinstance(errors, dict):
        for key, nested in errors.items():
            yield from _messages(nested, (*keys, key))
    elif isinstance(errors, list):
        for nested in errors:
            yield from _messages(nested, keys)
    else:
        yield keys, str(errors)


@dataclass(frozen=True)
class FrontMatter:
    yaml: str
    body: str
    body_line: int


class SourceFile:
    """One content file being read: its problems carry its path and the line at fault."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.data = None
        self._offset = 0
        self._count = 0

    @property
    def clean(self) -> bool:
        """True while nothing is wrong with this file."""
        return self._count == 0

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))
        self._count += 1

    def problem_at(self, keys: tuple, message: str) -> None:
        """A problem at the key or list item that `keys` leads to in the parsed YAML."""
        self.problem(self._offset + line_at(self.data, keys), message)

    def read(self) -> str | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem(1, "the file is not UTF-8 text")
            return None
        except OSError as error:
            self.problem(1, f"cannot read the file: {error.strerror}")
            return None
        for line, name in placeholders.unknown(text):
            self.problem(line, f"unknown placeholder '{{{{ {name} }}}}' (known: {KNOWN})")
        return text

    def parse(self, text: str, first_line: int = 1) -> bool:
        """Parse YAML that starts at `first_line` of the file; an empty text is an empty
        mapping. False, with the problem reported, when it is not valid YAML."""
        self._offset = first_line - 1
        try:
            data = yaml_with_lines(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            self.problem(self._offset + line, f"invalid YAML: {error.problem}")
            return False
        except yaml.YAMLError as error:
            self.problem(first_line, f"invalid YAML: {error}")
            return False
        self.data = LineMap() if data is None else data
        return True

    def front_matter(self, text: str, fields: str) -> FrontMatter | None:
        """Split the '---' front matter (holding `fields`) from the body that follows it."""
        lines = text.splitlines()
        if not lines or lines[0].strip() != FRONT_MATTER:
            self.problem(1, f"the file must start with '---' front matter ({fields})")
            return None
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER), None)
        if end is None:
            self.problem(1, "the front matter is not closed with '---'")
            return None
        return FrontMatter("\n".join(lines[1:end]), "\n".join(lines[end + 1 :]).strip(), end + 2)

    def validate(self, spec: type["Spec"], what: str = "the file") -> dict | None:
        """The parsed YAML checked against `spec`, every error reported at its line.

        With errors, returns what was valid (lists keep the file's positions, None where
        an item is wrong), so that checks across files can still point at their lines.
        """
        if not isinstance(self.data, LineMap):
            self.problem_at((), f"{what} must be a mapping of fields")
            return None
        try:
            return spec().load(self.data)
        except ValidationError as error:
            found = [(line_at(self.data, keys), text) for keys, text in _messages(error.messages)]
            for line, message in sorted(found, key=lambda problem: problem[0]):
                self.problem(self._offset + line, message)
            return error.valid_data

    def load(self, spec: type["Spec"]) -> dict | None:
        """Read, parse and check a whole YAML file."""
        text = self.read()
        if text is None or not self.parse(text):
            return None
        return self.validate(spec)


def split_locale(path: Path, problems: list[Problem]) -> tuple[str, str | None] | None:
    """'intro.fr.md' is ('intro', 'fr'), a translation; 'intro.md' is ('intro', None), the
    source text. None, with the problem reported, for a language there are no translations in."""
    stem, _, locale = path.name.removesuffix(path.suffix).partition(".")
    if not locale:
        return stem, None
    if locale not in TRANSLATED_LOCALES:
        known = ", ".join(TRANSLATED_LOCALES)
        problems.append(
            Problem(
                path, 1, f"unknown language '{locale}' in the file name (translations: {known})"
            )
        )
        return None
    return stem, locale


class _ContentField:
    """Required unless it has a `load_default`; '{field}' in its messages is its name
    (marshmallow does not pass it)."""

    default_error_messages = {
        "required": "missing field '{field}'",
        # A null field is dropped (see Spec), so only a list can hold one.
        "null": "'{field}' has an empty item",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", "load_default" not in kwargs)
        super().__init__(*args, **kwargs)

    def make_error(self, key: str, **kwargs) -> ValidationError:
        return super().make_error(key, field=self.name, **kwargs)


class Text(_ContentField, fields.Field):
    """Non-empty text, stripped."""

    default_error_messages = {
        "invalid": "'{field}' must be a non-empty text",
        "yes_no": "'{field}' must be a text: put it in quotes, YAML reads yes/no/on/off as "
        "true/false",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("yes_no")
        if not isinstance(value, str) or not value.strip():
            raise self.make_error("invalid")
        return value.strip()


class Key(Text):
    """A stable identifier (what progress or a translation hangs on)."""

    def __init__(self, what: str, **kwargs):
        message = f"{what} '{{input}}' may only hold lowercase letters, digits and dashes"
        super().__init__(validate=validators.Regexp(SLUG, error=message), **kwargs)


class WholeNumber(_ContentField, fields.Field):
    default_error_messages = {
        "invalid": "'{field}' must be a whole number",
        "range": "'{field}' must be between {low} and {high}",
    }

    def __init__(self, low: int, high: int, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        if not self.low <= value <= self.high:
            raise self.make_error("range", low=self.low, high=self.high)
        return value


class Moment(_ContentField, fields.Field):
    """A date and time, in UTC; one written without an offset is taken as UTC."""

    default_error_messages = {
        "invalid": "'{field}' must be a date and time, e.g. 2026-01-05T09:00:00Z",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise self.make_error("invalid") from None
        if not isinstance(value, datetime):
            raise self.make_error("invalid")
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Items(_ContentField, fields.List):
    """A list whose result keeps the file's positions (None for an item in error), so that
    later checks can point at an item's line.

    With `repeated`, an item (or with `unique_by`, an item's field) seen before is reported
    with that message, formatted with its `value` and the `line` where it first appears.
    """

    default_error_messages = {"invalid": "'{field}' must be a list"}

    def __init__(self, inner, *, unique_by: str | None = None, repeated: str = "", **kwargs):
        super().__init__(inner, **kwargs)
        self.unique_by = unique_by
        self.repeated = repeated

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise self.make_error("invalid")
        result, errors = [], {}
        for index, item in enumerate(value):
            try:
                result.append(self.inner.deserialize(item, **kwargs))
            except ValidationError as error:
                result.append(error.valid_data)
                errors[index] = error.messages
        if self.repeated:
            errors = merge_errors(errors, self._repeats(value))
        if errors:
            raise ValidationError(errors, valid_data=result)
        return result

    def _repeats(self, items: list) -> dict:
        first, errors = {}, {}
        for index, item in enumerate(items):
            keys = (index,) if self.unique_by is None else (index, self.unique_by)
            if self.unique_by is not None:
                item = item.get(self.unique_by) if isinstance(item, dict) else None
            if not isinstance(item, str | int):
                continue
            if item in first:
                message = self.repeated.format(value=item, line=first[item])
                errors[index] = [message] if self.unique_by is None else {self.unique_by: [message]}
            else:
                first[item] = line_at(items, keys)
        return errors


class Record(_ContentField, fields.Nested):
    """A mapping described by a Spec."""


def at_least_one(message: str) -> validators.Length:
    return validators.Length(min=1, error=message)


def one_of(choices: tuple, message: str) -> validators.OneOf:
    """`message` may show the value as '{input}' and the choices as '{choices}'."""
    return validators.OneOf(choices, error=message)


class Spec(Schema):
    """The fields of a YAML mapping; a key it does not know is reported at its line."""

    class Meta:
        # Unknown keys are reported by _no_unknown_fields, with their name.
        unknown = EXCLUDE

    unknown_message = "unknown field '{field}'"
    error_messages = {"type": "this must be a mapping of fields"}

    @pre_load
    def _empty_is_missing(self, data, **kwargs):
        # `title:` with nothing after it reads as null: report it as a missing field.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _no_unknown_fields(self, data, original_data, **kwargs):
        if not isinstance(original_data, dict):
            return
        known = {spec.data_key or name for name, spec in self.load_fields.items()}
        unknown = {
            key: [self.unknown_message.format(field=key)]
            for key in original_data
            if key not in known
        }
        if unknown:
            raise ValidationError(unknown)
