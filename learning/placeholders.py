"""Placeholders in course content, such as `{{ company }}`, filled from the company's
settings when the content is loaded.

Only the names below exist; any other is reported at its line, so a typo never reaches a
learner as `{{ compnay }}`.
"""

import re
from collections.abc import Iterator

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

NAMES = (
    "company",
    "communications_contact",
    "data_protection_contact",
    "networks",
    "network_purposes",
)


def unknown(text: str) -> Iterator[tuple[int, str]]:
    """(line, name) of each placeholder in `text` that does not exist."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in PLACEHOLDER.finditer(line):
            if match.group(1) not in NAMES:
                yield number, match.group(1)


def names_in(text: str) -> set[str]:
    return {match.group(1) for match in PLACEHOLDER.finditer(text)}


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)
