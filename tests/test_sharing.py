"""Sharing a hub item: the guide gate, the share form and page, each network's share
URL, the API, bad input, and a person's own figures."""

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from learning.advocacy.models import ItemText
from learning.conduct import services as conduct
from learning.database import utcnow
from learning.extensions import db
from learning.sharing import services as sharing
from learning.sharing import share_urls
from learning.sharing.models import Click, Conversion, Share
from learning.transaction import unit_of_work
from tests.catalogue import load_content
from tests.test_conduct_guide import GUIDE_V2

LINK = "https://go.example.com/s/AbCdEf123456"


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(text).split())


def acknowledge(user) -> None:
    with unit_of_work():
        conduct.acknowledge(user, conduct.require_current_version().version)


@pytest.fixture
def sharer(catalogue, make_user):
    """An employee who acknowledged the current guide."""
    user = make_user(name="Nadia Benali", level="native")
    acknowledge(user)
    return user


def share_rows() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(sa.select(Share.user_id, Share.item_id, Share.network)).all()


# The networks' share pages, as each documents them


def test_x_takes_the_text_and_the_link():
    url = share_urls.share_url("x", text="Join us & see", link=LINK, subject="S")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "twitter.com", "/intent/tweet")
    assert parse_qs(parts.query) == {"text": ["Join us & see"], "url": [LINK]}
    assert "Join%20us%20%26%20see" in url


@pytest.mark.parametrize(
    ("network", "address", "parameter"),
    [
        ("linkedin", "https://www.linkedin.com/sharing/share-offsite/", "url"),
        ("facebook", "https://www.facebook.com/sharer/sharer.php", "u"),
    ],
)
def test_linkedin_and_facebook_take_only_the_link(network, address, parameter):
    url = share_urls.share_url(network, text="Not sent", link=LINK, subject="S")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == address
    assert parse_qs(parts.query) == {parameter: [LINK]}
    assert "Not" not in url


def test_whatsapp_takes_the_text_followed_by_the_link():
    url = share_urls.share_url("whatsapp", text="Have a look", link=LINK, subject="S")
    assert url.startswith("https://wa.me/?text=")
    assert parse_qs(urlsplit(url).query) == {"text": [f"Have a look {LINK}"]}


def test_email_is_a_mailto_url_percent_encoded_as_rfc_6068_says():
    url = share_urls.share_url("email", text="Line one\né + more", link=LINK, subject="Q3 & you")
    assert url.startswith("mailto:?subject=Q3%20%26%20you&body=")
    assert "+" not in url  # a space is %20, a plus sign %2B
    body = parse_qs(urlsplit(url).query)["body"][0]
    assert body == f"Line one\né + more\r\n\r\n{LINK}"
    assert "%C3%A9%20%2B%20more%0D%0A%0D%0Ahttps" in url


def test_instagram_has_no_share_page():
    assert share_urls.share_url("instagram", text="t", link=LINK, subject="S") is None


# The guide gate


