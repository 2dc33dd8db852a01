"""Making tracked links, opening the networks' share pages with them, and taking in the
sign-ups reported back. Shared by the pages, the API and the command line."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from learning import signals
from learning.advocacy.services import check_text, require_network, require_shareable
from learning.advocacy.services import suggested_text as item_text
from learning.auth.models import User
from learning.conduct import services as conduct
from learning.database import insert_ignoring_duplicates, utcnow
from learning.errors import Forbidden, NotFound
from learning.extensions import db
from learning.sharing import share_urls
from learning.sharing.models import Click, Conversion, Share
from learning.sharing.tracking import CODE_PATTERN, public_link

# 9 random bytes: 12 URL-safe characters, 72 bits, far beyond guessing one of them.
CODE_BYTES = 9
# A code already taken is drawn again; five collisions in a row mean something else.
CODE_ATTEMPTS = 5


class GuideNotAcknowledged(Forbidden):
    code = "conduct_guide_not_acknowledged"


class UnknownCode(NotFound):
    code = "unknown_code"


def require_current_guide_acknowledged(user: User) -> None:
    """Nobody shares before acknowledging the current conduct guide; a new version of the
    guide stops sharing until it is acknowledged too."""
    status = conduct.status(user)
    if status.acknowledged:
        return
    if status.needs_reacknowledgment:
        message = _(
            "The conduct guide has a new version: acknowledge the current guide before you "
            "share company content."
        )
    else:
        message = _("Acknowledge the current conduct guide before you share company content.")
    raise GuideNotAcknowledged(message)


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def clean_text(text: str) -> str:
    # A browser's textarea sends CRLF line breaks; the networks count LF.
    return text.replace("\r\n", "\n").strip()


def create_share(user: User, item_id: int, network: str, text: str | None = None) -> Share:
    """A personal tracked link for an item on a network, with the text the person posts.

    Checks everything before writing: the guide (403), the item (404, 409), the network
    and the text's length (422). Without a text, the item's suggested text for the
    network. The code is unique by the database: a collision is drawn again inside a
    savepoint, so the refusal of one draw spoils nothing else.
    """
    require_current_guide_acknowledged(user)
    item = require_shareable(item_id)
    require_network(network)
    text = clean_text(item_text(item, network) if text is None else text)
    check_text(network, text)
    for _attempt in range(CODE_ATTEMPTS):
        share = Share(code=new_code(), user=user, item=item, network=network, text=text)
        try:
            with db.session.begin_nested():
                db.session.add(share)
        except sa.exc.IntegrityError:
            continue  # the savepoint's rollback took the share out of the session
        signals.announce(signals.item_shared, user, share=share)
        return share
    raise RuntimeError("could not draw a tracked-link code that is not taken")


def get_own_share(user: User, share_id: int) -> Share:
    """One of the person's own shares; anyone else's is as good as absent."""
    share = db.session.get(Share, share_id)
    if share is None or share.user_id != user.id:
        raise NotFound(_("You have no such share."), code="share_not_found")
    return share


@dataclass(frozen=True)
class ShareLinks:
    """What the person needs to post: the tracked link, and the network's share page."""

    tracked_url: str
    # None for Instagram, which has no web share page.
    share_url: str | None
    # The text as it is copied: with the link where the network takes no link of its own.
    copy_text: str


def links(share: Share, host_url: str) -> ShareLinks:
    tracked = public_link(share.code, host_url)
    url = share_urls.share_url(
        share.network, text=share.text, link=tracked, subject=share.item.title
    )
    copy_text = share.text
    if share.network in share_urls.NO_SHARE_PAGE:
        copy_text = share_urls.with_link(share.text, tracked)
    return ShareLinks(tracked, url, copy_text)


@dataclass(frozen=True)
class Reported:
    conversion: Conversion
    code: str
    # False for a repeat of a reference already reported: nothing more was counted.
    created: bool


def attribution_start(reported_at: datetime) -> datetime:
    """The earliest counted click a sign-up reported at `reported_at` is attributed to:
    a click exactly ATTRIBUTION_WINDOW_DAYS before still counts."""
    return reported_at - timedelta(days=current_app.config["ATTRIBUTION_WINDOW_DAYS"])


def report_conversion(code: str, reference: str, by: User | None) -> Reported:
    """Record a sign-up for the link `code`. The first report of a reference counts; a
    repeat (even at the same moment: the unique key decides) changes nothing and is
    answered with what the first one recorded."""
    share = None
    if CODE_PATTERN.fullmatch(code):
        share = db.session.execute(sa.select(Share).where(Share.code == code)).scalar_one_or_none()
    if share is None:
        raise UnknownCode(_("There is no tracked link with this code."))
    now = utcnow()
    clicked = sa.select(Click.id).where(
        Click.share_id == share.id,
        Click.kind == "person",
        Click.clicked_at >= attribution_start(now),
        Click.clicked_at <= now,
    )
    attributed = db.session.execute(sa.select(clicked.exists())).scalar_one()
    created = insert_ignoring_duplicates(
        db.session,
        Conversion,
        reference=reference,
        share_id=share.id,
        reported_at=now,
        attributed=attributed,
        reported_by_id=by.id if by else None,
    )
    conversion, first_code = db.session.execute(
        sa.select(Conversion, Share.code)
        .join(Share, Share.id == Conversion.share_id)
        .where(Conversion.reference == reference)
    ).one()
    return Reported(conversion, first_code, created)
