"""The French catalogue is complete and up to date with the code: every user-visible
string of the code and templates is translated, none is fuzzy, none is left over, and every
translation keeps its placeholders. Changing a string means changing its French too."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "learning" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
UPDATE = (
    "update it: .venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location "
    "--sort-output -o /tmp/messages.pot . && .venv/bin/pybabel update -i /tmp/messages.pot "
    "-d learning/translations --ignore-obsolete, then translate what is new"
)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The strings of the code and templates, as pybabel extracts them."""
    template = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(  # noqa: S603
        [
            str(pybabel),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(template),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as file:
        return {message.id: message for message in read_po(file) if message.id}


@pytest.fixture(scope="module")
def french():
    with CATALOGUE.open("rb") as file:
        return read_po(file)


def _key(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_every_string_of_the_code_is_in_the_catalogue(extracted, french):
    missing = [_key(key) for key in extracted if french.get(key) is None]
    assert missing == [], f"not in the French catalogue; {UPDATE}"


def test_the_catalogue_holds_nothing_the_code_no_longer_says(extracted, french):
    left_over = [
        _key(message.id) for message in french if message.id and message.id not in extracted
    ]
    assert left_over == [], f"strings the code no longer has; {UPDATE}"
    assert not french.obsolete, UPDATE


def test_every_string_is_translated_and_none_is_fuzzy(french):
    untranslated = [
        _key(message.id)
        for message in french
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [_key(message.id) for message in french if message.id and message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%|\{\w+\}")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_translation_keeps_its_placeholders(french):
    """The same placeholders as the English; a plural's singular may leave out the count
    ("Un badge" for "%(num)d badge")."""
    problems = []
    for message in french:
        if not message.id:
            continue
        if isinstance(message.id, str):
            if _placeholders(message.string) != _placeholders(message.id):
                problems.append(message.id)
            continue
        singular, plural = (_placeholders(text) for text in message.id)
        for index, text in enumerate(message.string):
            expected = plural if index else singular
            found = _placeholders(text)
            if found != expected and not (index == 0 and expected - found <= {"%(num)d"}):
                problems.append(f"{message.id[0]} [{index}]")
    assert problems == []