def test_nobody_shares_before_acknowledging_the_current_guide(
    catalogue, make_user, hub_item, api, client, login
):
    person = make_user(level="native")
    item = hub_item()

    response = api(person).post(f"/api/v1/content/{item.id}/shares", json={"network": "x"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "conduct_guide_not_acknowledged"
    assert "acknowledge the current conduct guide" in response.json["error"]["message"].lower()

    login(person)
    page = client.get(f"/hub/items/{item.id}/share")
    assert "Acknowledge the current conduct guide before you share" in page_text(page)
    assert 'href="/conduct/"' in page.text
    assert '<form method="post" action="/hub/items' not in page.text
    posted = client.post(f"/hub/items/{item.id}/share", data={"network": "x", "text": "Hi"})
    assert posted.status_code == 403
    assert share_rows() == []


def test_a_new_guide_version_stops_sharing_until_it_is_acknowledged(
    catalogue_dir, sharer, hub_item, api
):
    item = hub_item()
    client = api(sharer)
    assert client.post(f"/api/v1/content/{item.id}/shares", json={"network": "x"}).status_code == (
        201
    )
    (catalogue_dir / "guide" / "v2.yml").write_text(GUIDE_V2)
    load_content(catalogue_dir)

    refused = client.post(f"/api/v1/content/{item.id}/shares", json={"network": "x"})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "conduct_guide_not_acknowledged"
    assert "new version" in refused.json["error"]["message"]
    assert len(share_rows()) == 1

    acknowledge(sharer)
    assert client.post(f"/api/v1/content/{item.id}/shares", json={"network": "x"}).status_code == (
        201
    )
    assert len(share_rows()) == 2


# The API


def test_the_api_gives_the_tracked_link_and_the_share_page(app, sharer, hub_item, api):
    app.config["PUBLIC_BASE_URL"] = "https://go.example.com"
    item = hub_item()

    response = api(sharer).post(
        f"/api/v1/content/{item.id}/shares", json={"network": "x", "text": "  My words  "}
    )

    assert response.status_code == 201
    body = response.json
    assert set(body) == {"id", "code", "tracked_url", "share_url"}
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", body["code"])
    assert body["tracked_url"] == f"https://go.example.com/s/{body['code']}"
    assert parse_qs(urlsplit(body["share_url"]).query) == {
        "text": ["My words"],
        "url": [body["tracked_url"]],
    }
    share = db.session.get(Share, body["id"])
    assert (share.user_id, share.item_id, share.network, share.text) == (
        sharer.id,
        item.id,
        "x",
        "My words",
    )


def test_without_a_public_address_the_link_uses_the_request_address(sharer, hub_item, api):
    item = hub_item()
    body = api(sharer).post(f"/api/v1/content/{item.id}/shares", json={"network": "instagram"}).json
    assert body["tracked_url"] == f"http://localhost/s/{body['code']}"
    assert body["share_url"] is None


def test_without_a_text_the_networks_own_suggested_text_is_used(sharer, hub_item, api):
    item = hub_item(suggested_text="For everyone.")
    with unit_of_work():
        db.session.add(ItemText(item_id=item.id, network="linkedin", text="For LinkedIn."))
    client = api(sharer)
    for network, expected in (("linkedin", "For LinkedIn."), ("facebook", "For everyone.")):
        body = client.post(f"/api/v1/content/{item.id}/shares", json={"network": network}).json
        assert db.session.get(Share, body["id"]).text == expected


def test_codes_are_short_random_and_unique(sharer, hub_item, api):
    item = hub_item()
    client = api(sharer)
    codes = {
        client.post(f"/api/v1/content/{item.id}/shares", json={"network": "x"}).json["code"]
        for _ in range(20)
    }
    assert len(codes) == 20
    assert all(len(code) == 12 for code in codes)


def test_a_code_already_taken_is_drawn_again(sharer, hub_item, monkeypatch):
    item = hub_item()
    with unit_of_work():
        first = sharing.create_share(sharer, item.id, "x")
    draws = iter([first.code, first.code, "FreshCode123"])
    monkeypatch.setattr(sharing, "new_code", lambda: next(draws))
    with unit_of_work():
        second = sharing.create_share(sharer, item.id, "linkedin", "Mine")
    assert second.code == "FreshCode123"
    assert sorted(code for (code,) in db.session.execute(sa.select(Share.code))) == sorted(
        [first.code, "FreshCode123"]
    )


@pytest.mark.parametrize(
    ("change", "body", "status", "code"),
    [
        ({}, {"network": "myspace"}, 422, "unknown_network"),
        ({}, {"network": "x", "text": "x" * 257}, 422, "text_too_long"),
        ({"suggested_text": "y" * 300}, {"network": "x"}, 422, "text_too_long"),
        ({"retired_at": "now"}, {"network": "x"}, 409, "item_unavailable"),
        ({"available_from": "tomorrow"}, {"network": "x"}, 409, "item_unavailable"),
        ({"available_until": "yesterday"}, {"network": "x"}, 409, "item_unavailable"),
        ({"status": "submitted"}, {"network": "x"}, 409, "item_unavailable"),
        ({}, {"text": "no network"}, 422, "validation_error"),
        ({}, {"network": 12}, 422, "validation_error"),
    ],
)
def test_bad_shares_are_a_clear_4xx_and_record_nothing(
    sharer, hub_item, api, change, body, status, code
):
    moments = {
        "now": utcnow(),
        "tomorrow": utcnow() + timedelta(days=1),
        "yesterday": utcnow() - timedelta(days=1),
    }
    values = {key: moments.get(value, value) for key, value in change.items()}
    if "available_until" in values:
        values["available_from"] = utcnow() - timedelta(days=10)
    item = hub_item(**values)

    response = api(sharer).post(f"/api/v1/content/{item.id}/shares", json=body)

    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert share_rows() == []


def test_an_unknown_item_or_malformed_json_is_refused(sharer, api):
    client = api(sharer)
    missing = client.post("/api/v1/content/999999/shares", json={"network": "x"})
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "item_not_found")
    malformed = client.client.post(
        "/api/v1/content/1/shares",
        data='{"network": "x"',
        headers={**client.headers, "Content-Type": "application/json"},
    )
    assert (malformed.status_code, malformed.json["error"]["code"]) == (400, "invalid_json")
    assert share_rows() == []


# The pages


def test_the_form_shares_on_x_and_the_page_opens_x_with_text_and_link(
    app, sharer, hub_item, client, login
):
    app.config["PUBLIC_BASE_URL"] = "https://go.example.com"
    item = hub_item(title="Launch <b>day</b>")
    login(sharer)
    form = client.get(f"/hub/items/{item.id}/share")
    assert form.status_code == 200
    assert "Join us for the Q3 launch event." in form.text
    assert "Launch &lt;b&gt;day&lt;/b&gt;" in form.text  # rendered inert

    created = client.post(
        f"/hub/items/{item.id}/share",
        data={"network": "x", "text": "My own words", "suggested_for": "linkedin"},
    )
    assert created.status_code == 302
    share = db.session.execute(sa.select(Share)).scalar_one()
    assert created.headers["Location"] == f"/shares/{share.id}"
    assert share.text == "My own words"

    page = client.get(f"/shares/{share.id}")
    text = page_text(page)
    assert f"https://go.example.com/s/{share.code}" in text
    assert "Copy the link" in text
    open_x = re.search(r'<a role="button" href="([^"]+)" target="_blank" rel="noopener"', page.text)
    assert open_x is not None
    url = html.unescape(open_x.group(1))
    assert parse_qs(urlsplit(url).query) == {
        "text": ["My own words"],
        "url": [f"https://go.example.com/s/{share.code}"],
    }
    assert 'href="/privacy"' in page.text


@pytest.mark.parametrize("network", ["linkedin", "facebook"])
def test_linkedin_and_facebook_ask_to_copy_the_text_then_paste_it(
    sharer, hub_item, client, login, network
):
    item = hub_item()
    login(sharer)
    client.post(f"/hub/items/{item.id}/share", data={"network": network, "text": "Paste me"})
    share = db.session.execute(sa.select(Share)).scalar_one()
    text = page_text(client.get(f"/shares/{share.id}"))
    label = {"linkedin": "LinkedIn", "facebook": "Facebook"}[network]
    assert "Copy your text: Paste me" in text
    assert f"Open {label} and paste it" in text


def test_instagram_copies_text_and_link_with_instructions(sharer, hub_item, client, login):
    item = hub_item()
    login(sharer)
    client.post(f"/hub/items/{item.id}/share", data={"network": "instagram", "text": "Look"})
    share = db.session.execute(sa.select(Share)).scalar_one()
    text = page_text(client.get(f"/shares/{share.id}"))
    assert "Instagram has no share page on the web" in text
    assert f"Look http://localhost/s/{share.code}" in text
    assert "Copy the text and the link" in text


def test_without_the_script_a_text_left_as_suggested_follows_the_network(
    sharer, hub_item, client, login
):
    item = hub_item(suggested_text="General text.")
    with unit_of_work():
        db.session.add(ItemText(item_id=item.id, network="x", text="Short for X."))
    login(sharer)
    client.post(
        f"/hub/items/{item.id}/share",
        data={"network": "x", "text": "General text.\r\n", "suggested_for": "linkedin"},
    )
    assert db.session.execute(sa.select(Share.text)).scalar_one() == "Short for X."


def test_a_text_too_long_is_shown_beside_the_field(sharer, hub_item, client, login):
    item = hub_item()
    login(sharer)
    response = client.post(f"/hub/items/{item.id}/share", data={"network": "x", "text": "z" * 300})
    assert response.status_code == 422
    assert "X accepts at most 256" in page_text(response)
    assert share_rows() == []


def test_a_share_page_is_its_owners_only(sharer, make_user, hub_item, client, login):
    item = hub_item()
    with unit_of_work():
        share = sharing.create_share(sharer, item.id, "x")
    login(make_user(level="native"))
    assert client.get(f"/shares/{share.id}").status_code == 404


def test_an_objector_is_not_prompted(catalogue, make_user, hub_item, client, login):
    from learning import panels

    objector = make_user(level="objector")
    acknowledge(objector)
    item = hub_item()
    login(objector)
    page = client.get(f"/hub/items/{item.id}/share")
    assert "<details>" in page.text and "<details open" not in page.text
    assert "If you ever wish to share this…" in page_text(page)
    assert "Share it, if you wish" not in page.text
    rendered = panels.render(panels.HUB_ITEM, objector, item)
    assert [panel.data["objector"] for panel in rendered] == [True]
    # Nothing on the dashboard invites them either.
    assert "Your sharing" not in page_text(client.get("/progress/"))


def test_the_hub_item_panel_offers_the_form_only_for_a_shareable_item(sharer, hub_item):
    from learning import panels

    shareable, retired = hub_item(), hub_item(retired_at=utcnow())
    [panel] = panels.render(panels.HUB_ITEM, sharer, shareable)
    assert panel.template == "sharing/_share_panel.html"
    assert panel.data["texts"]["x"] == "Join us for the Q3 launch event."
    assert panels.render(panels.HUB_ITEM, sharer, retired) == []


def test_the_privacy_page_says_what_is_kept_and_every_page_links_it(client):
    page = client.get("/privacy")
    assert page.status_code == 200
    text = page_text(page)
    for kept in ("the time of the visit", "which link was followed", "the kind of visit"):
        assert kept in text
    assert "never stores the visitor's network (IP) address" in text
    assert 'href="/privacy"' in client.get("/auth/login").text


# A person's own figures


def _click(share, kind="person", visitor="v1", days_ago=0):
    db.session.add(
        Click(
            share_id=share.id,
            kind=kind,
            visitor=visitor,
            clicked_at=utcnow() - timedelta(days=days_ago),
        )
    )


def test_a_person_sees_their_own_figures_and_nothing_of_anyone_elses(
    sharer, make_user, hub_item, api, client, login
):
    other = make_user(level="native")
    acknowledge(other)
    item = hub_item(title="Case study")
    with unit_of_work():
        mine = sharing.create_share(sharer, item.id, "linkedin")
        theirs = sharing.create_share(other, item.id, "x")
        for visitor in ("a", "a", "b"):
            _click(mine, visitor=visitor)
        _click(mine, kind="bot", visitor=None)
        _click(mine, kind="self", visitor=None)
        _click(theirs, visitor="c")
        db.session.add(Conversion(reference="r1", share_id=mine.id, attributed=True))
        db.session.add(Conversion(reference="r2", share_id=mine.id, attributed=False))
        db.session.add(Conversion(reference="r3", share_id=theirs.id, attributed=True))

    body = api(sharer).get("/api/v1/me/shares").json
    assert [share["id"] for share in body["shares"]] == [mine.id]
    figures = body["shares"][0]
    assert (figures["item_title"], figures["network"]) == ("Case study", "linkedin")
    assert (figures["clicks"], figures["unique_visitors"]) == (3, 2)
    assert (figures["conversions"], figures["attributed_conversions"]) == (2, 1)
    assert body["totals"] == {
        "shares": 1,
        "clicks": 3,
        "unique_visitors": 2,
        "conversions": 2,
        "attributed_conversions": 1,
    }

    login(sharer)
    text = page_text(client.get("/me/sharing"))
    assert "Case study" in text
    assert "(1 more, too late to count)" in text
    assert "3 clicks" in page_text(client.get("/progress/"))


def test_the_sharing_pages_query_count_does_not_grow_with_the_shares(
    sharer, hub_item, client, login
):
    from flask import g

    items = [hub_item(title=f"Item {number}") for number in range(5)]
    login(sharer)

    def queries(url: str) -> int:
        seen = []
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)

        def count(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    def share_all(times: int) -> None:
        with unit_of_work():
            for item in items:
                for network in ("x", "linkedin")[:times]:
                    share = sharing.create_share(sharer, item.id, network)
                    _click(share)
                    db.session.add(
                        Conversion(reference=f"{share.code}-r", share_id=share.id, attributed=True)
                    )

    share_all(1)
    few = queries("/me/sharing"), queries("/progress/")
    share_all(2)
    many = queries("/me/sharing"), queries("/progress/")
    assert few == many
    assert few[0] <= 6
