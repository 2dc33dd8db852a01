"""What the badge tests share: the product's badge definitions loaded, people who share,
and clicks and sign-ups written as the redirect and the sign-up report write them."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from learning.badges import definitions
from learning.badges.models import Award, Badge
from learning.company import loader as company_loader
from learning.company import services as company
from learning.conduct import services as conduct
from learning.content import SyncReport
from learning.database import utcnow
from learning.extensions import db
from learning.sharing import services as sharing
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work
from tests.conftest import REAL_COURSES


def load_badges(company_file) -> None:
    """The product's badges, their texts filled with the company's settings, as a sync does."""
    settings = company_loader.load(company_file)
    with unit_of_work():
        definitions.sync(company.fill(definitions.load(REAL_COURSES), settings), SyncReport())


def awarded(user) -> set[str]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            sa.select(Badge.slug)
            .join(Award, Award.badge_id == Badge.id)
            .where(Award.user_id == user.id)
        )
    )


def award_of(user, slug: str) -> Award:
    return db.session.scalar(
        sa.select(Award).join(Badge).where(Award.user_id == user.id, Badge.slug == slug)
    )


@pytest.fixture
def badges(app, catalogue):
    load_badges(catalogue / "company.yml")


@pytest.fixture
def sharer(app, catalogue, make_user, hub_item):
    """A person who acknowledged the guide, with an item to share."""

    def factory(**values):
        person = make_user(**values)
        item = hub_item()
        with unit_of_work():
            conduct.acknowledge(person, conduct.require_current_version().version)
        person.item_id = item.id
        return person

    return factory


def share(person, network="linkedin", *, item_id=None) -> Share:
    with unit_of_work():
        return sharing.create_share(person, item_id or person.item_id, network)


def clicks(made: Share, count: int, kind: str = "person", *, at=None) -> None:
    at = at or utcnow() - timedelta(minutes=5)
    with unit_of_work():
        db.session.add_all(
            Click(share_id=made.id, clicked_at=at, kind=kind, visitor=None) for _ in range(count)
        )


def signups(made: Share, count: int, *, attributed=True) -> None:
    with unit_of_work():
        start = db.session.scalar(sa.select(sa.func.count()).select_from(Conversion))
        db.session.add_all(
            Conversion(
                reference=f"signup-{made.id}-{start + n}",
                share_id=made.id,
                attributed=attributed,
                reported_at=utcnow() - timedelta(minutes=1),
            )
            for n in range(count)
        )
