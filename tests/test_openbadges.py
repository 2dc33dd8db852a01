"""Open Badges 2.0 hosted verification: the Assertion, BadgeClass and Issuer documents
checked field by field against the specification, revocation as 410 Gone, and baked
PNGs that round-trip.

The specification (Open Badges 2.0, 1EdTech): an Assertion has `@context`, `type`, `id`
(an HTTP URL for hosted verification), `recipient` (an IdentityObject: `type`,
`hashed`, `salt`, `identity` = `sha256$` and the hex SHA-256 of the identity and the
salt), `badge` (the BadgeClass's URL), `verification` (`type` hosted), `issuedOn` (an
ISO 8601 date-time with its zone). A BadgeClass has `id`, `type`, `name`, `description`,
`image`, `criteria`, `issuer`; an Issuer Profile `id`, `type`, `name`, `url`, `email`.
Hosted verification fetches each `id`; they must lie on the issuer's origin.
"""

import hashlib
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from learning.badges import bakery, manual
from learning.badges.models import Award
from learning.extensions import db
from learning.transaction import unit_of_work
from tests.conftest import PASSWORD
from tests.recognition_data import automatic_award, make_badge, tiny_png, use_badge_images

CONTEXT = "https://w3id.org/openbadges/v2"
LD_JSON = "application/ld+json"
HASH = re.compile(r"sha256\$[0-9a-f]{64}")


@pytest.fixture
def world(app, make_user, tmp_path):
    use_badge_images(app, tmp_path / "static")
    champion = make_user(roles=("champion",), name="Chloé Champion", department="Sales")
    holder = make_user(email="sam.sales@example.com", name="Sam Sales", department="Sales")
    make_badge("expert", name="Expert", description="Helps colleagues share with confidence.")
    with unit_of_work():
        award = manual.award_by_hand(champion, "expert", holder.id, "Ran two workshops")
    return {"champion": champion, "holder": holder, "award": award}


def fetch(client, url: str):
    """GET an absolute URL on the running app, on whatever origin it names."""
    parts = urlsplit(url)
    return client.get(parts.path, base_url=f"{parts.scheme}://{parts.netloc}")


def fetch_document(client, url: str, status: int = 200) -> dict:
    response = fetch(client, url)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == LD_JSON
    return response.get_json(force=True)


def assert_http_url(value, origin: str) -> None:
    assert isinstance(value, str)
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.netloc
    assert f"{parts.scheme}://{parts.netloc}" == origin, value


