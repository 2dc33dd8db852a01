"""A person's own sharing figures: their shares, the clicks and sign-ups each brought, and
the totals. Aggregated in SQL, two statements whatever the number of shares; nobody
else's figures are ever read here."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from learning.advocacy.models import ContentItem
from learning.auth.models import User
from learning.extensions import db
from learning.sharing.models import Click, Conversion, Share


@dataclass(frozen=True)
class ShareFigures:
    id: int
    code: str
    item_id: int
    item_title: str
    network: str
    created_at: datetime
    clicks: int
    # Distinct visitor hashes: one visitor a day at most (the hash changes every day).
    unique_visitors: int
    conversions: int
    attributed_conversions: int


@dataclass(frozen=True)
class Totals:
    shares: int
    clicks: int
    unique_visitors: int
    conversions: int
    attributed_conversions: int


def _own_shares(user: User):
    return sa.select(Share.id).where(Share.user_id == user.id).scalar_subquery()


def _click_figures(user: User):
    return (
        sa.select(
            Click.share_id,
            sa.func.count().label("clicks"),
            sa.func.count(sa.distinct(Click.visitor)).label("unique_visitors"),
        )
        .where(Click.share_id.in_(_own_shares(user)), Click.kind == "person")
        .group_by(Click.share_id)
        .subquery()
    )


def _conversion_figures(user: User):
    return (
        sa.select(
            Conversion.share_id,
            sa.func.count().label("conversions"),
            sa.func.count().filter(Conversion.attributed).label("attributed"),
        )
        .where(Conversion.share_id.in_(_own_shares(user)))
        .group_by(Conversion.share_id)
        .subquery()
    )


def shares_of(user: User) -> list[ShareFigures]:
    """The person's shares, newest first, each with its figures."""
    clicks, conversions = _click_figures(user), _conversion_figures(user)
    rows = db.session.execute(
        sa.select(
            Share.id,
            Share.code,
            Share.item_id,
            ContentItem.title,
            Share.network,
            Share.created_at,
            sa.func.coalesce(clicks.c.clicks, 0),
            sa.func.coalesce(clicks.c.unique_visitors, 0),
            sa.func.coalesce(conversions.c.conversions, 0),
            sa.func.coalesce(conversions.c.attributed, 0),
        )
        .join(ContentItem, ContentItem.id == Share.item_id)
        .outerjoin(clicks, clicks.c.share_id == Share.id)
        .outerjoin(conversions, conversions.c.share_id == Share.id)
        .where(Share.user_id == user.id)
        .order_by(Share.created_at.desc(), Share.id.desc())
    ).all()
    return [ShareFigures(*row) for row in rows]


def totals_of(user: User) -> Totals:
    """The person's totals; a visitor who came through two of their links counts once
    a day."""
    own = _own_shares(user)
    shares = sa.select(sa.func.count()).where(Share.user_id == user.id).scalar_subquery()
    clicks = (
        sa.select(sa.func.count())
        .where(Click.share_id.in_(own), Click.kind == "person")
        .scalar_subquery()
    )
    visitors = (
        sa.select(sa.func.count(sa.distinct(Click.visitor)))
        .where(Click.share_id.in_(own), Click.kind == "person")
        .scalar_subquery()
    )
    conversions = sa.select(sa.func.count()).where(Conversion.share_id.in_(own)).scalar_subquery()
    attributed = (
        sa.select(sa.func.count())
        .where(Conversion.share_id.in_(own), Conversion.attributed)
        .scalar_subquery()
    )
    row = db.session.execute(sa.select(shares, clicks, visitors, conversions, attributed)).one()
    return Totals(*row)
