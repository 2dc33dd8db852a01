"""The `draft` exercise: a draft post for one of the company's networks, checked against
four rules, each finding explained.

- length: within the network's limit (`learning.networks`);
- disclosure: a line saying whether one speaks privately ("views are my own", "à titre
  personnel"…) or for the company ("I work at <company>", "posted on behalf of
  <company>", "je travaille chez <company>"…), in English or French, whatever the case
  or accents;
- confidential terms: none of the company's terms (`company.yml`), as whole words;
- personal data of others: no e-mail address, phone number or IBAN-like number.

`check` is pure: it reads nothing, so the rules are tested on their own. `submit_draft`
stores the draft and, when it passes, completes the lesson; the draft stays its author's
alone.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import has_app_context
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.auth.models import User
from learning.company import services as company
from learning.courses.models import Lesson
from learning.errors import Invalid, NotFound, echo
from learning.exercises.models import TEXT_MAX_LENGTH, Draft
from learning.extensions import db
from learning.locales import LOCALES
from learning.networks import NETWORKS
from learning.progress import services as progress

DRAFT = "draft"
# The earlier drafts a lesson's page lists; the data download has them all.
DRAFTS_SHOWN = 20

LENGTH, DISCLOSURE, CONFIDENTIAL, PERSONAL_DATA = "length", "disclosure", "confidential", "personal"
RULES = {
    LENGTH: _l("It fits the network"),
    DISCLOSURE: _l("It says who is speaking"),
    CONFIDENTIAL: _l("It keeps confidential terms out"),
    PERSONAL_DATA: _l("It holds no one else's personal data"),
}

# Phrases of a line that says one speaks privately, matched on folded text (lower case,
# no accents, plain apostrophes, single spaces).
PRIVATE_PHRASES = (
    r"(?:views|opinions|thoughts|words)(?: expressed)?(?: here)? are (?:all )?(?:my own|mine)",
    r"(?:all )?(?:views|opinions|thoughts) (?:are )?my own",
    r"my own (?:opinions?|views?|thoughts|words)",
    r"personal (?:opinions?|views?|account|capacity)",
    r"(?:i(?: am|'m)? )?(?:speaking|writing|posting) (?:only )?(?:for|as) myself",
    r"i speak (?:only )?for myself",
    r"(?:writing|posting|speaking) (?:privately|personally)",
    r"(?:in|on) my own (?:name|behalf)",
    r"not (?:speaking |posting |writing )?(?:on behalf of|for) my (?:employer|company)",
    r"avis (?:personnel|perso)",
    r"opinions? personnelles?",
    r"a titre (?:personnel|prive)",
    r"en mon (?:nom|propre nom)",
    r"n'engag(?:e|ent) que moi",
)
# Phrases of a line that says one works for, or speaks for, the company: the company's
# name must follow on the same line.
COMPANY_PHRASES = (
    r"i(?: am|'m)? (?:working|employed) (?:at|for|by|with)",
    r"i work (?:at|for|with)",
    r"(?:an? )?employee (?:at|of)",
    r"on behalf of",
    r"posted (?:for|by)",
    r"(?:speaking|writing|posting) for",
    r"je travaille (?:chez|pour|a|au sein de|au sein d')",
    r"je suis (?:chez|salariee? de|salariee? d')",
    r"au nom (?:de|d')",
    r"pour le compte (?:de|d')",
    r"publie (?:pour|par)",
    r"(?:salariee?|collaborat(?:eur|rice)|employee?) (?:de|d'|chez)",
)
PRIVATE = re.compile(rf"\b(?:{'|'.join(PRIVATE_PHRASES)})\b")
# The most of a line a finding quotes.
QUOTED_LENGTH = 80
# How far the company's name may come after the phrase ("I work at the Lyon site of Acme").
NAME_WITHIN = 40

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONES = (
    # French: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, 0033 6…
    re.compile(
        r"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
    ),
    # International: +44 20 7946 0958, +1 (555) 123-4567
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}(?!\d)"),
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567
    re.compile(r"(?<![\w(])(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)"),
)
IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?"
    r"(?![A-Za-z0-9])"
)
MASK = "•"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on a draft, with its explanation; `found` names what failed it
    (confidential terms, masked personal data)."""

    rule: str
    passed: bool
    message: str
    found: tuple[str, ...] = field(default=())

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "message": self.message,
            "found": list(self.found),
        }


