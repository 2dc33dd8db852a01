"""The redirect's reads and writes: a tracked link looked up, its click inserted.

On PostgreSQL the lookup and the insert are one statement, one round trip (a
data-modifying WITH); SQLite has no such WITH, and runs the lookup, then the insert.
Both run on the driver's cursor of a connection from the redirect's shelf
(redirect_engine), which autocommits: the insert is committed when it returns.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from learning.advocacy.models import ContentItem
from learning.advocacy.services import shareable_condition
from learning.sharing.models import Click, Share
from learning.sharing.redirect_engine import DriverStatement, shelf


@dataclass(frozen=True, slots=True)
class Arrival:
    """A request that reached a tracked link: `kind` is the agent's (`person`, `bot`,
    `preview`, `head`); a person's becomes `self` when `person`, the signed-in person,
    shared the link. `visitor` is kept for a person only."""

    code: str
    arrived_at: datetime
    kind: str
    person: int | None
    visitor: str | None


def _lookup() -> sa.Select:
    """The link of `:code`, and whether it leads somewhere now: its item is offered and its
    URL is http(s) (target_url says the same; a hub URL is checked when it is entered)."""
    now = sa.bindparam("now", type_=Share.created_at.type)
    url = sa.func.lower(ContentItem.url)
    return (
        sa.select(
            Share.id,
            Share.user_id,
            Share.network,
            ContentItem.url,
            ContentItem.objective_id,
            sa.and_(
                shareable_condition(now),
                sa.or_(url.like("http://_%"), url.like("https://_%")),
            ).label("shareable"),
        )
        .join(ContentItem, ContentItem.id == Share.item_id)
        .where(Share.code == sa.bindparam("code"))
    )


def _follow_in_one_statement() -> sa.Select:
    """PostgreSQL: the lookup and the click's insert in one statement. The insert takes
    its row from the lookup, only when the link leads somewhere; the kind is `self` when
    the signed-in person is the sharer, and only a person's visitor is kept."""
    link = _lookup().cte("link")
    agent = sa.bindparam("kind", type_=Click.kind.type)
    kind = sa.case(
        (sa.and_(agent == "person", link.c.user_id == sa.bindparam("person")), "self"),
        else_=agent,
    )
    visitor = sa.case((kind == "person", sa.bindparam("visitor", type_=Click.visitor.type)))
    clicked_at = sa.bindparam("now", type_=Click.clicked_at.type)
    recorded = (
        sa.insert(Click.__table__)
        .from_select(
            ["share_id", "kind", "visitor", "clicked_at"],
            sa.select(
                link.c.id,
                sa.cast(kind, Click.kind.type),
                sa.cast(visitor, Click.visitor.type),
                sa.cast(clicked_at, Click.clicked_at.type),
            ).where(link.c.shareable),
        )
        .cte("recorded")
    )
    # A data-modifying WITH runs whether or not the main query reads it.
    return sa.select(link).add_cte(recorded)


# Built once: the same statements every time, with the values as parameters.
_LOOKUP = DriverStatement(_lookup())
_FOLLOW = DriverStatement(_follow_in_one_statement())
_RECORD = DriverStatement(
    sa.insert(Click.__table__).values(
        {name: sa.bindparam(name) for name in ("share_id", "kind", "visitor", "clicked_at")}
    )
)


def follow(app: Flask, arrival: Arrival) -> tuple | None:
    """The link of `arrival`: (share id, sharer id, network, URL, objective id, whether it
    leads somewhere), None when there is no such code; its click, if it leads somewhere,
    is committed when this returns."""
    lent = shelf(app)
    with lent.connection() as connection:
        cursor = connection.cursor()
        if lent.engine.dialect.name == "postgresql":
            return _follow_in_one_round_trip(cursor, lent.engine.dialect, arrival)
        link = _lookup_then_record(cursor, lent.engine.dialect, arrival)
        if connection.in_transaction:  # an in-memory database's one shared connection
            connection.commit()
        return link


def _follow_in_one_round_trip(cursor, dialect: sa.Dialect, arrival: Arrival) -> tuple | None:
    values = {
        "code": arrival.code,
        "now": arrival.arrived_at,
        "kind": arrival.kind,
        "person": arrival.person,
        "visitor": arrival.visitor,
    }
    return _FOLLOW.execute(cursor, dialect, values).fetchone()


def _lookup_then_record(cursor, dialect: sa.Dialect, arrival: Arrival) -> tuple | None:
    values = {"code": arrival.code, "now": arrival.arrived_at}
    link = _LOOKUP.execute(cursor, dialect, values).fetchone()
    if link is not None and link[5]:  # it leads somewhere
        sharer = link[1]
        kind = "self" if arrival.kind == "person" and arrival.person == sharer else arrival.kind
        values = {
            "share_id": link[0],
            "kind": kind,
            "visitor": arrival.visitor if kind == "person" else None,
            "clicked_at": arrival.arrived_at,
        }
        _RECORD.execute(cursor, dialect, values)
    return link
