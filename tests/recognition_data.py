"""Badges, awards and badge images for the tests of awards by hand and Open Badges.

The badge definitions file and its loader belong to the badges feature; these tests
insert Badge rows directly, and draw their own small PNG images into a static folder of
their own, so they depend on neither.
"""

import secrets
import struct
import zlib
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from learning.advocacy.models import ContentItem, Objective
from learning.badges.models import Award, AwardAudit, Badge
from learning.extensions import db
from learning.sharing.models import Share
from learning.transaction import unit_of_work


def tiny_png(width: int = 4, height: int = 4, colour=(200, 30, 60)) -> bytes:
    """A valid RGB PNG of one colour, written with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def use_badge_images(app, folder: Path) -> Path:
    """Serve static files from `folder`, with a PNG for every badge image the tests use."""
    (folder / "badges").mkdir(parents=True, exist_ok=True)
    for name in ("expert.png", "first-share.png", "mentor.png"):
        (folder / "badges" / name).write_bytes(tiny_png())
    app.static_folder = str(folder)
    return folder


def make_badge(slug="expert", kind="manual", name=None, image="expert.png", **values) -> Badge:
    with unit_of_work():
        badge = Badge(
            slug=slug,
            name=name or slug.replace("-", " ").title(),
            description=values.pop("description", f"The {slug} badge."),
            criteria=values.pop("criteria", "Recognised by a champion for their help."),
            criteria_kind=kind,
            threshold=values.pop("threshold", None if kind == "manual" else 1),
            image=image,
            **values,
        )
        db.session.add(badge)
    return badge


def automatic_award(badge: Badge, user, **values) -> Award:
    """An award as the automatic rules would give it (no hand, no audit)."""
    with unit_of_work():
        award = Award(
            badge_id=badge.id,
            user_id=user.id,
            salt=secrets.token_hex(16),
            evidence={"narrative": "First share: the Q3 launch event on LinkedIn."},
            **values,
        )
        db.session.add(award)
    return award


def shared_for_objective_of(champion, sharer) -> Share:
    """`sharer` shares an item of an objective `champion` created."""
    with unit_of_work():
        objective = Objective(
            title="Hiring", family="talent", target=10, starts_on=date(2026, 1, 1),
            due=date(2099, 1, 1), created_by_id=champion.id,
        )  # fmt: skip
        db.session.add(objective)
        db.session.flush()
        item = ContentItem(
            title="Join us", type="job_offer", url="https://jobs.example.org/1",
            suggested_text="We hire", status="published", author_id=champion.id,
            objective_id=objective.id,
        )  # fmt: skip
        db.session.add(item)
        db.session.flush()
        share = Share(
            code=secrets.token_urlsafe(9), user_id=sharer.id, item_id=item.id, network="linkedin"
        )
        db.session.add(share)
    return share


def counts() -> tuple[int, int]:
    """How many awards and audit rows there are."""
    return (
        db.session.scalar(sa.select(sa.func.count(Award.id))),
        db.session.scalar(sa.select(sa.func.count(AwardAudit.id))),
    )


class RecognitionWorld:
    """For the route-access sweep: a manual badge, each person's own award (to fetch as a
    baked PNG), a fresh award for each revocation, and someone in scope for each award."""

    def __init__(self, app, folder: Path, make_user):
        use_badge_images(app, folder)
        self.make_user = make_user
        self.badge = make_badge("expert", name="Expert")
        self.other_badge = make_badge("first-share", kind="shares", image="first-share.png")
        self.holder = make_user(name="Badge Holder")
        self.default_award = automatic_award(self.other_badge, self.holder)
        self.own_awards = {}
        self.fresh = iter(range(1, 10_000))

    def add_award(self, user) -> None:
        self.own_awards[user.id] = automatic_award(self.other_badge, user).id

    def fresh_award(self) -> int:
        badge = make_badge(f"fresh-{next(self.fresh)}", kind="shares", image="first-share.png")
        return automatic_award(badge, self.holder).id

    def url_values(self, endpoint: str, user) -> dict:
        values = {}
        if endpoint == "badges.badge_class":
            values["slug"] = self.badge.slug
        if endpoint in ("badges.revoke", "awards_api.revoke_award"):
            values["award_id"] = self.fresh_award()
        else:
            mine = self.own_awards.get(user.id) if user else None
            values["award_id"] = mine or self.default_award.id
        return values

    def json_bodies(self, endpoint: str, user) -> dict:
        if endpoint == "awards_api.create_award":
            recipient = self.make_user()
            if user is not None:
                shared_for_objective_of(user, recipient)  # in a champion's scope
            return {endpoint: {"badge": "expert", "user_id": recipient.id, "reason": "Great"}}
        if endpoint == "awards_api.revoke_award":
            return {endpoint: {"reason": "Checked and withdrawn"}}
        return {}