def test_the_assertion_has_every_required_property_of_the_specification(client, world):
    award = world["award"]
    url = f"http://localhost/badges/assertions/{award.id}"
    document = fetch_document(client, url)
    assert document["@context"] == CONTEXT
    assert document["type"] == "Assertion"
    assert document["id"] == url
    recipient = document["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert isinstance(recipient["salt"], str) and len(recipient["salt"]) == 32
    assert HASH.fullmatch(recipient["identity"])
    expected = hashlib.sha256(("sam.sales@example.com" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == "sha256$" + expected
    assert "sam.sales" not in str(document)  # the e-mail itself is never published
    assert document["verification"] == {"type": "hosted"}
    issued = datetime.fromisoformat(document["issuedOn"])
    assert issued.tzinfo is not None and issued.utcoffset().total_seconds() == 0
    assert document["evidence"]["narrative"] == "Awarded by Chloé Champion: Ran two workshops"
    assert_http_url(document["badge"], "http://localhost")
    assert_http_url(document["image"], "http://localhost")


def test_the_badge_class_and_the_issuer_it_points_to(client, world):
    assertion = fetch_document(client, f"http://localhost/badges/assertions/{world['award'].id}")
    badge = fetch_document(client, assertion["badge"])
    assert badge["@context"] == CONTEXT
    assert badge["type"] == "BadgeClass"
    assert badge["id"] == assertion["badge"] == "http://localhost/badges/classes/expert"
    assert badge["name"] == "Expert"
    assert badge["description"] == "Helps colleagues share with confidence."
    assert badge["criteria"] == {"narrative": "Recognised by a champion for their help."}
    with fetch(client, badge["image"]) as image:
        assert image.status_code == 200 and image.mimetype == "image/png"
        assert image.data.startswith(b"\x89PNG")

    issuer = fetch_document(client, badge["issuer"])
    assert issuer["@context"] == CONTEXT
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == badge["issuer"] == "http://localhost/badges/issuer"
    assert issuer["name"] == "Social media, with confidence"
    assert_http_url(issuer["url"], "http://localhost")
    assert re.fullmatch(r"[^@\s]+@[^@\s]+", issuer["email"])


def test_the_issuer_comes_from_the_configuration(app, client, world):
    app.config.update(
        BADGE_ISSUER_NAME="Example Corp",
        BADGE_ISSUER_URL="https://www.example.com/",
        BADGE_ISSUER_EMAIL="people@example.com",
    )
    issuer = fetch_document(client, "http://localhost/badges/issuer")
    assert (issuer["name"], issuer["url"], issuer["email"]) == (
        "Example Corp",
        "https://www.example.com/",
        "people@example.com",
    )


def test_every_id_lies_on_the_public_origin_and_dereferences_there(app, client, world):
    app.config["PUBLIC_BASE_URL"] = "https://badges.example.org"
    origin = "https://badges.example.org"
    # Asked through any address, the documents name the public one.
    assertion = fetch_document(client, f"http://localhost/badges/assertions/{world['award'].id}")
    badge = fetch_document(client, assertion["badge"])
    issuer = fetch_document(client, badge["issuer"])
    urls = [assertion["id"], assertion["badge"], assertion["image"], badge["id"], badge["image"]]
    urls += [badge["issuer"], issuer["id"], issuer["url"]]
    for url in urls:
        assert_http_url(url, origin)
    for document in (assertion, badge, issuer):
        again = fetch_document(client, document["id"])
        assert again == document
    with fetch(client, badge["image"]) as image:
        assert image.status_code == 200


def test_a_person_who_has_left_can_still_have_their_badge_verified(client, world):
    with unit_of_work():
        db.session.merge(world["holder"]).is_active = False
    document = fetch_document(client, f"http://localhost/badges/assertions/{world['award'].id}")
    assert document["type"] == "Assertion"


def test_an_automatic_award_gives_its_evidence_narrative(client, world):
    badge = make_badge("first-share", kind="shares", image="first-share.png")
    award = automatic_award(badge, world["holder"])
    document = fetch_document(client, f"http://localhost/badges/assertions/{award.id}")
    assert document["evidence"] == {"narrative": "First share: the Q3 launch event on LinkedIn."}


def test_a_revoked_assertion_answers_410_gone_with_the_reason(client, make_user, world):
    award = world["award"]
    hr = make_user(roles=("hr",))
    with unit_of_work():
        manual.revoke(hr, award.id, "Awarded to the wrong Sam")
    url = f"http://localhost/badges/assertions/{award.id}"
    document = fetch_document(client, url, status=410)
    assert document == {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": url,
        "revoked": True,
        "revocationReason": "Awarded to the wrong Sam",
    }


def test_unknown_documents_are_404(client, world):
    assert client.get("/badges/assertions/999999").status_code == 404
    assert client.get("/badges/classes/no-such-badge").status_code == 404


def test_the_documents_need_no_sign_in_and_set_no_cookie(client, world):
    response = client.get(f"/badges/assertions/{world['award'].id}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


# Baking


def test_baking_then_extracting_round_trips():
    assertion = {"@context": CONTEXT, "type": "Assertion", "id": "https://x.example/a/1", "é": 1}
    baked = bakery.bake(tiny_png(), assertion)
    assert bakery.unbake(baked) == assertion
    kinds = [kind for kind, _data in bakery.chunks(baked)]
    assert kinds[:2] == [b"IHDR", b"iTXt"] and kinds[-1] == b"IEND"
    chunk = dict(bakery.chunks(baked))[b"iTXt"]
    assert chunk.startswith(b"openbadges\x00\x00\x00\x00\x00")  # uncompressed, no language


def test_baking_again_replaces_the_earlier_assertion():
    first = bakery.bake(tiny_png(), {"id": "https://x.example/a/1"})
    second = bakery.bake(first, {"id": "https://x.example/a/2"})
    assert bakery.unbake(second) == {"id": "https://x.example/a/2"}
    assert [kind for kind, _data in bakery.chunks(second)].count(b"iTXt") == 1


def test_an_image_without_an_assertion_or_not_a_png():
    assert bakery.unbake(tiny_png()) is None
    with pytest.raises(bakery.NotAPng):
        bakery.bake(b"GIF89a", {})
    broken = bytearray(tiny_png())
    broken[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    with pytest.raises(bakery.NotAPng):
        bakery.chunks(bytes(broken))


def test_the_recipient_downloads_the_baked_badge(client, login, world):
    login(world["holder"])
    award = world["award"]
    response = client.get(f"/badges/awards/{award.id}/baked.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "attachment" in response.headers["Content-Disposition"]
    baked = bakery.unbake(response.data)
    served = fetch_document(client, f"http://localhost/badges/assertions/{award.id}")
    assert baked == served


def test_someone_elses_baked_badge_is_absent_but_hr_may_fetch_it(app, make_user, world):
    url = f"/badges/awards/{world['award'].id}/baked.png"
    for person, status in ((make_user(department="Sales"), 404), (make_user(roles=("hr",)), 200)):
        browser = app.test_client()
        browser.post("/auth/login", data={"email": person.email, "password": PASSWORD})
        assert browser.get(url).status_code == status


def test_a_revoked_award_has_no_baked_badge(client, login, world):
    award = world["award"]
    with unit_of_work():
        db.session.execute(
            sa.update(Award)
            .where(Award.id == award.id)
            .values(revoked_at=award.awarded_at, revocation_reason="Withdrawn")
        )
    login(world["holder"])
    assert client.get(f"/badges/awards/{award.id}/baked.png").status_code == 410
