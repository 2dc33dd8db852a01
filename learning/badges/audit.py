"""The audit of awards by hand and revocations, for HR and admins: a page and its CSV.

One query whatever the number of rows: each audit row joined to its award, badge, the
person it concerns and who acted. A month (`?month=YYYY-MM`, UTC) narrows it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from learning import spreadsheets
from learning.auth.models import User
from learning.badges import blueprint
from learning.badges.models import Award, AwardAudit, Badge
from learning.errors import Invalid
from learning.extensions import db
from learning.security import roles_required

READERS = ("hr", "admin")
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class AuditRow:
    award_id: int
    person: str
    department: str | None
    badge: str
    action: str
    actor: str
    reason: str
    happened_at: datetime
    revoked: bool


def action_label(action: str) -> str:
    return {"awarded": _("Awarded"), "revoked": _("Revoked")}.get(action, action)


def month_bounds(month: str | None) -> tuple[datetime, datetime] | None:
    """The UTC start and end of a month written YYYY-MM; None for none or a bad one."""
    match = MONTH_PATTERN.fullmatch(month or "")
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    if not (1 <= number <= 12 and 1 <= year <= 9998):
        return None
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=UTC)
    return start, end


def audit_rows(month: str | None = None) -> list[AuditRow]:
    person = aliased(User)
    actor = aliased(User)
    query = (
        sa.select(
            AwardAudit.award_id,
            person.name,
            person.department,
            Badge.name,
            AwardAudit.action,
            actor.name,
            AwardAudit.reason,
            AwardAudit.happened_at,
            Award.revoked_at.is_not(None),
        )
        .join(Award, Award.id == AwardAudit.award_id)
        .join(Badge, Badge.id == Award.badge_id)
        .join(person, person.id == Award.user_id)
        .join(actor, actor.id == AwardAudit.actor_id)
        .order_by(AwardAudit.happened_at.desc(), AwardAudit.id.desc())
    )
    if bounds := month_bounds(month):
        query = query.where(AwardAudit.happened_at >= bounds[0], AwardAudit.happened_at < bounds[1])
    return [AuditRow(*row) for row in db.session.execute(query)]


def csv_text(rows: list[AuditRow]) -> str:
    header = [
        _("Person"),
        _("Department"),
        _("Badge"),
        _("Action"),
        _("By"),
        _("Reason"),
        _("When (UTC)"),
    ]
    return spreadsheets.csv_text(
        [
            header,
            *(
                (
                    row.person,
                    row.department or "",
                    row.badge,
                    action_label(row.action),
                    row.actor,
                    row.reason,
                    row.happened_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                )
                for row in rows
            ),
        ]
    )


def _asked_month() -> tuple[str, str | None]:
    """The month asked for, and an error when it is not one."""
    month = request.args.get("month", "").strip()
    if month and month_bounds(month) is None:
        return "", _("“%(month)s” is not a month: use YYYY-MM.", month=month[:20])
    return month, None


@blueprint.get("/audit")
@roles_required(*READERS)
def audit():
    month, error = _asked_month()
    return render_template(
        "badges/audit_log.html",
        rows=audit_rows(month or None),
        month=month,
        error=error,
        action_label=action_label,
    )


@blueprint.get("/audit.csv")
@roles_required(*READERS)
def audit_csv():
    month, error = _asked_month()
    if error:
        raise Invalid(error, code="invalid_month")
    name = f"badge-audit-{month or 'all'}.csv"
    return spreadsheets.csv_download(csv_text(audit_rows(month or None)), name)
