"""Reading and checking `company.yml`. Nothing here touches the database.

```yaml
name: Northwind                      # a text, or one per language: {en: …, fr: …}
communications_contact: the communications team (communication@northwind.example)
data_protection_contact: the data protection officer (dpo@northwind.example)
networks:                            # the networks the company uses, in its order
  - network: linkedin
    purpose: Our news, our expertise and our job offers.
confidential_terms: [Falcon]         # optional: words a draft post must never contain
```
"""

from dataclasses import dataclass, field
from pathlib import Path

from learning.content import (
    ContentError,
    Items,
    Problem,
    Record,
    SourceFile,
    Spec,
    Text,
    at_least_one,
    one_of,
)
from learning.locales import LOCALES, SOURCE_LOCALE
from learning.networks import NETWORK_NAMES

FILE_NAME = "company.yml"
# The settings whose texts the content uses, by placeholder name.
TEXT_SETTINGS = ("company", "communications_contact", "data_protection_contact")


@dataclass
class CompanySpec:
    # By setting (see TEXT_SETTINGS), by locale.
    texts: dict[str, dict[str, str]]
    # (network name, purpose by locale), in the company's order.
    networks: list[tuple[str, dict[str, str]]]
    confidential_terms: list[str] = field(default_factory=list)


class LocalText(Text):
    """A text for every language, or a mapping of language to text with English in it."""

    default_error_messages = {
        "locales": "'{field}' is a text, or one text per language ({locales}) with at least "
        f"'{SOURCE_LOCALE}'",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            return {SOURCE_LOCALE: super()._deserialize(value, attr, data, **kwargs)}
        if SOURCE_LOCALE not in value or set(value) - set(LOCALES):
            raise self.make_error("locales", locales=", ".join(LOCALES))
        return {
            locale: super(LocalText, self)._deserialize(text, attr, data, **kwargs)
            for locale, text in value.items()
        }


class NetworkEntry(Spec):
    error_messages = {"type": "a network must be a mapping of fields"}
    network = Text(validate=one_of(NETWORK_NAMES, "unknown network '{input}' (known: {choices})"))
    purpose = LocalText()


class CompanyFile(Spec):
    name = LocalText()
    communications_contact = LocalText()
    data_protection_contact = LocalText()
    networks = Items(
        Record(NetworkEntry),
        unique_by="network",
        repeated="network '{value}' is listed twice (first at line {line})",
        validate=at_least_one("list at least one network the company uses"),
    )
    confidential_terms = Items(Text(), repeated="'{value}' is listed twice", load_default=list)


def load(path: Path) -> CompanySpec:
    """Read and check the company's settings; raise ContentError on any problem."""
    if not path.is_file():
        raise ContentError(
            [Problem(path, 1, "missing company.yml: the company's name, contacts and networks")]
        )
    problems: list[Problem] = []
    file = SourceFile(path, problems)
    data = file.load(CompanyFile)
    if problems or data is None:
        raise ContentError(problems)
    return CompanySpec(
        texts={
            "company": data["name"],
            "communications_contact": data["communications_contact"],
            "data_protection_contact": data["data_protection_contact"],
        },
        networks=[(entry["network"], entry["purpose"]) for entry in data["networks"]],
        confidential_terms=data["confidential_terms"],
    )
