"""The redirect's work: find a tracked link, say what kind of request reached it, record
it, and build the address it leads to.

The redirect is the hot path (every reader of every post goes through it), so it does
one indexed lookup and one insert, and nothing else: no counters, no badges, no
reports. Everything that can be computed once is computed at import or cached.

What is kept of a click: when, which link, what kind of request it was, and for a
person a visitor hash, an HMAC of address and user agent under the day's key. The key
is deleted once its day is over, so a hash cannot be recomputed or linked to anyone
afterwards; the address and the user agent themselves are never stored.
"""

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote_plus, unquote_plus, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from crawleruseragents import is_crawler
from flask import Flask, current_app
from werkzeug.urls import iri_to_uri

from learning.database import insert_ignoring_duplicates, utcnow
from learning.sharing import click_writer
from learning.sharing.click_writer import Arrival
from learning.sharing.models import CODE_LENGTH, VisitorKey
from learning.sharing.redirect_engine import redirect_engine

# The signed session cookie says which person a browser belongs to, so the redirect
# tells a click of the sharer's own without asking the database (views.remember_person).
PERSON_KEY = "sharing_person"
# Where the WSGI middleware leaves the outcome of a link it followed but does not answer
# itself (404, 410), so that the view does not follow it a second time.
OUTCOME_KEY = "learning.tracked_link_outcome"
UTM_MEDIUM = "employee_advocacy"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")
VISITOR_LENGTH = 32
# What `secrets.token_urlsafe` writes: a request for anything else is no code of ours.
CODE_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_LENGTH}}}")

# The agents that fetch a link to show its preview in a post or a chat: the networks'
# own, and the messengers'. They are recorded as `preview`, never counted. Search
# engines (Googlebot, Applebot) and other robots are found by the maintained list of the
# `crawler-user-agents` package, and recorded as `bot`.
PREVIEW_AGENTS = re.compile(
    r"LinkedInBot|facebookexternalhit|Facebot|Twitterbot|WhatsApp|TelegramBot|Slackbot"
    r"|Discordbot|SkypeUriPreview|Pinterest|redditbot|Iframely|Embedly|Bluesky|Mastodon"
    r"|MicrosoftPreview|Google-PageRenderer|vkShare",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def agent_kind(user_agent: str) -> str:
    """`preview`, `bot` or `person` for a user agent. A request without one is a program's:
    every browser sends one. Cached: a few agents make most of the traffic."""
    if not user_agent.strip():
        return "bot"
    if PREVIEW_AGENTS.search(user_agent):
        return "preview"
    if is_crawler(user_agent):
        return "bot"
    return "person"


@dataclass(frozen=True)
class TrackedLink:
    share_id: int
    sharer_id: int
    network: str
    url: str
    objective_id: int | None
    shareable: bool


@dataclass(frozen=True)
class Outcome:
    """What the redirect answers: 302 to `target`, 404 (no such link) or 410 (the item is
    no longer offered)."""

    status: int
    target: str | None = None


def follow(
    app: Flask,
    code: str,
    method: str,
    user_agent: str,
    signed_in_person: int | None,
    address: str | None,
) -> Outcome:
    """The whole redirect, on a connection of its own outside the ORM session and without
    an application context (the hot path has no use for either): one indexed lookup, one
    insert, committed before this returns, so the click is durable before the 302
    leaves. An unknown code or an item no longer offered records nothing: nobody reached
    the item."""
    if not CODE_PATTERN.fullmatch(code):
        return Outcome(404)
    now = utcnow()
    agent = "head" if method == "HEAD" else agent_kind(user_agent)
    # Kept only for a person; whether it is the sharer, the lookup says.
    visitor = (
        visitor_hash(app, address or "", user_agent, now.date()) if agent == "person" else None
    )
    row = click_writer.follow(app, Arrival(code, now, agent, signed_in_person, visitor))
    if row is None:
        return Outcome(404)
    share_id, sharer_id, network, url, objective_id, shareable = row
    link = TrackedLink(share_id, sharer_id, network, url, objective_id, bool(shareable))
    target = target_url(link) if link.shareable else None
    return Outcome(302, target) if target is not None else Outcome(410)


def campaign(objective_id: int | None) -> str | None:
    """The objective's id is the campaign: stable, unlike its title, which may be edited."""
    return f"objective-{objective_id}" if objective_id is not None else None


@functools.lru_cache(maxsize=4096)
def target_url(link: TrackedLink) -> str | None:
    """The item's URL with our UTM parameters, keeping its own query and fragment as they
    are. Ours replace any utm_source, utm_medium or utm_campaign the URL already has: the
    tracked link knows the network and the campaign it was shared for; other utm_* keys
    (utm_content, utm_term) are kept. None when the URL is not http(s).

    Cached by the link as just looked up (URL, network, objective): a link read again
    with an edited URL or objective is another key, so the lookup stays the authority."""
    parts = urlsplit(link.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    own = [
        pair
        for pair in parts.query.split("&")
        if pair and unquote_plus(pair.partition("=")[0]) not in UTM_KEYS
    ]
    ours = {"utm_source": link.network, "utm_medium": UTM_MEDIUM}
    if name := campaign(link.objective_id):
        ours["utm_campaign"] = name
    query = "&".join([*own, urlencode(ours, quote_via=quote_plus)])
    # An address with non-ASCII characters is sent percent-encoded: a header is ASCII.
    return iri_to_uri(urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)))


def visitor_hash(app: Flask, address: str, user_agent: str, day: date) -> str:
    """HMAC-SHA256 of address and user agent under the day's key, cut to 32 hex digits."""
    secret = day_secret(app, day)
    message = f"{address}\n{user_agent}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:VISITOR_LENGTH]


def day_secret(app: Flask, day: date) -> str:
    """The key of `day`, made on the first click of the day and kept in this process's
    memory for the rest of it (the earlier day's is forgotten then)."""
    cache = app.extensions.setdefault("sharing.visitor_key", {})
    secret = cache.get(day)
    if secret is None:
        with redirect_engine(app).begin() as connection:
            secret = rotate_keys(connection, day)
        cache.clear()
        cache[day] = secret
    return secret


def rotate_keys(connection: sa.Connection, day: date) -> str:
    """Make `day`'s key unless another process did, read it, and destroy the keys of the
    days before it. Returns the day's secret."""
    insert_ignoring_duplicates(
        connection, VisitorKey, day=day, secret=secrets.token_hex(32), created_at=utcnow()
    )
    connection.execute(sa.delete(VisitorKey).where(VisitorKey.day < day))
    return connection.execute(
        sa.select(VisitorKey.secret).where(VisitorKey.day == day)
    ).scalar_one()


def public_link(code: str, host_url: str) -> str:
    """The tracked link as it goes into a post: under PUBLIC_BASE_URL when it is set."""
    base = current_app.config.get("PUBLIC_BASE_URL") or host_url
    return f"{base.rstrip('/')}/s/{code}"
