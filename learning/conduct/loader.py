"""Reading and checking the conduct guide's versions, `guide/*.yml`, and their translations.
Nothing here touches the database."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from marshmallow import ValidationError, validates_schema

from learning import placeholders
from learning.content import (
    ContentError,
    Items,
    Moment,
    Problem,
    Record,
    SourceFile,
    Spec,
    Text,
    WholeNumber,
    one_of,
    split_locale,
)

# Every version of the guide covers these, each exactly once.
GUIDE_TOPICS = ("speaking_for_company", "not_tolerated", "disclosure", "personal_or_company")


def guide_hash(version: int, sections: list[dict]) -> str:
    """The hash of the exact text people acknowledge: any edit changes it."""
    canonical = json.dumps({"version": version, "sections": sections}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class TranslatedGuide:
    """A version's text in another language, from `guide/<file>.<locale>.yml`."""

    changes: str
    sections: list[dict]
    source: Path
    # The hash of the file's sections before the company's settings are filled in, and
    # the settings (placeholders) they use.
    template_hash: str = ""
    uses: list[str] = field(default_factory=list)


@dataclass
class GuideSpec:
    version: int
    published_at: datetime
    changes: str
    # [{topic, title, body}] in Markdown.
    sections: list[dict]
    source: Path
    template_hash: str = ""
    uses: list[str] = field(default_factory=list)
    # By locale.
    translations: dict[str, TranslatedGuide] = field(default_factory=dict)


class Section(Spec):
    error_messages = {"type": "a section must be a mapping of fields"}
    topic = Text(validate=one_of(GUIDE_TOPICS, "unknown topic '{input}' (topics: {choices})"))
    title = Text()
    body = Text()


class GuideTranslationFile(Spec):
    version = WholeNumber(1, 100_000)
    changes = Text()
    sections = Items(
        Record(Section),
        unique_by="topic",
        repeated="topic '{value}' appears twice (first at line {line})",
    )

    @validates_schema(skip_on_field_errors=False)
    def _covers_every_topic(self, data, **kwargs):
        if "sections" not in data:
            return
        topics = {section.get("topic") for section in data["sections"] if section}
        missing = [topic for topic in GUIDE_TOPICS if topic not in topics]
        if missing:
            raise ValidationError(
                f"the guide must cover every required topic; missing: {', '.join(missing)}",
                "sections",
            )


class GuideFile(GuideTranslationFile):
    published_at = Moment()


def load(folder: Path) -> list[GuideSpec]:
    """Read and check every guide version in `folder`, oldest first, with their
    translations; raise ContentError on any problem."""
    if not folder.is_dir():
        raise ContentError([Problem(folder, 1, "missing guide/: the conduct guide versions")])
    problems: list[Problem] = []
    guides: dict[int, GuideSpec] = {}
    by_name: dict[str, int | None] = {}
    translations = []
    for path in sorted(folder.glob("*.yml")):
        parts = split_locale(path, problems)
        if parts is None:
            continue
        name, locale = parts
        if locale is not None:
            translations.append((path, name, locale))
            continue
        guide = _load_version(path, problems)
        by_name[name] = guide.version if guide else None
        if guide is None:
            continue
        if guide.version in guides:
            first = guides[guide.version].source
            problems.append(
                Problem(path, 1, f"duplicate guide version {guide.version} (also in {first})")
            )
            continue
        guides[guide.version] = guide
    for path, name, locale in translations:
        if name not in by_name:
            problems.append(Problem(path, 1, f"a translation of {name}.yml, which is missing"))
            continue
        translation = _load_translation(path, by_name[name], problems)
        if translation is not None and by_name[name] in guides:
            guides[by_name[name]].translations[locale] = translation
    if problems:
        raise ContentError(problems)
    return sorted(guides.values(), key=lambda guide: guide.version)


def _load_version(path: Path, problems: list[Problem]) -> GuideSpec | None:
    file = SourceFile(path, problems)
    data = file.load(GuideFile)
    if data is None or not file.clean:
        return None
    return GuideSpec(
        data["version"],
        data["published_at"],
        data["changes"],
        data["sections"],
        path,
        template_hash=guide_hash(data["version"], data["sections"]),
        uses=sorted(placeholders.names_in(json.dumps(data["sections"]))),
    )


def _load_translation(
    path: Path, version: int | None, problems: list[Problem]
) -> TranslatedGuide | None:
    """A translation names the version of the file it translates, to be read on its own."""
    file = SourceFile(path, problems)
    data = file.load(GuideTranslationFile)
    if data is None:
        return None
    if version is not None and data.get("version") not in (None, version):
        file.problem_at(
            ("version",), f"'version' must be {version}, the version of the file it translates"
        )
    if not file.clean:
        return None
    return TranslatedGuide(
        data["changes"],
        data["sections"],
        path,
        template_hash=guide_hash(data["version"], data["sections"]),
        uses=sorted(placeholders.names_in(json.dumps(data["sections"]))),
    )
