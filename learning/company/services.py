"""The company's settings: filled into the content at load time, read by the features
that offer networks or check a draft."""

import dataclasses
import re
from dataclasses import dataclass

from flask import has_app_context

from learning import placeholders
from learning.company.loader import TEXT_SETTINGS, CompanySpec
from learning.company.models import CompanySettings
from learning.content import SyncReport
from learning.extensions import db
from learning.locales import LOCALES, SOURCE_LOCALE
from learning.networks import NETWORK_NAMES, NETWORKS

# How a sentence names each network, where it differs from the label ("E-mail").
IN_A_SENTENCE = {"email": "e-mail"}
AND = {"en": "and", "fr": "et"}


def _local(texts: dict[str, str], locale: str) -> str:
    return texts.get(locale) or texts[SOURCE_LOCALE]


def _phrase(names: list[str], locale: str) -> str:
    """'LinkedIn, X and Instagram', in `locale`."""
    words = [IN_A_SENTENCE.get(name, str(NETWORKS[name].label)) for name in names]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {AND.get(locale, AND[SOURCE_LOCALE])} {words[-1]}"


def placeholder_values(spec: CompanySpec, locale: str) -> dict[str, str]:
    """What each placeholder stands for in a text written in `locale`."""
    values = {name: _local(spec.texts[name], locale) for name in TEXT_SETTINGS}
    values["networks"] = _phrase([name for name, _purpose in spec.networks], locale)
    values["network_purposes"] = "\n".join(
        f"- **{NETWORKS[name].label}**: {_local(purpose, locale)}"
        for name, purpose in spec.networks
    )
    return values


def fill(content, spec: CompanySpec, locale: str = SOURCE_LOCALE):
    """`content` (loaded specs: dataclasses, lists, dicts, texts) with its placeholders
    filled; a dataclass field named `translations` holds texts by language."""
    values = {each: placeholder_values(spec, each) for each in LOCALES}

    def walk(value, locale: str):
        if isinstance(value, str):
            return placeholders.fill(value, values[locale])
        if isinstance(value, list):
            return [walk(item, locale) for item in value]
        if isinstance(value, dict):
            return {key: walk(item, locale) for key, item in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for field in dataclasses.fields(value):
                item = getattr(value, field.name)
                if field.name == "translations":
                    changes[field.name] = {other: walk(text, other) for other, text in item.items()}
                elif isinstance(item, str | list | dict) or dataclasses.is_dataclass(item):
                    changes[field.name] = walk(item, locale)
            return dataclasses.replace(value, **changes)
        return value

    return walk(content, locale)


def stored() -> CompanySettings | None:
    """The settings as last loaded; the session's identity map keeps the row, so a request
    reads it once, and a rolled-back load is never taken for the settings."""
    if not has_app_context():
        return None
    return db.session.get(CompanySettings, 1)


def changed_settings(spec: CompanySpec) -> set[str]:
    """The placeholders whose value `spec` changes from the stored settings, in any
    language; every placeholder when nothing is stored yet."""
    row = stored()
    if row is None:
        return set(placeholders.NAMES)
    before = CompanySpec(
        texts=row.texts,
        networks=[(entry["network"], entry["purpose"]) for entry in row.networks],
    )
    changed = set()
    for locale in LOCALES:
        old, new = placeholder_values(before, locale), placeholder_values(spec, locale)
        changed |= {name for name in placeholders.NAMES if old[name] != new[name]}
    return changed


def sync(spec: CompanySpec, report: SyncReport) -> None:
    """Store the settings. Adds and flushes; the caller commits."""
    values = {
        "texts": spec.texts,
        "networks": [{"network": name, "purpose": purpose} for name, purpose in spec.networks],
        "confidential_terms": spec.confidential_terms,
    }
    row = db.session.get(CompanySettings, 1)
    if row is None:
        db.session.add(CompanySettings(id=1, **values))
        report.add("company settings added")
    elif any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        report.add("company settings updated")
    db.session.flush()


@dataclass(frozen=True)
class OfferedNetwork:
    name: str
    label: str
    text_limit: int
    # The company's reason for being there, in the reader's language; "" when not given.
    purpose: str


def offered_networks(locale: str = SOURCE_LOCALE) -> list[OfferedNetwork]:
    """The networks the company uses, in its order; every network the product knows until
    company settings are loaded."""
    row = stored()
    entries = (
        row.networks
        if row is not None
        else [{"network": name, "purpose": {SOURCE_LOCALE: ""}} for name in NETWORK_NAMES]
    )
    return [
        OfferedNetwork(
            name=entry["network"],
            label=str(NETWORKS[entry["network"]].label),
            text_limit=NETWORKS[entry["network"]].text_limit,
            purpose=_local(entry["purpose"], locale),
        )
        for entry in entries
        if entry["network"] in NETWORKS
    ]


def offered_network_names() -> tuple[str, ...]:
    return tuple(network.name for network in offered_networks())


def company_name(locale: str = SOURCE_LOCALE) -> str | None:
    row = stored()
    return None if row is None else _local(row.texts["company"], locale)


def confidential_terms() -> list[str]:
    row = stored()
    return [] if row is None else list(row.confidential_terms)


EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def public_addresses() -> list[str]:
    """The e-mail addresses the company's contacts give, in any language: public ones."""
    row = stored()
    if row is None:
        return []
    texts = [text for by_locale in row.texts.values() for text in by_locale.values()]
    return sorted({address for text in texts for address in EMAIL_ADDRESS.findall(text)})
