"""Operations on objectives and the content hub, shared by pages, the API and the
features above the hub (sharing asks here whether an item may be shared, and with what
text)."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.advocacy import validation
from learning.advocacy.models import ContentItem, ItemText
from learning.auth.models import User
from learning.company import services as company
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
    reasons = {
        "retired": _("This item has been retired: it is no longer offered for sharing."),
        "submitted": _("This item is not published in the hub."),
        "changes_requested": _("This item is not published in the hub."),
        "scheduled": _("This item is not available for sharing yet."),
        "expired": _("This item's availability has ended: it is no longer offered for sharing."),
    }
    return reasons.get(item_state(item, now))


def is_shareable(item: ContentItem, now: datetime | None = None) -> bool:
    return item_state(item, now) == "published"


def get_item(item_id: int) -> ContentItem:
    item = db.session.get(ContentItem, item_id)
    if item is None:
        raise ItemNotFound(_("There is no such item in the hub."))
    return item


def visible_item(item_id: int, user: User) -> ContentItem:
    """An item the person may see: published, or their own story; champions and admins
    see every item. To anyone else, an unpublished story does not exist."""
    item = get_item(item_id)
    if item.status != "published" and not (
        item.author_id == user.id or user.has_role("champion", "admin")
    ):
        raise ItemNotFound(_("There is no such item in the hub."))
    return item


def require_shareable(item_id: int) -> ContentItem:
    """The item, if it may be shared now; otherwise ItemNotFound or ItemUnavailable."""
    item = get_item(item_id)
    if reason := unavailability(item):
        raise ItemUnavailable(reason)
    return item


def require_network(network: str) -> None:
    """The network must be one the company uses (see company.yml): another is as unknown."""
    offered = company.offered_network_names()
    if network not in offered:
        raise UnknownNetwork(
            _("Unknown network. Choose one of: %(names)s.", names=", ".join(offered))
        )


def suggested_text(item: ContentItem, network: str) -> str:
    """The text offered for this network: its own where it has one, else the item's."""
    own = item.texts.get(network)
    return own.text if own is not None else item.suggested_text


def check_text(network: str, text: str) -> None:
    """A text for a post on this network must fit what the network accepts. Whether the
    company offers the network is `require_network`'s to say, where one shares."""
    if network not in NETWORKS:
        raise UnknownNetwork(
            _("Unknown network. Choose one of: %(names)s.", names=", ".join(NETWORKS))
        )
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


# The longest suggested text for no network in particular: LinkedIn's limit, so the text
# offered to every network without one of its own is one most of them take as it is.
GENERIC_TEXT_NETWORK = "linkedin"
PAGE_SIZE = 20
# Ceiling of one page of the API's list.
API_PAGE_SIZE = 100


def check_texts(suggested: str, texts: dict[str, str]) -> dict[str, str]:
    """The generic text fits LinkedIn; each network's own text fits that network. Returns
    the networks' texts that are not empty."""
    try:
        check_text(GENERIC_TEXT_NETWORK, suggested)
    except TextTooLong as error:
        error.field = "suggested_text"
        raise
    kept = {}
    for network, text in texts.items():
        try:
            check_text(network, text)
        except TextTooLong as error:
            error.field = f"text_{network}"
            raise
        if text.strip():
            kept[network] = text
    return kept


# Items a champion publishes


def create_item(by: User, **fields) -> ContentItem:
    """An official item or a web article, published at once (from now, by default)."""
    item = ContentItem(author=by, status="published")
    _set_item(item, **fields)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: ContentItem, **fields) -> ContentItem:
    _set_item(item, **fields)
    db.session.flush()
    return item


def _set_item(
    item: ContentItem,
    *,
    title,
    type,  # noqa: A002 - the name the API and the model use
    url,
    suggested_text,
    objective_id,
    body="",
    texts=None,
    available_from=None,
    available_until=None,
) -> None:
    title = validation.clean_title(title)
    validation.check_type(type)
    url = validation.clean_url(url)
    body = validation.clean_markdown(body, field="body")
    suggested_text = suggested_text if isinstance(suggested_text, str) else ""
    texts = check_texts(suggested_text, texts or {})
    objective = validation.check_objective(objective_id)
    available_from = available_from or item.available_from or utcnow()
    validation.check_window(available_from, available_until)
    item.title, item.type, item.url, item.body = title, type, url, body
    item.suggested_text, item.objective = suggested_text, objective
    item.available_from, item.available_until = available_from, available_until
    set_texts(item, texts)


