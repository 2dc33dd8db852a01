"""Operations on objectives and the content hub, shared by pages, the API and the
features above the hub (sharing asks here whether an item may be shared, and with what
text)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.advocacy.models import ContentItem
from learning.database import utcnow
from learning.errors import DomainError, Invalid, NotFound
from learning.extensions import db
from learning.networks import NETWORKS


class ItemNotFound(NotFound):
    code = "item_not_found"


class ItemUnavailable(DomainError):
    """The item exists but is not offered now: retired, not yet available, expired, or
    not published."""

    status = 409
    code = "item_unavailable"


class UnknownNetwork(Invalid):
    code = "unknown_network"


class TextTooLong(Invalid):
    code = "text_too_long"


def shareable_condition(now: datetime):
    """The SQL condition of an item offered for sharing at `now`."""
    return sa.and_(
        ContentItem.status == "published",
        ContentItem.retired_at.is_(None),
        ContentItem.available_from <= now,
        sa.or_(ContentItem.available_until.is_(None), ContentItem.available_until > now),
    )


def unavailability(item: ContentItem, now: datetime | None = None) -> str | None:
    """Why the item is not offered now, for a person; None when it is."""
    now = now or utcnow()
    if item.retired_at is not None:
        return _("This item has been retired: it is no longer offered for sharing.")
    if item.status != "published":
        return _("This item is not published in the hub.")
    if item.available_from > now:
        return _("This item is not available for sharing yet.")
    if item.available_until is not None and item.available_until <= now:
        return _("This item's availability has ended: it is no longer offered for sharing.")
    return None


def is_shareable(item: ContentItem, now: datetime | None = None) -> bool:
    return unavailability(item, now) is None


def get_item(item_id: int) -> ContentItem:
    item = db.session.get(ContentItem, item_id)
    if item is None:
        raise ItemNotFound(_("There is no such item in the hub."))
    return item


def require_shareable(item_id: int) -> ContentItem:
    """The item, if it may be shared now; otherwise ItemNotFound or ItemUnavailable."""
    item = get_item(item_id)
    if reason := unavailability(item):
        raise ItemUnavailable(reason)
    return item


def require_network(network: str) -> None:
    if network not in NETWORKS:
        raise UnknownNetwork(
            _("Unknown network. Choose one of: %(names)s.", names=", ".join(NETWORKS))
        )


def suggested_text(item: ContentItem, network: str) -> str:
    """The text offered for this network: its own where it has one, else the item's."""
    own = item.texts.get(network)
    return own.text if own is not None else item.suggested_text


def check_text(network: str, text: str) -> None:
    """A text for a post on this network must fit what the network accepts."""
    require_network(network)
    limit = NETWORKS[network].text_limit
    if len(text) > limit:
        raise TextTooLong(
            _(
                "The text has %(length)d characters; %(network)s accepts at most %(limit)d.",
                length=len(text),
                network=NETWORKS[network].label,
                limit=limit,
            )
        )
