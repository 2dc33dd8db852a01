"""The employee roster: what an import would do (the preview), then doing it (the apply).

The same checks serve the browser, the command line and the API (one line at a time).
The preview loads the people it compares with in a few queries, whatever the file's
length; nothing is written before HR confirms, and then valid lines only, all in the
caller's unit of work: an import is applied whole or not at all.

Leavers are deactivated, never deleted: their history and badges stay, and they can no
longer sign in. A "whole roster" import deactivates the active employees and champions it
does not name (never HR, admins, machine accounts, nor the person importing).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from learning.auth import services as accounts
from learning.auth.models import User, UserRole
from learning.database import utcnow
from learning.errors import Invalid
from learning.extensions import db
from learning.familiarity import services as familiarity
from learning.hr import roster_csv
from learning.hr.roster_lines import (
    CREATE,
    DEACTIVATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    VERDICTS,
    EmailCache,
    RosterLine,
    check_cells,
)
from learning.levels import level_label
from learning.mail import send_after_commit
from learning.roles import PERSON_ROLES

# Whom a whole-roster import may deactivate: the people HR brings in.
DEACTIVATABLE_ROLES = set(accounts.HR_GRANTABLE_ROLES)
LEVEL_REASON = "Set by the roster import."
BATCH = 1000  # rows per statement when many are written or read at once


@dataclass
class RosterPlan:
    lines: list[RosterLine]
    whole_roster: bool

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(line.verdict for line in self.lines)
        return {verdict: counted.get(verdict, 0) for verdict in VERDICTS}

    @property
    def ordered(self) -> list[RosterLine]:
        return sorted(self.lines, key=lambda line: (VERDICTS.index(line.verdict), line.number))

    @property
    def rejected(self) -> list[RosterLine]:
        return [line for line in self.ordered if line.verdict == REJECTED]


def _existing(emails: set[str]) -> dict[str, User]:
    """Everyone the lines name, by e-mail, in one query per thousand addresses."""
    found = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        found.update(
            (user.email, user)
            for user in db.session.execute(sa.select(User).where(User.email.in_(chunk))).scalars()
        )
    return found


def _check_managers(lines: list[RosterLine], existing: dict[str, User]) -> None:
    """A manager is someone in the file (on a valid line) or in the database; nobody
    manages themselves, directly or through others. A line rejected for either leaves
    its reports without a manager, so the checks run again until nothing changes."""
    by_email = {line.email: line for line in lines if line.verdict != REJECTED}
    while _reject_missing_managers(by_email, existing) | _reject_cycles(by_email, existing):
        pass


def _reject_missing_managers(by_email: dict[str, RosterLine], existing: dict[str, User]) -> bool:
    missing = [
        line
        for line in by_email.values()
        if line.manager_email
        and line.manager_email not in by_email
        and line.manager_email not in existing
    ]
    for line in missing:
        line.reject(
            _(
                "The manager %(email)s is neither in the file nor an employee.",
                email=line.manager_email,
            )
        )
        del by_email[line.email]
    return bool(missing)


def _reject_cycles(by_email: dict[str, RosterLine], existing: dict[str, User]) -> bool:
    ids_to_email = {user.id: email for email, user in existing.items()}

    def manager_of(email: str) -> str | None:
        if email in by_email:
            return by_email[email].manager_email
        user = existing.get(email)
        if user is None or user.manager_id is None:
            return None
        return ids_to_email.get(user.manager_id) or f"#{user.manager_id}"

    in_cycle = []
    for line in by_email.values():
        chain, email = [line.email], line.manager_email
        while email and email not in chain[1:] and len(chain) <= len(by_email) + 1:
            if email == line.email:
                in_cycle.append((line, " → ".join([*chain, email])))
                break
            chain.append(email)
            email = manager_of(email)
    for line, chain in in_cycle:
        line.reject(_("Manager cycle: %(chain)s manage each other.", chain=chain))
        del by_email[line.email]
    return bool(in_cycle)


def _changes(line: RosterLine, user: User, emails_by_id: dict[int, str]) -> list[str]:
    changes = []
    current_manager = emails_by_id.get(user.manager_id, "?") if user.manager_id else None
    for label, old, new in (
        (_("name"), user.name, line.name),
        (_("department"), user.department, line.department),
        (_("site"), user.site, line.site),
        (_("manager"), current_manager, line.manager_email),
        (_("hire date"), user.hire_date, line.hire_date),
    ):
        if old != new:
            changes.append(f"{label}: {old or '-'} → {new or '-'}")
    if line.level and line.level != user.level:
        changes.append(f"{_('level')}: {level_label(user.level)} → {level_label(line.level)}")
    if line.active is not False and not user.is_active:
        changes.append(_("active again"))
    return changes


def preview(
    text: str, *, whole_roster: bool = False, by: User | None = None, today: date | None = None
) -> RosterPlan:
    """What importing this file would do, line by line; writes nothing."""
    today = today or utcnow().date()
    emails = EmailCache()
    lines = [
        check_cells(raw.number, raw.cells, today, emails) for raw in roster_csv.read_lines(text)
    ]
    repeated = Counter(line.email for line in lines if line.email)
    for line in lines:
        if repeated[line.email] > 1:
            line.reject(_("The e-mail %(email)s is on more than one line.", email=line.email))
    emails = {line.email for line in lines} | {line.manager_email for line in lines}
    existing = _existing({email for email in emails if email})
    _check_managers(lines, existing)
    emails_by_id = {user.id: email for email, user in existing.items()}
    for line in lines:
        line.user = existing.get(line.email)
        if line.verdict == REJECTED:
            continue
        if line.user is not None and not line.user.is_person:
            line.reject(_("%(email)s is a machine account, not an employee.", email=line.email))
        elif by is None and line.level and (line.user is None or line.level != line.user.level):
            line.reject(_("Only an HR person may set a level: import from the HR pages."))
        elif line.user is None and line.active is False:
            line.reject(_("%(email)s is not an employee: nobody to deactivate.", email=line.email))
        elif line.user is None:
            line.verdict = CREATE
        elif line.active is False and not _may_deactivate(by, line.user):
            line.reject(_("Only an admin may deactivate an HR, admin or machine account."))
        elif line.active is False:
            line.verdict = DEACTIVATE if line.user.is_active else UNCHANGED
        else:
            line.changes = _changes(line, line.user, emails_by_id)
            line.verdict = UPDATE if line.changes else UNCHANGED
    if whole_roster:
        lines.extend(_leavers({line.email for line in lines}, by))
    return RosterPlan(lines, whole_roster)


def _may_deactivate(by: User | None, user: User) -> bool:
    """The operator at the command line and admins may; others only the people HR brings in."""
    return by is None or by.has_role("admin") or set(user.roles) <= DEACTIVATABLE_ROLES


def _leavers(named: set[str], by: User | None) -> list[RosterLine]:
    """The active employees and champions the file does not name (one query)."""
    others = sa.exists().where(
        UserRole.user_id == User.id, UserRole.role.not_in(DEACTIVATABLE_ROLES)
    )
    query = sa.select(User).where(User.is_active.is_(True), ~others)
    if by is not None:
        query = query.where(User.id != by.id)
    return [
        RosterLine(
            number=0,
            email=user.email,
            name=user.name,
            department=user.department,
            verdict=DEACTIVATE,
            changes=[_("not in the roster: deactivated")],
            user=user,
        )
        for user in db.session.execute(query.order_by(User.email)).scalars()
        if user.email not in named
    ]


def apply(plan: RosterPlan, *, by: User | None = None) -> dict[str, int]:
    """Write the plan's valid lines in the current unit of work; the caller commits.

    New people are inserted in batches (a statement per thousand, not per person): a
    10,000-line roster is applied in seconds."""
    created = _insert_new_people([line for line in plan.lines if line.verdict == CREATE])
    manager_ids = {line.email: line.user.id for line in plan.lines if line.user is not None}
    manager_ids.update(created)
    wanted = {line.manager_email for line in plan.lines if line.manager_email} - set(manager_ids)
    manager_ids.update((email, user.id) for email, user in _existing(wanted).items())
    new_managers = []
    for line in plan.lines:
        manager_id = manager_ids[line.manager_email] if line.manager_email else None
        if line.verdict == CREATE and manager_id is not None:
            new_managers.append({"id": created[line.email], "manager_id": manager_id})
        elif line.verdict == UPDATE:
            user = line.user
            user.name, user.department, user.site = line.name, line.department, line.site
            user.hire_date, user.manager_id = line.hire_date, manager_id
            user.is_active = True
        elif line.verdict == DEACTIVATE:
            line.user.is_active = False
    for start in range(0, len(new_managers), BATCH):
        db.session.execute(sa.update(User), new_managers[start : start + BATCH])
    db.session.flush()
    for line in plan.lines:
        if line.verdict in (CREATE, UPDATE) and line.level:
            user = line.user or db.session.get(User, created[line.email])
            if user.level != line.level:
                familiarity.override_level(by, user, line.level, LEVEL_REASON)
    for line in plan.lines:
        if line.verdict == CREATE:
            send_invitation(Invitee(created[line.email], line.email, line.name))
    return plan.counts


@dataclass
class Invitee:
    """Who an invitation is for: what the invitation link and its e-mail need."""

    id: int
    email: str
    name: str
    password_hash: str | None = None


def _insert_new_people(lines: list[RosterLine]) -> dict[str, int]:
    """Insert the new employees with their role; their ids by e-mail. The e-mail's unique
    key still refuses one taken meanwhile (the whole import then rolls back)."""
    ids = {}
    for start in range(0, len(lines), BATCH):
        rows = [
            {
                "email": line.email,
                "name": line.name,
                "department": line.department,
                "site": line.site,
                "hire_date": line.hire_date,
            }
            for line in lines[start : start + BATCH]
        ]
        inserted = db.session.execute(sa.insert(User).returning(User.id, User.email), rows)
        ids.update((email, user_id) for user_id, email in inserted)
    roles = [{"user_id": user_id, "role": "employee"} for user_id in ids.values()]
    for start in range(0, len(roles), BATCH):
        db.session.execute(sa.insert(UserRole), roles[start : start + BATCH])
    return ids


def send_invitation(user: User | Invitee) -> None:
    """The e-mail that lets a new employee set their password, sent after the commit."""
    if has_request_context():
        link = url_for(
            "auth.accept_invitation", token=accounts.invitation_token(user), _external=True
        )
    else:
        base = current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000"
        with current_app.test_request_context(base_url=base):
            link = url_for(
                "auth.accept_invitation", token=accounts.invitation_token(user), _external=True
            )
    # In the new employee's language: their own choice, else the company's, never the
    # language of the HR person whose import sends it.
    locale = getattr(user, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = _("Your account on the social-media training")
        body = _(
            "Hello %(name)s,\n\nAn account has been made for you on the company's social-media "
            "training. Choose your password here to start:\n\n%(link)s\n",
            name=user.name,
            link=link,
        )
    send_after_commit(user.email, subject, body)


def upsert_one(values: dict, *, by: User | None) -> tuple[User, str | None, bool]:
    """One employee from the API, checked as a roster line: the person, their manager's
    e-mail as now recorded, and True when created. An optional field left out keeps what
    the person has (a CSV line says everything, a call may not)."""
    values = dict(values)
    known = accounts.find_user_by_email(str(values.get("email", "")))
    if known is not None:
        kept = {
            "site": known.site,
            "manager_email": known.manager.email if known.manager_id else None,
            "hire_date": known.hire_date,
        }
        values = kept | values
    cells = {
        key: "" if values.get(key) is None else str(values.get(key))
        for key in roster_csv.REQUIRED_COLUMNS + roster_csv.OPTIONAL_COLUMNS
    }
    if "active" in values and values["active"] is not None:
        cells["active"] = "yes" if values["active"] else "no"
    header = ",".join(cells)
    row = ",".join('"' + value.replace('"', '""') + '"' for value in cells.values())
    plan = preview(f"{header}\n{row}\n", by=by)
    line = plan.lines[0]
    if line.verdict == REJECTED:
        raise Invalid(" ".join(line.reasons), code="invalid_employee")
    apply(plan, by=by)
    user = line.user or accounts.find_user_by_email(line.email)
    # The line's manager, not `user.manager`: apply sets the id, which a relationship
    # loaded before it would not follow.
    return user, line.manager_email, line.verdict == CREATE


def employees_listing() -> list[tuple[User, str | None]]:
    """Everyone with a person's role, with their manager's e-mail (two queries)."""
    manager = sa.orm.aliased(User)
    people = sa.exists().where(UserRole.user_id == User.id, UserRole.role.in_(PERSON_ROLES))
    return list(
        db.session.execute(
            sa.select(User, manager.email)
            .outerjoin(manager, manager.id == User.manager_id)
            .where(people)
            .order_by(User.email)
        ).all()
    )
