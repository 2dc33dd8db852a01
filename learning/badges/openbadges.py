"""Every award as an Open Badges 2.0 hosted Assertion, with its BadgeClass and Issuer.

The three documents are JSON-LD (`application/ld+json`) under the Open Badges 2.0 context.
Hosted verification: a verifier fetches the Assertion at its `id`, then the BadgeClass and
the Issuer it points to; every `id` is on the issuer's own public origin (PUBLIC_BASE_URL
when set, else the address the request came to), which is the verification's scope.

The recipient is published only as `sha256$` + SHA-256(e-mail + salt), a salt per award, so
nobody can list who holds what; whoever knows the e-mail can check it. The documents read
nothing of the account but its e-mail: someone who has left the company (their account
inactive) can still have their badge verified. A revoked award answers 410 Gone with the
reason, as the specification asks of a hosted assertion.
"""

import hashlib
import json

import sqlalchemy as sa
from flask import Response, abort, current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from learning.auth.models import User
from learning.badges import blueprint
from learning.badges.models import STATIC_FOLDER, Award, Badge
from learning.extensions import db

CONTEXT = "https://w3id.org/openbadges/v2"
MEDIA_TYPE = "application/ld+json"
DEFAULT_ISSUER_NAME = "Social media, with confidence"
DEFAULT_ISSUER_EMAIL = "badges@example.com"


def public_origin() -> str:
    """Where the documents live, with no trailing slash: PUBLIC_BASE_URL, else this host."""
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return base.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    return public_origin() + url_for(endpoint, **values)


def recipient_identity(email: str, salt: str) -> str:
    """The hashed identity the specification describes: `sha256$` and the hex digest of
    the e-mail followed by the salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def image_url(badge: Badge) -> str:
    return public_url("static", filename=f"{STATIC_FOLDER}/{badge.image}")


def issuer_document() -> dict:
    config = current_app.config
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": public_url("badges.issuer"),
        "name": config.get("BADGE_ISSUER_NAME") or DEFAULT_ISSUER_NAME,
        "url": config.get("BADGE_ISSUER_URL") or public_origin() + "/",
        "email": config.get("BADGE_ISSUER_EMAIL") or DEFAULT_ISSUER_EMAIL,
    }


def badge_class_document(badge: Badge) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": public_url("badges.badge_class", slug=badge.slug),
        "name": badge.name,
        "description": badge.description,
        "image": image_url(badge),
        "criteria": {"narrative": badge.criteria},
        "issuer": public_url("badges.issuer"),
    }


def evidence_narrative(award: Award) -> str:
    """Why the badge was given, in words, from what the award recorded."""
    evidence = award.evidence or {}
    if award.reason or evidence.get("reason"):
        reason = award.reason or evidence["reason"]
        by = evidence.get("awarded_by")
        return _("Awarded by %(name)s: %(reason)s", name=by, reason=reason) if by else reason
    if narrative := evidence.get("narrative"):
        return str(narrative)
    return award.badge.criteria


def assertion_document(award: Award, email: str) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": public_url("badges.assertion", award_id=award.id),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.salt,
            "identity": award.recipient_identity or recipient_identity(email, award.salt),
        },
        "badge": public_url("badges.badge_class", slug=award.badge.slug),
        "verification": {"type": "hosted"},
        "issuedOn": award.awarded_at.isoformat(),
        "image": image_url(award.badge),
        "evidence": {"narrative": evidence_narrative(award)},
    }


def revoked_document(award: Award) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": public_url("badges.assertion", award_id=award.id),
        "revoked": True,
        "revocationReason": award.revocation_reason,
    }


def ld_response(document: dict, status: int = 200) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False), status, mimetype=MEDIA_TYPE)
    # Verifiers and backpacks fetch these from anywhere: public, and readable cross-origin.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-cache"
    return response


def award_with_email(award_id: int) -> tuple[Award, str] | None:
    """The award, its badge and the recipient's e-mail, in one query."""
    row = db.session.execute(
        sa.select(Award, User.email)
        .join(User, User.id == Award.user_id)
        .where(Award.id == award_id)
        .options(joinedload(Award.badge))
    ).first()
    return (row[0], row[1]) if row else None


@blueprint.get("/assertions/<int:award_id>")
def assertion(award_id: int):
    found = award_with_email(award_id)
    if found is None:
        abort(404)
    award, email = found
    if award.revoked_at is not None:
        return ld_response(revoked_document(award), 410)
    return ld_response(assertion_document(award, email))


@blueprint.get("/classes/<slug>")
def badge_class(slug: str):
    badge = db.session.scalar(sa.select(Badge).where(Badge.slug == slug))
    if badge is None:
        abort(404)
    # A retired badge still describes the awards already given.
    return ld_response(badge_class_document(badge))


@blueprint.get("/issuer")
def issuer():
    return ld_response(issuer_document())