def clean_text(text: str) -> str:
    """The draft as stored and counted: composed characters, plain line ends, no blank
    margin."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.strip()


def fold(text: str) -> str:
    """Lower case, without accents, plain apostrophes and single spaces, so that "Views
    are MY OWN" and "J’écris en mon nom" match their phrases."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’‘ʼ`´]", "'", text).casefold()
    return re.sub(r"[^\S\n]+", " ", text)


def _words(text: str) -> str:
    """`text` folded, as a pattern matching it as whole words, any spacing between them."""
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in fold(text).split()) + r"(?!\w)"


def _names(company_name: str | Iterable[str] | None) -> list[str]:
    names = [company_name] if isinstance(company_name, str) else list(company_name or [])
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


def _quoted(line: str) -> str:
    return line if len(line) <= QUOTED_LENGTH else line[: QUOTED_LENGTH - 1] + "…"


def _number(value: int) -> str:
    """A count as the reader's language writes it: 3,000 in English, 3 000 in French."""
    return format_decimal(value) if has_app_context() else f"{value:,}"


def _length(text: str, network: str) -> Finding:
    name, limit, count = str(NETWORKS[network].label), NETWORKS[network].text_limit, len(text)
    if count <= limit:
        message = _(
            "Your draft has %(count)s characters: it fits %(network)s, which takes at most "
            "%(limit)s.",
            count=_number(count),
            network=name,
            limit=_number(limit),
        )
        return Finding(LENGTH, True, message)
    message = _(
        "Your draft has %(count)s characters, %(over)s over the %(limit)s that %(network)s "
        "takes. Shorten it by at least %(over)s characters: one idea per post reads better.",
        count=_number(count),
        over=_number(count - limit),
        limit=_number(limit),
        network=name,
    )
    return Finding(LENGTH, False, message)


def _disclosure(text: str, names: list[str]) -> Finding:
    name_pattern = "|".join(_words(name) for name in names) or r"\w"
    company_line = re.compile(
        rf"\b(?:{'|'.join(COMPANY_PHRASES)})\b[^\n]{{0,{NAME_WITHIN}}}?(?:{name_pattern})"
    )
    for line in text.splitlines():
        folded = fold(line)
        if PRIVATE.search(folded) or company_line.search(folded):
            quoted = _quoted(line.strip())
            message = _('Your draft says who is speaking: "%(line)s"', line=quoted)
            return Finding(DISCLOSURE, True, message)
    company_name = names[0] if names else _("the company")
    message = _(
        'Add a line that says who is speaking. For yourself: "I work at %(company)s; views '
        'are my own" (or "Je travaille chez %(company)s, mon avis personnel"). For the '
        'company, only if it is your role: "Posted on behalf of %(company)s". Readers must '
        "know whether a post is an employee's opinion or the company's word.",
        company=company_name,
    )
    return Finding(DISCLOSURE, False, message)


def _confidential(text: str, terms: list[str], names: list[str]) -> Finding:
    folded = fold(text)
    found = tuple(
        dict.fromkeys(
            term.strip() for term in terms if term.strip() and re.search(_words(term), folded)
        )
    )
    company_name = names[0] if names else _("the company")
    if not found:
        message = _(
            "Your draft contains none of the terms %(company)s keeps confidential. Check the "
            "rest yourself: every fact must already be published.",
            company=company_name,
        )
        return Finding(CONFIDENTIAL, True, message)
    message = _(
        "Your draft contains terms %(company)s keeps confidential: %(terms)s. Remove them: "
        "name only what the company has published, by its published name.",
        company=company_name,
        terms=", ".join(found),
    )
    return Finding(CONFIDENTIAL, False, message, found)


def _mask_email(address: str) -> str:
    local, domain = address.rsplit("@", 1)
    return f"{local[0]}{MASK * 3}@{domain}"


def _mask_digits(value: str, keep: int = 2) -> str:
    """Every digit but the last `keep` masked."""
    digits = sum(ch.isdigit() for ch in value)
    seen, masked = 0, []
    for ch in value:
        if ch.isdigit():
            seen += 1
            masked.append(ch if seen > digits - keep else MASK)
        else:
            masked.append(ch)
    return "".join(masked)


def _mask_iban(value: str) -> str:
    compact = value.replace(" ", "")
    return f"{compact[:2]}{MASK * 4}{compact[-2:]}"


def _personal_data(text: str, public_addresses: set[str]) -> Finding:
    """Anyone's e-mail address, phone or bank account number, but the company's own public
    contact addresses (those of its settings)."""
    text = unicodedata.normalize("NFKC", text)
    found, taken = [], []

    def free(match: re.Match) -> bool:
        start, end = match.span()
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            return False
        taken.append((start, end))
        return True

    for match in EMAIL.finditer(text):
        if match.group().lower() in public_addresses:
            taken.append(match.span())
            continue
        if free(match):
            found.append(_("e-mail address %(value)s", value=_mask_email(match.group())))
    for match in IBAN.finditer(text):
        compact = match.group().replace(" ", "")
        if 15 <= len(compact) <= 34 and sum(ch.isdigit() for ch in compact) >= 10 and free(match):
            found.append(_("bank account number %(value)s", value=_mask_iban(match.group())))
    for pattern in PHONES:
        for match in pattern.finditer(text):
            if 8 <= sum(ch.isdigit() for ch in match.group()) <= 15 and free(match):
                found.append(_("phone number %(value)s", value=_mask_digits(match.group())))
    if not found:
        message = _(
            "Your draft holds no e-mail address, phone number or bank account number. Name "
            "people only if they are happy to be named."
        )
        return Finding(PERSONAL_DATA, True, message)
    message = _(
        "Your draft holds what looks like someone's personal data: %(found)s. Leave it out: "
        "point readers to a published page or the official contact form instead.",
        found="; ".join(found),
    )
    return Finding(PERSONAL_DATA, False, message, tuple(found))


def check(
    text: str,
    network: str,
    *,
    company_name: str | Iterable[str] | None,
    confidential_terms: Iterable[str],
    public_addresses: Iterable[str] = (),
) -> list[Finding]:
    """The four findings on a draft for `network`, in rule order. `company_name` is the
    company's name, or its names in each language; `public_addresses`, the company's own
    contact addresses, which are no one's personal data. Reads nothing, writes nothing."""
    text = clean_text(text)
    names = _names(company_name)
    return [
        _length(text, network),
        _disclosure(text, names),
        _confidential(text, list(confidential_terms), names),
        _personal_data(text, {address.lower() for address in public_addresses}),
    ]


def passed(findings: Iterable[Finding]) -> bool:
    return all(finding.passed for finding in findings)


def is_draft_exercise(lesson: Lesson) -> bool:
    return lesson.exercise == DRAFT and lesson.is_active and lesson.course.is_active


def submit_draft(user: User, lesson: Lesson, network: str, text: str) -> Draft:
    """Check and keep a draft; a draft that passes completes the lesson. Checks everything
    before writing; adds and flushes, the caller commits."""
    if not is_draft_exercise(lesson):
        raise NotFound(_("This lesson has no draft exercise."), code="not_a_draft_exercise")
    offered = company.offered_networks()
    if network not in {each.name for each in offered}:
        raise Invalid(
            _(
                "'%(network)s' is not one of the company's networks; choose one of: %(offered)s.",
                network=echo(network or ""),
                offered=", ".join(each.label for each in offered),
            ),
            code="network_not_offered",
        )
    text = clean_text(text or "")
    if not text:
        raise Invalid(_("Write your draft, then check it."), code="draft_empty")
    if len(text) > TEXT_MAX_LENGTH:
        raise Invalid(
            _(
                "Your draft has %(count)s characters; a draft may have at most %(max)s.",
                count=_number(len(text)),
                max=_number(TEXT_MAX_LENGTH),
            ),
            code="draft_too_long",
        )
    findings = check(
        text,
        network,
        # The name in the person's language first: the findings name the company so.
        company_name=[company.company_name(locale) for locale in (user.locale, *LOCALES)],
        confidential_terms=company.confidential_terms(),
        public_addresses=company.public_addresses(),
    )
    draft = Draft(
        user_id=user.id,
        lesson_id=lesson.id,
        network=network,
        text=text,
        passed=passed(findings),
        findings=[finding.as_json() for finding in findings],
    )
    db.session.add(draft)
    db.session.flush()
    if draft.passed:
        progress.complete_lesson(user, lesson)
    return draft


def drafts_of(user: User, lesson: Lesson, limit: int = DRAFTS_SHOWN) -> list[Draft]:
    """The person's own drafts for the lesson, newest first: nobody else's, ever."""
    return list(
        db.session.execute(
            sa.select(Draft)
            .where(Draft.user_id == user.id, Draft.lesson_id == lesson.id)
            .order_by(Draft.id.desc())
            .limit(limit)
        ).scalars()
    )
