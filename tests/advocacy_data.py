"""A small advocacy world whose every figure is computed by hand, for the analytics tests.

Three employees in two departments, two objectives counting different metrics, four
items of three types, shares on three networks, clicks of every kind and sign-ups
attributed or not, on dates inside and outside the period the tests ask for: the last
31 days (FROM to today). The figures expected for that period are below the builder.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from learning.advocacy.models import ContentItem, Objective
from learning.analytics.rollup import midnight
from learning.database import utcnow
from learning.extensions import db
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work

PERIOD_DAYS = 30  # the tests' period: from 30 days ago to today, both included


@dataclass
class World:
    today: date
    now: datetime
    users: dict
    objectives: dict
    items: dict
    shares: dict

    @property
    def period(self) -> dict:
        return {"from": (self.today - timedelta(days=PERIOD_DAYS)).isoformat(), "to": self.today}


def moment(today: date, now: datetime, days_ago: int) -> datetime:
    """Noon that many days ago; for today, halfway between midnight and now (the past)."""
    if days_ago == 0:
        return midnight(today) + (now - midnight(today)) / 2
    return midnight(today - timedelta(days=days_ago)) + timedelta(hours=12)


def add_click(world: World, share: str, days_ago: int, kind="person", visitor=None) -> None:
    db.session.add(
        Click(
            share_id=world.shares[share].id,
            clicked_at=moment(world.today, world.now, days_ago),
            kind=kind,
            visitor=visitor,
        )
    )


def build_world(make_user) -> World:
    now = utcnow()
    today = now.date()
    users = {
        "alice": make_user(name="Alice Martin", department="Sales"),
        "bob": make_user(name="Basile Durand", department="Sales"),
        "chloe": make_user(name="=Chloé Petit", department="Support"),
    }
    champion = make_user(roles=("champion",), name="Carla Champion", department="Marketing")
    with unit_of_work():
        objectives = {
            "launch": Objective(
                title="Sign-ups for the launch",
                family="campaigns",
                metric="conversions",
                target=10,
                starts_on=today - timedelta(days=60),
                due=today + timedelta(days=30),
                created_by_id=champion.id,
            ),
            "report": Objective(
                title="Readers of the report",
                family="awareness",
                metric="clicks",
                target=5,
                starts_on=today - timedelta(days=20),
                due=today + timedelta(days=10),
            ),
        }
        db.session.add_all(objectives.values())
        db.session.flush()
        items = {}
        for key, title, kind, objective in (
            ("event", "Launch event", "event", "launch"),
            ("case", "Acme case study", "case_study", "launch"),
            ("report", "Sustainability report", "press_release", "report"),
            ("press", "+Results press release", "press_release", "report"),
        ):
            items[key] = ContentItem(
                title=title,
                type=kind,
                url=f"https://example.com/{key}",
                objective_id=objectives[objective].id,
                status="published",
                author_id=champion.id,
            )
        db.session.add_all(items.values())
        db.session.flush()
        shares = {}
        for key, user, item, network, days_ago in (
            ("s1", "alice", "event", "linkedin", 10),
            ("s2", "alice", "report", "x", 5),
            ("s3", "bob", "event", "facebook", 3),
            ("s4", "chloe", "case", "linkedin", 40),  # before the period
            ("s5", "chloe", "report", "linkedin", 2),
            ("s6", "bob", "press", "x", 1),
        ):
            shares[key] = Share(
                code=f"code-{key}",
                user_id=users[user].id,
                item_id=items[item].id,
                network=network,
                created_at=moment(today, now, days_ago),
            )
        db.session.add_all(shares.values())
        db.session.flush()
        world = World(today, now, users, objectives, items, shares)
        for share, days_ago, kind, visitor in (
            ("s1", 10, "person", "v1"),
            ("s1", 10, "person", "v1"),  # the same visitor twice that day
            ("s1", 10, "bot", "b1"),
            ("s1", 10, "preview", None),
            ("s1", 9, "person", "v2"),
            ("s1", 3, "person", "v4"),  # v4 also clicks s3 that day: one visitor
            ("s2", 5, "person", "v3"),
            ("s2", 5, "head", None),
            ("s2", 4, "person", "v3"),  # the same hash another day: another visitor
            ("s3", 3, "person", "v4"),
            ("s3", 3, "self", None),
            ("s4", 40, "person", "v5"),  # before the period
            ("s4", 29, "person", "v6"),  # an old share's click within the period
            ("s5", 0, "person", "v7"),  # today: not rolled up yet
            ("s5", 0, "person", "v7"),
            ("s5", 0, "bot", "b2"),
        ):
            add_click(world, share, days_ago, kind, visitor)
        for reference, share, days_ago, attributed in (
            ("c1", "s1", 8, True),
            ("c2", "s1", 2, True),
            ("c3", "s3", 1, True),
            ("c4", "s2", 3, False),  # reported outside the attribution window
            ("c5", "s4", 35, True),  # before the period, within the launch objective
            ("c6", "s5", 1, True),
        ):
            db.session.add(
                Conversion(
                    reference=reference,
                    share_id=shares[share].id,
                    reported_at=moment(today, now, days_ago),
                    attributed=attributed,
                )
            )
    return world


# What the period shows, computed by hand from the rows above.
TOTALS = {
    "shares": 5,
    "sharers": 3,
    "clicks": 10,
    "visitors": 7,
    "conversions": 4,
    "outside_window": 1,
    "filtered": 5,
}
# title: (type, objective, shares, counted clicks, sign-ups), most shared first
ITEMS = {
    "Launch event": ("event", "Sign-ups for the launch", 2, 5, 3),
    "Sustainability report": ("press_release", "Readers of the report", 2, 4, 1),
    "+Results press release": ("press_release", "Readers of the report", 1, 0, 0),
    "Acme case study": ("case_study", "Sign-ups for the launch", 0, 1, 0),
}
# network: (shares, counted clicks, clicks per share, sign-ups, sign-ups per share)
NETWORKS = {
    "linkedin": (2, 7, 3.5, 3, 1.5),
    "x": (2, 2, 1.0, 0, 0.0),
    "facebook": (1, 1, 1.0, 1, 1.0),
}
# type: (shares, counted clicks, clicks per share, sign-ups)
TYPES = {
    "event": (2, 5, 2.5, 3),
    "press_release": (3, 4, 1.33, 1),
    "case_study": (0, 1, 0.0, 0),
}
# name: (department, shares, counted clicks, sign-ups), in the tables' order
TOP_SHARERS = {
    "Alice Martin": ("Sales", 2, 6, 2),
    "Basile Durand": ("Sales", 2, 1, 1),
    "=Chloé Petit": ("Support", 1, 3, 1),
}
BEST_PERFORMERS = {
    "Alice Martin": ("Sales", 2, 6, 2),
    "=Chloé Petit": ("Support", 1, 3, 1),
    "Basile Durand": ("Sales", 2, 1, 1),
}
# title: (metric, target, achieved, forecast, status): counted since the start, whatever
# the period. Launch: c1, c2, c3 and c5 in 61 of its 91 days; report: 4 clicks in 21 of 31.
OBJECTIVES = {
    "Sign-ups for the launch": ("conversions", 10, 4, 6, "behind"),
    "Readers of the report": ("clicks", 5, 4, 6, "on_track"),
}


def more_activity(world: World, people: list) -> None:
    """For the statement counts: each person shares a new item of another type on every
    network, with clicks of each kind and sign-ups, over the last weeks."""
    from learning.advocacy.models import CONTENT_TYPES
    from learning.networks import NETWORK_NAMES

    with unit_of_work():
        extra = Objective(
            title="Talent",
            family="talent",
            metric="shares",
            target=50,
            starts_on=world.today - timedelta(days=15),
            due=world.today + timedelta(days=15),
        )
        db.session.add(extra)
        db.session.flush()
        for number, person in enumerate(people):
            item = ContentItem(
                title=f"Item {number}",
                type=CONTENT_TYPES[number % len(CONTENT_TYPES)],
                url=f"https://example.com/more/{number}",
                objective_id=extra.id,
                status="published",
                author_id=person.id,
            )
            db.session.add(item)
            db.session.flush()
            for offset, network in enumerate(NETWORK_NAMES):
                days_ago = (number + offset) % 20
                share = Share(
                    code=f"m{number}-{offset}",
                    user_id=person.id,
                    item_id=item.id,
                    network=network,
                    created_at=moment(world.today, world.now, days_ago),
                )
                db.session.add(share)
                db.session.flush()
                world.shares[share.code] = share
                for kind in ("person", "person", "bot", "preview"):
                    add_click(world, share.code, max(0, days_ago - 1), kind, f"m{number}")
                db.session.add(
                    Conversion(
                        reference=f"more-{number}-{network}",
                        share_id=share.id,
                        reported_at=moment(world.today, world.now, days_ago),
                        attributed=offset % 2 == 0,
                    )
                )
