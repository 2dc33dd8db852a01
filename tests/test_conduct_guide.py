"""The conduct guide: versions, acknowledgments that are never altered, re-acknowledgment."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import yaml

from learning import signals
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.conduct.services import guide_hash
from learning.extensions import db
from tests.catalogue import GUIDE_V1, load_content
from tests.conftest import PASSWORD

GUIDE = "/api/v1/conduct-guide"

V2_DISCLOSURE_TITLE = "What you may disclose, and what you may not"
GUIDE_V2 = (
    GUIDE_V1.replace("version: 1", "version: 2")
    .replace("published_at: 2026-01-05T09:00:00Z", "published_at: 2026-06-01T09:00:00Z")
    .replace("changes: First version.", "changes: Customer names now need the customer's consent.")
    .replace("title: What you may disclose", f"title: {V2_DISCLOSURE_TITLE}")
    .replace(
        "body: Nothing about unpublished results or unannounced deals.",
        "body: Nothing about unpublished results, unannounced deals or unnamed customers.",
    )
)


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def acknowledgment_rows() -> list[tuple]:
    db.session.commit()
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(
                Acknowledgment.user_id,
                GuideVersion.version,
                Acknowledgment.content_hash,
                Acknowledgment.acknowledged_at,
            )
            .join(GuideVersion, GuideVersion.id == Acknowledgment.guide_version_id)
            .order_by(Acknowledgment.id)
        )
    ]


def publish_v2(catalogue_dir) -> None:
    (catalogue_dir / "guide" / "v2.yml").write_text(GUIDE_V2)
    load_content(catalogue_dir)


@pytest.fixture
def person(request, make_user):
    password = PASSWORD if "login" in request.fixturenames else None
    return make_user(name="Nadia Benali", password=password)


def test_the_current_guide_and_its_acknowledgment(app, catalogue, person, api):
    client = api(person)
    response = client.get(GUIDE)
    assert response.status_code == 200
    guide = response.json
    assert guide["version"] == 1
    published = datetime.fromisoformat(guide["published_at"].replace("Z", "+00:00"))
    assert published == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert published.utcoffset() == timedelta(0)
    assert re.fullmatch(r"2026-01-05T09:00:00(\+00:00|Z)", guide["published_at"])
    assert [section["title"] for section in guide["sections"]] == [
        "Who speaks for the company",
        "What is not tolerated",
        "What you may disclose",
        "Say who is speaking",
    ]
    assert all(section["body"] for section in guide["sections"])
    assert guide["acknowledged"] is False

    acknowledged = client.post(f"{GUIDE}/1/acknowledgments")
    assert acknowledged.status_code == 201
    assert acknowledged.json["version"] == 1
    assert acknowledged.json["acknowledged"] is True
    assert client.get(GUIDE).json["acknowledged"] is True


def test_acknowledging_twice_keeps_the_first_record(app, catalogue, person, api):
    client = api(person)
    sent = []
    with signals.guide_acknowledged.connected_to(
        lambda sender, guide, **kwargs: sent.append((sender.id, guide.version))
    ):
        assert client.post(f"{GUIDE}/1/acknowledgments").status_code == 201
        first = acknowledgment_rows()
        assert client.post(f"{GUIDE}/1/acknowledgments").status_code == 201
    assert acknowledgment_rows() == first
    assert sent == [(person.id, 1)]


def test_the_acknowledgment_stores_who_which_version_the_text_hash_and_when(
    app, catalogue, catalogue_dir, person, api
):
    before = datetime.now(UTC)
    assert api(person).post(f"{GUIDE}/1/acknowledgments").status_code == 201
    after = datetime.now(UTC)
    ((user_id, version, content_hash, acknowledged_at),) = acknowledgment_rows()
    assert (user_id, version) == (person.id, 1)
    published = yaml.safe_load((catalogue_dir / "guide" / "v1.yml").read_text())
    assert content_hash == guide_hash(1, published["sections"])
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash)
    assert before - timedelta(seconds=1) <= acknowledged_at <= after + timedelta(seconds=1)
    # The hash is of the exact text: one word more and it differs.
    edited = [dict(section) for section in published["sections"]]
    edited[0]["body"] += " Really."
    assert guide_hash(1, edited) != content_hash


@pytest.mark.parametrize("version", [0, 2, 99, 100000000])
def test_any_version_but_the_current_one_is_a_conflict(app, catalogue, person, api, version):
    response = api(person).post(f"{GUIDE}/{version}/acknowledgments")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "not_current_version"
    assert response.json["error"]["message"]
    assert acknowledgment_rows() == []


def test_an_old_version_is_a_conflict_once_a_new_one_is_out(
    app, catalogue, catalogue_dir, person, api
):
    publish_v2(catalogue_dir)
    client = api(person)
    response = client.post(f"{GUIDE}/1/acknowledgments")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "not_current_version"
    assert acknowledgment_rows() == []
    assert client.post(f"{GUIDE}/2/acknowledgments").status_code == 201


def _refused(action) -> None:
    with pytest.raises(sa.exc.DatabaseError):
        action()
        db.session.flush()
    db.session.rollback()


def test_an_acknowledgment_is_never_updated_or_deleted(app, catalogue, person, api):
    assert api(person).post(f"{GUIDE}/1/acknowledgments").status_code == 201
    stored = acknowledgment_rows()

    _refused(lambda: db.session.execute(sa.update(Acknowledgment).values(content_hash="0" * 64)))
    _refused(
        lambda: db.session.execute(
            sa.update(Acknowledgment).values(acknowledged_at=datetime(2020, 1, 1, tzinfo=UTC))
        )
    )
    _refused(lambda: db.session.execute(sa.delete(Acknowledgment)))

    def edit_through_the_orm():
        acknowledgment = db.session.execute(sa.select(Acknowledgment)).scalar_one()
        acknowledgment.content_hash = "f" * 64

    def delete_through_the_orm():
        db.session.delete(db.session.execute(sa.select(Acknowledgment)).scalar_one())

    _refused(edit_through_the_orm)
    _refused(delete_through_the_orm)
    assert acknowledgment_rows() == stored


def test_a_new_version_needs_a_new_acknowledgment(
    app, catalogue, catalogue_dir, person, api, client, login
):
    api_client = api(person)
    assert api_client.post(f"{GUIDE}/1/acknowledgments").status_code == 201
    login(person)
    assert "You acknowledged version 1" in page_text(client.get("/progress/"))

    publish_v2(catalogue_dir)
    guide = api_client.get(GUIDE).json
    assert (guide["version"], guide["acknowledged"]) == (2, False)
    assert guide["published_at"].startswith("2026-06-01T09:00:00")

    dashboard = page_text(client.get("/progress/"))
    assert "A new version (2) needs your acknowledgment." in dashboard
    assert "See what changed" in dashboard

    page = client.get("/conduct/")
    text = page_text(page)
    assert "What changed since version 1, which you acknowledged" in text
    assert "Customer names now need the customer's consent." in text
    changed = re.search(r"Sections changed:.*?<ul>(.*?)</ul>", page.text, flags=re.S)
    assert changed is not None
    titles = [html.unescape(t) for t in re.findall(r"<li>(.*?)</li>", changed.group(1))]
    assert titles == [V2_DISCLOSURE_TITLE]

    # The old acknowledgment is kept as it was.
    assert [row[:2] for row in acknowledgment_rows()] == [(person.id, 1)]
    assert api_client.post(f"{GUIDE}/2/acknowledgments").status_code == 201
    assert api_client.get(GUIDE).json["acknowledged"] is True
    assert [row[:2] for row in acknowledgment_rows()] == [(person.id, 1), (person.id, 2)]
    dashboard = page_text(client.get("/progress/"))
    assert "You acknowledged version 2" in dashboard
    assert "What changed since" not in page_text(client.get("/conduct/"))


def test_someone_who_never_acknowledged_is_simply_asked_to_read_it(
    app, catalogue, catalogue_dir, person, client, login
):
    publish_v2(catalogue_dir)
    login(person)
    dashboard = page_text(client.get("/progress/"))
    assert "Read the one-page guide and acknowledge it" in dashboard
    assert "needs your acknowledgment" not in dashboard
    assert "What changed since" not in page_text(client.get("/conduct/"))


def test_a_version_published_in_the_future_is_not_current_yet(
    app, catalogue, catalogue_dir, person, api
):
    later = datetime.now(UTC) + timedelta(days=30)
    future = GUIDE_V2.replace("2026-06-01T09:00:00Z", later.strftime("%Y-%m-%dT%H:%M:%SZ"))
    (catalogue_dir / "guide" / "v2.yml").write_text(future)
    load_content(catalogue_dir)
    client = api(person)
    assert client.get(GUIDE).json["version"] == 1
    assert client.post(f"{GUIDE}/2/acknowledgments").status_code == 409
    assert client.post(f"{GUIDE}/1/acknowledgments").status_code == 201


def test_the_web_form_requires_ticking_the_box(app, catalogue, person, api, client, login):
    login(person)
    page = page_text(client.get("/conduct/"))
    assert "Social-media conduct guide" in page
    assert "Version 1, published" in page
    for title in ("Who speaks for the company", "What is not tolerated", "Say who is speaking"):
        assert title in page

    refused = client.post("/conduct/1/acknowledge", data={})
    assert refused.status_code == 200
    assert "There is a problem" in page_text(refused)
    assert 'aria-invalid="true"' in refused.text
    assert "Tick the box to acknowledge the guide." in page_text(refused)
    assert acknowledgment_rows() == []
    assert api(person).get(GUIDE).json["acknowledged"] is False

    accepted = client.post("/conduct/1/acknowledge", data={"confirm": "y"})
    assert accepted.status_code == 302
    assert accepted.headers["Location"].endswith("/progress/")
    dashboard = page_text(client.get("/progress/"))
    assert "Thank you: you acknowledged version 1 of the conduct guide." in dashboard
    assert "You acknowledged version 1 on" in dashboard
    assert [row[:2] for row in acknowledgment_rows()] == [(person.id, 1)]
    assert "You acknowledged this version on" in page_text(client.get("/conduct/"))


def test_the_web_form_refuses_an_old_version(
    app, catalogue, catalogue_dir, person, api, client, login
):
    publish_v2(catalogue_dir)
    login(person)
    response = client.post("/conduct/1/acknowledge", data={"confirm": "y"})
    assert response.headers["Location"].endswith("/conduct/")
    text = page_text(client.get("/conduct/"))
    assert "Version 1 is not the current conduct guide; the current version is 2." in text
    assert acknowledgment_rows() == []


def test_without_a_published_guide_the_api_says_so(app, person, api):
    response = api(person).get(GUIDE)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "no_guide"
    response = api(person).post(f"{GUIDE}/1/acknowledgments")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "no_guide"
