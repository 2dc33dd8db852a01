"""The advocacy report, computed on request and aggregated in SQL.

What counts, as everywhere in the product: a click when its kind is `person`; a sign-up
for a link when it is attributed (those reported later are shown apart, as outside the
attribution window). Shares, clicks and sign-ups belong to the share's network, item (its
type and objective) and person (their department). Within a period, each is counted on
its own date: shares when made, clicks when clicked, sign-ups when reported.

A report runs a fixed number of statements, whatever the amount of data.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from learning.advocacy.models import ContentItem, Objective
from learning.analytics import rollup
from learning.analytics.labels import type_label
from learning.analytics.objectives import ObjectiveProgress, progress_of
from learning.analytics.periods import Period
from learning.auth.models import User
from learning.database import utcnow
from learning.extensions import db
from learning.networks import NETWORK_NAMES, network_label
from learning.sharing.models import Conversion, Share

TOP = 10


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 2) if whole else 0.0


@dataclass
class Figures:
    shares: int = 0
    clicks: int = 0
    conversions: int = 0

    @property
    def clicks_per_share(self) -> float:
        return ratio(self.clicks, self.shares)

    @property
    def conversions_per_share(self) -> float:
        return ratio(self.conversions, self.shares)

    def add(self, other: "Figures") -> None:
        self.shares += other.shares
        self.clicks += other.clicks
        self.conversions += other.conversions


@dataclass
class ItemRow(Figures):
    item_id: int = 0
    title: str = ""
    type: str = ""
    type_label: str = ""
    objective_id: int | None = None
    objective: str = ""


@dataclass
class NetworkRow(Figures):
    network: str = ""
    label: str = ""


@dataclass
class TypeRow(Figures):
    type: str = ""
    label: str = ""


@dataclass
class SharerRow(Figures):
    user_id: int = 0
    name: str = ""
    department: str = ""


@dataclass
class Week:
    starts_on: date
    shares: int = 0
    clicks: int = 0


@dataclass
class Totals:
    shares: int = 0
    sharers: int = 0
    clicks: int = 0
    visitors: int = 0
    conversions: int = 0
    outside_window: int = 0
    filtered: int = 0


@dataclass
class Report:
    period: Period
    totals: Totals
    items: list[ItemRow]
    networks: list[NetworkRow]
    types: list[TypeRow]
    top_sharers: list[SharerRow]
    best_performers: list[SharerRow]
    weeks: list[Week]
    objectives: list[ObjectiveProgress] = field(default_factory=list)

    @property
    def conversions(self) -> dict[str, int]:
        """Sign-ups: attributed (counted), and reported outside the attribution window."""
        return {"attributed": self.totals.conversions, "outside_window": self.totals.outside_window}


def _between(column, period: Period):
    # Bounded at both ends even for all time, so the index on the date serves (rather
    # than one ordered by another column, which SQLite may pick without statistics).
    return sa.and_(
        column >= rollup.midnight(period.start or date.min), column < rollup.midnight(period.end)
    )


def advocacy_report(period: Period, now: datetime | None = None) -> Report:
    now = now or utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        # The driver prepares a statement run five times; PostgreSQL then plans it once for
        # any dates, which at ten million clicks made the long periods three times slower.
        # Each report's statements are planned for its own dates (this transaction only).
        db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
    rolled_until = rollup.bring_up_to_date(now)
    shares = sa.select(Share).where(_between(Share.created_at, period)).subquery("period_shares")
    signups = (
        sa.select(Conversion.attributed, Share.item_id, Share.network, Share.user_id)
        .join(Share, Share.id == Conversion.share_id)
        .where(_between(Conversion.reported_at, period))
        .subquery("period_signups")
    )
    per_item, totals = _per_item_and_network(shares, rolled_until, period, signups)
    # Each day once (the day in progress is aggregated from the raw clicks): the cards
    # and the weeks add them up.
    days = rollup.click_days(rolled_until, period.start, period.end)
    day_rows = db.session.execute(
        sa.select(days.c.day, days.c.clicks, days.c.filtered, days.c.visitors)
    ).all()
    totals.clicks = sum(row.clicks for row in day_rows)
    totals.filtered = sum(row.filtered for row in day_rows)
    totals.visitors = sum(row.visitors for row in day_rows)
    items = _item_rows(per_item)
    clicks = rollup.click_rows(rolled_until, period.start, period.end, "user_id")
    totals.sharers, top_sharers, best_performers = _sharers(shares, clicks, signups)
    return Report(
        period=period,
        totals=totals,
        items=items,
        networks=_network_rows(per_item),
        types=_type_rows(items),
        top_sharers=top_sharers,
        best_performers=best_performers,
        weeks=_weeks(period, shares, day_rows),
        objectives=progress_of(now.date(), rolled_until),
    )


def _per_item_and_network(shares, rolled_until, period: Period, signups):
    """Figures per (item, network), and the totals of shares and sign-ups: three
    statements."""
    figures: dict[tuple[int, str], Figures] = defaultdict(Figures)
    totals = Totals()
    share_counts = sa.select(shares.c.item_id, shares.c.network, sa.func.count()).group_by(
        shares.c.item_id, shares.c.network
    )
    for item_id, network, count in db.session.execute(share_counts):
        figures[item_id, network].shares = count
        totals.shares += count
    clicks = rollup.click_rows(rolled_until, period.start, period.end, "item_id", "network")
    click_counts = sa.select(
        clicks.c.item_id, clicks.c.network, sa.func.sum(clicks.c.clicks)
    ).group_by(clicks.c.item_id, clicks.c.network)
    for item_id, network, count in db.session.execute(click_counts):
        figures[item_id, network].clicks = int(count)
    signup_counts = sa.select(
        signups.c.item_id, signups.c.network, signups.c.attributed, sa.func.count()
    ).group_by(signups.c.item_id, signups.c.network, signups.c.attributed)
    for item_id, network, attributed, count in db.session.execute(signup_counts):
        if attributed:
            figures[item_id, network].conversions = count
            totals.conversions += count
        else:
            totals.outside_window += count
    return figures, totals


def _item_rows(per_item: dict[tuple[int, str], Figures]) -> list[ItemRow]:
    ids = {item_id for item_id, _network in per_item}
    if not ids:
        return []
    query = (
        sa.select(
            ContentItem.id, ContentItem.title, ContentItem.type, Objective.id, Objective.title
        )
        .outerjoin(Objective, Objective.id == ContentItem.objective_id)
        .where(ContentItem.id.in_(ids))
    )
    rows = {
        item_id: ItemRow(
            item_id=item_id,
            title=title,
            type=kind,
            type_label=type_label(kind),
            objective_id=objective_id,
            objective=objective or "",
        )
        for item_id, title, kind, objective_id, objective in db.session.execute(query)
    }
    for (item_id, _network), figures in per_item.items():
        rows[item_id].add(figures)
    return sorted(rows.values(), key=lambda r: (-r.shares, -r.clicks, r.title.casefold()))


def _network_rows(per_item: dict[tuple[int, str], Figures]) -> list[NetworkRow]:
    rows = {name: NetworkRow(network=name, label=network_label(name)) for name in NETWORK_NAMES}
    for (_item, network), figures in per_item.items():
        rows[network].add(figures)
    used = [row for row in rows.values() if row.shares or row.clicks or row.conversions]
    return sorted(used, key=lambda r: (-r.clicks_per_share, -r.clicks, r.network))


def _type_rows(items: list[ItemRow]) -> list[TypeRow]:
    rows: dict[str, TypeRow] = {}
    for item in items:
        row = rows.setdefault(item.type, TypeRow(type=item.type, label=item.type_label))
        row.add(item)
    return sorted(rows.values(), key=lambda r: (-r.clicks_per_share, -r.shares, r.type))


def _sharers(shares, clicks, signups) -> tuple[int, list[SharerRow], list[SharerRow]]:
    """How many people shared, the most active sharers (by shares) and the best
    performing (by sign-ups, then counted clicks), with all three figures: one statement.
    Each source is counted per person first, so the union holds a row per person and
    source rather than one per share, click row and sign-up."""
    zero = sa.literal(0)
    activity = sa.union_all(
        sa.select(
            shares.c.user_id,
            sa.func.count().label("shares"),
            zero.label("clicks"),
            zero.label("signups"),
        ).group_by(shares.c.user_id),
        sa.select(clicks.c.user_id, zero, clicks.c.clicks, zero),
        sa.select(signups.c.user_id, zero, zero, sa.func.count())
        .where(signups.c.attributed.is_(True))
        .group_by(signups.c.user_id),
    ).subquery("activity")
    per_user = (
        sa.select(
            activity.c.user_id,
            sa.func.sum(activity.c.shares).label("shares"),
            sa.func.sum(activity.c.clicks).label("clicks"),
            sa.func.sum(activity.c.signups).label("signups"),
        )
        .group_by(activity.c.user_id)
        .cte("per_user")
    )
    blank = sa.literal("")
    lists = [
        # The number of sharers, in the place of a person's shares.
        sa.select(
            sa.literal("sharers").label("list"), zero, sa.func.count(), zero, zero, blank, blank
        ).where(per_user.c.shares > 0)
    ]
    for name, order in (
        ("active", (per_user.c.shares.desc(), per_user.c.clicks.desc())),
        ("performing", (per_user.c.signups.desc(), per_user.c.clicks.desc())),
    ):
        wanted = per_user.c.shares > 0 if name == "active" else per_user.c.clicks > 0
        wanted = wanted if name == "active" else sa.or_(wanted, per_user.c.signups > 0)
        top = (
            sa.select(sa.literal(name).label("list"), per_user, User.name, User.department)
            .join(User, User.id == per_user.c.user_id)
            .where(wanted)
            .order_by(*order, User.name, User.id)
            .limit(TOP)
            .subquery()
        )
        lists.append(sa.select(top))
    sharers = 0
    rows: dict[str, list[SharerRow]] = {"active": [], "performing": []}
    for listed, user_id, shared, clicked, signed_up, name, department in db.session.execute(
        sa.union_all(*lists)
    ):
        if listed == "sharers":
            sharers = int(shared)
            continue
        rows[listed].append(
            SharerRow(
                user_id=user_id,
                name=name,
                department=department or "",
                shares=int(shared),
                clicks=int(clicked),
                conversions=int(signed_up),
            )
        )
    # Each list in its order again: a union keeps no order of its own.
    rows["active"].sort(key=lambda r: (-r.shares, -r.clicks, r.name, r.user_id))
    rows["performing"].sort(key=lambda r: (-r.conversions, -r.clicks, r.name, r.user_id))
    return sharers, rows["active"], rows["performing"]


def _weeks(period: Period, shares, day_rows) -> list[Week]:
    """Shares and counted clicks per week (from Monday), over the period: one statement."""
    day = rollup.utc_day(shares.c.created_at)
    per_day = defaultdict(lambda: [0, 0])
    for when, count in db.session.execute(sa.select(day, sa.func.count()).group_by(day)):
        per_day[when][0] += count
    for row in day_rows:
        per_day[row.day][1] += row.clicks
    if not per_day:
        return []
    # From the first week with something in it to the last: a period running to 9998
    # has no thousands of empty weeks.
    first, last = min(per_day), min(max(per_day), period.to)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        week = Week(starts_on=monday)
        for offset in range(7):
            shared, clicked = per_day.get(monday + timedelta(days=offset), (0, 0))
            week.shares += shared
            week.clicks += clicked
        weeks.append(week)
        monday += timedelta(days=7)
    return weeks