def set_texts(item: ContentItem, texts: dict[str, str]) -> None:
    """Each network's own text as given; a network left out has none. Changed in place:
    a text replaced by a new row of the same key would clash with it in the session."""
    for network in list(item.texts):
        if network not in texts:
            del item.texts[network]
    for network, text in texts.items():
        if network in item.texts:
            item.texts[network].text = text
        else:
            item.texts[network] = ItemText(network=network, text=text)


def retire(item: ContentItem) -> ContentItem:
    """No longer offered; kept, with its shares, for the reports. Retiring twice changes
    nothing."""
    if item.retired_at is None:
        item.retired_at = utcnow()
        db.session.flush()
    return item


# What the hub offers


@dataclass
class Listing:
    items: list[ContentItem]
    total: int
    page: int
    pages: int


def _paged(query, page: int, per_page: int, newest_first) -> Listing:
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = (
        db.session.execute(
            query.options(
                sa.orm.joinedload(ContentItem.objective), sa.orm.selectinload(ContentItem.texts)
            )
            .order_by(newest_first.desc(), ContentItem.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        .unique()
        .scalars()
        .all()
    )
    return Listing(list(items), total, page, pages)


def shareable_items(
    objective_id: int | None = None,
    content_type: str | None = None,
    network: str | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> Listing:
    """What may be shared now, newest first. With a network: the items with a text of
    their own for it, or a generic text that fits its limit."""
    query = sa.select(ContentItem).where(shareable_condition(utcnow()))
    if objective_id is not None:
        query = query.where(ContentItem.objective_id == objective_id)
    if content_type is not None:
        query = query.where(ContentItem.type == content_type)
    if network is not None:
        require_network(network)
        query = query.where(
            sa.or_(
                sa.exists().where(ItemText.item_id == ContentItem.id, ItemText.network == network),
                sa.func.length(ContentItem.suggested_text) <= NETWORKS[network].text_limit,
            )
        )
    # Newest in the hub: the latest offered, which for a story is when it was approved.
    return _paged(query, page, per_page, ContentItem.available_from)


# A hub item's state, as the manage page shows it, from the first that applies.
STATES = ("retired", "submitted", "changes_requested", "scheduled", "expired", "published")


def state_condition(state: str, now: datetime):
    not_retired = ContentItem.retired_at.is_(None)
    published = sa.and_(not_retired, ContentItem.status == "published")
    conditions = {
        "retired": ContentItem.retired_at.is_not(None),
        "submitted": sa.and_(not_retired, ContentItem.status == "submitted"),
        "changes_requested": sa.and_(not_retired, ContentItem.status == "changes_requested"),
        "scheduled": sa.and_(published, ContentItem.available_from > now),
        "expired": sa.and_(
            published, ContentItem.available_from <= now, ContentItem.available_until <= now
        ),
        "published": shareable_condition(now),
    }
    return conditions[state]


def item_state(item: ContentItem, now: datetime | None = None) -> str:
    now = now or utcnow()
    if item.retired_at is not None:
        return "retired"
    if item.status != "published":
        return item.status
    if item.available_from > now:
        return "scheduled"
    if item.available_until is not None and item.available_until <= now:
        return "expired"
    return "published"


def all_items(
    state: str | None = None,
    objective_id: int | None = None,
    content_type: str | None = None,
    page: int = 1,
) -> Listing:
    """Every item of the hub, whatever its state, newest first: the champion's list."""
    query = sa.select(ContentItem)
    if state in STATES:
        query = query.where(state_condition(state, utcnow()))
    if objective_id is not None:
        query = query.where(ContentItem.objective_id == objective_id)
    if content_type is not None:
        query = query.where(ContentItem.type == content_type)
    return _paged(query, page, PAGE_SIZE, ContentItem.created_at)
