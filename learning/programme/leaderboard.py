"""The opt-in leaderboards: overall, per department and per objective, for the current
month, quarter or all time.

Privacy: a person who has not opted in (`User.leaderboard_opt_in`, off by default) is
never shown by name to anyone but HR and themself. Others do not see them at all: they
are left out of the ranking (so no gap in the ranks betrays them) and only counted as
"N colleagues not shown". The person sees their own row and the rank they would have,
marked "only you can see this". HR sees everyone, ranked among everyone.

A board is two statements after the rollups are brought up to date (a fixed number
whatever the data): the ranked rows with the number not shown, and the objectives for
the selector.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from learning.advocacy.models import Objective
from learning.advocacy.objectives import get_objective
from learning.analytics import rollup
from learning.auth.models import User
from learning.database import utcnow
from learning.errors import DomainError
from learning.extensions import db
from learning.programme.points import points_per_person

TOP = 20
SCOPES = {
    "overall": _l("Overall"),
    "department": _l("My department"),
    "objective": _l("An objective"),
}
PERIODS = {"month": _l("This month"), "quarter": _l("This quarter"), "all": _l("All time")}
# Who sees every person by name, opted in or not.
SEES_EVERYONE = ("hr",)


class InvalidBoard(DomainError):
    status = 400
    code = "invalid_leaderboard"


@dataclass
class Entry:
    rank: int
    user_id: int
    name: str
    department: str
    shares: int
    rewarded_shares: int
    clicks: int
    signups: int
    points: int
    opted_in: bool
    is_viewer: bool


@dataclass
class Board:
    scope: str
    period: str
    start: date | None
    to: date
    department: str | None
    objective: Objective | None
    entries: list[Entry]
    # The viewer's own row when it is not among the top rows (None: not ranked).
    viewer_entry: Entry | None
    hidden: int
    sees_everyone: bool
    viewer_opted_in: bool
    objectives: list[Objective] = field(default_factory=list)


def period_start(period: str, today: date) -> date | None:
    if period == "month":
        return today.replace(day=1)
    if period == "quarter":
        return today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return None


def check_choices(scope: str, period: str) -> None:
    if scope not in SCOPES:
        raise InvalidBoard(
            _("Unknown scope “%(value)s”: choose overall, department or objective.", value=scope)
        )
    if period not in PERIODS:
        raise InvalidBoard(
            _("Unknown period “%(value)s”: choose month, quarter or all.", value=period)
        )


def leaderboard(
    viewer: User,
    scope: str = "overall",
    period: str = "month",
    objective_id: int | None = None,
    department: str | None = None,
    now: datetime | None = None,
) -> Board:
    """The board `viewer` may see. InvalidBoard or NotFound for a bad choice."""
    now = now or utcnow()
    check_choices(scope, period)
    sees_everyone = viewer.has_role(*SEES_EVERYONE)
    objective = None
    if scope == "objective":
        if objective_id is None:
            raise InvalidBoard(_("Choose the objective whose board to show."))
        objective = get_objective(objective_id)
    if scope == "department":
        # Only HR may look at another department's board; others see their own.
        department = (department if sees_everyone and department else viewer.department) or ""
        if not department.strip():
            raise InvalidBoard(_("Your profile has no department, so there is no board for it."))
    start = period_start(period, now.date())
    end = now.date() + timedelta(days=1)
    rolled_until = rollup.bring_up_to_date(now)
    points = points_per_person(start, end, rolled_until, objective_id if objective else None)
    people = [User.is_active.is_(True), points.c.points > 0]
    if scope == "department":
        people.append(User.department == department)
    visible = sa.true() if sees_everyone else sa.or_(User.leaderboard_opt_in, User.id == viewer.id)
    # One pass over the points: those shown are ranked among themselves (so nobody hidden
    # leaves a gap), and those hidden are only counted, in the same statement.
    board = (
        sa.select(points, User.name, User.department, User.leaderboard_opt_in)
        .add_columns(visible.label("visible"))
        .join(User, User.id == points.c.user_id)
        .where(*people)
        .cte("board")
    )
    shown_first = (board.c.points.desc(), board.c.name, board.c.user_id)
    ranked = sa.select(
        board,
        sa.func.rank()
        .over(partition_by=board.c.visible, order_by=board.c.points.desc())
        .label("rank"),
        sa.func.row_number()
        .over(partition_by=board.c.visible, order_by=shown_first)
        .label("position"),
        sa.func.count().over(partition_by=board.c.visible).label("group_size"),
    ).subquery("ranked")
    wanted = sa.or_(
        sa.and_(ranked.c.visible, sa.or_(ranked.c.position <= TOP, ranked.c.user_id == viewer.id)),
        # One row of those hidden, to count them; nothing of theirs but the count is read.
        sa.and_(sa.not_(ranked.c.visible), ranked.c.position == 1),
    )
    hidden = 0
    rows = []
    for row in db.session.execute(sa.select(ranked).where(wanted).order_by(ranked.c.position)):
        if row.visible:
            rows.append(row)
        else:
            hidden = row.group_size
    entries = [_entry(row, viewer) for row in rows]
    top = [entry for entry, row in zip(entries, rows, strict=True) if row.position <= TOP]
    mine = next((entry for entry in entries if entry.is_viewer), None)
    return Board(
        scope=scope,
        period=period,
        start=start,
        to=now.date(),
        department=department if scope == "department" else None,
        objective=objective,
        entries=top,
        viewer_entry=mine if mine is not None and mine not in top else None,
        hidden=hidden,
        sees_everyone=sees_everyone,
        viewer_opted_in=viewer.leaderboard_opt_in,
        objectives=list(db.session.scalars(sa.select(Objective).order_by(Objective.title))),
    )


def _entry(row, viewer: User) -> Entry:
    return Entry(
        rank=row.rank,
        user_id=row.user_id,
        name=row.name,
        department=row.department or "",
        shares=int(row.shares),
        rewarded_shares=int(row.rewarded_shares),
        clicks=int(row.clicks),
        signups=int(row.signups),
        points=int(row.points),
        opted_in=bool(row.leaderboard_opt_in),
        is_viewer=row.user_id == viewer.id,
    )


def set_opt_in(user: User, opted_in: bool) -> None:
    user.leaderboard_opt_in = bool(opted_in)
    db.session.flush()
