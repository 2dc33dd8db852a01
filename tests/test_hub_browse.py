"""Browsing the hub: only what is offered now, newest first, filtered by objective, type
and network, paged; a friendly page for what is no longer offered; neutral wording for
objectors; a fixed number of queries whatever the number of items."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import g

from learning.advocacy import services
from learning.advocacy.models import ContentItem
from learning.extensions import db
from tests.hub_content import hours, item, objective


@pytest.fixture
def champion(make_user):
    return make_user(roles=("champion",))


@pytest.fixture
def goal(app, champion):
    return objective(champion)


def titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/hub/items/\d+">([^<]+)</a></h2>', page)


def test_only_what_is_offered_now_is_in_the_hub(app, client, login, api, make_user, champion, goal):
    now = item(champion, goal, "Offered now")
    later = item(champion, goal, "Not yet", available_from=hours(24))
    over = item(champion, goal, "Over", available_from=hours(-48), available_until=hours(-1))
    retired = services.retire(item(champion, goal, "Retired"))
    employee = make_user(level="native")
    login(employee)

    assert titles(client.get("/hub/").text) == ["Offered now"]
    assert [i["title"] for i in api(employee).get("/api/v1/content").json["items"]] == [
        "Offered now"
    ]
    assert client.get(f"/hub/items/{now.id}").status_code == 200
    for gone in (over, retired):
        response = client.get(f"/hub/items/{gone.id}")
        assert response.status_code == 410
        assert "No longer offered" in response.text
        assert "See what the hub holds now" in response.text
    response = client.get(f"/hub/items/{later.id}")
    assert response.status_code == 404
    assert "not available for sharing yet" in response.text
    assert client.get("/hub/items/987654").status_code == 404
    assert client.get("/hub/items/99999999999999999999999").status_code == 404


def test_the_manage_page_shows_every_state_newest_first_and_filters(
    app, client, login, champion, goal, make_user
):
    from learning.advocacy import stories

    item(champion, goal, "Offered now")
    item(champion, goal, "Not yet", available_from=hours(24))
    item(champion, goal, "Over", available_from=hours(-48), available_until=hours(-1))
    services.retire(item(champion, goal, "Retired"))
    stories.submit(make_user(), title="A story", body="Text")
    sent_back = stories.submit(make_user(), title="Another story", body="Text")
    stories.send_back(champion, sent_back, "Shorter, please.")
    login(champion)

    page = client.get("/hub/manage").text
    rows = re.findall(r"<tr>\s*<td>\s*<a [^>]+>([^<]+)</a>\s*</td>\s*<td>([^<]+)</td>", page)
    assert rows == [
        ("Another story", "Sent back"),
        ("A story", "Awaiting review"),
        ("Retired", "Retired"),
        ("Over", "Expired"),
        ("Not yet", "Available from a later date"),
        ("Offered now", "Published"),
    ]
    for state, title in [
        ("published", "Offered now"),
        ("scheduled", "Not yet"),
        ("expired", "Over"),
        ("retired", "Retired"),
        ("submitted", "A story"),
        ("changes_requested", "Another story"),
    ]:
        filtered = client.get(f"/hub/manage?state={state}").text
        assert "1 item" in filtered and title in filtered, state


def test_filters_and_newest_first(app, client, login, make_user, champion, goal):
    other = objective(champion, "Hiring engineers", family="talent")
    item(champion, goal, "Oldest", available_from=hours(-3))
    item(champion, other, "Job: engineer", type="job_offer", available_from=hours(-2))
    item(
        champion,
        goal,
        "Long text",
        suggested_text="x" * 1000,
        texts={"instagram": "short"},
        available_from=hours(-1),
    )
    login(make_user(level="native"))

    assert titles(client.get("/hub/").text) == ["Long text", "Job: engineer", "Oldest"]
    assert titles(client.get(f"/hub/?objective={other.id}").text) == ["Job: engineer"]
    assert titles(client.get("/hub/?type=job_offer").text) == ["Job: engineer"]
    # Too long for X, and no text of its own for X; Instagram has one.
    assert titles(client.get("/hub/?network=x").text) == ["Job: engineer", "Oldest"]
    assert titles(client.get("/hub/?network=instagram").text) == [
        "Long text",
        "Job: engineer",
        "Oldest",
    ]
    # Unknown filters are ignored on the page, refused by the API.
    assert len(titles(client.get("/hub/?network=myspace&type=poem&objective=x").text)) == 3


def test_the_api_filters_and_refuses_an_unknown_network(app, api, make_user, champion, goal):
    item(champion, goal, "Long text", suggested_text="x" * 1000)
    item(champion, goal, "Short")
    client = api(make_user())
    assert [i["title"] for i in client.get("/api/v1/content?network=x").json["items"]] == ["Short"]
    response = client.get("/api/v1/content?network=myspace")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "unknown_network"
    assert client.get("/api/v1/content?type=poem").status_code == 422


def test_the_hub_is_paged(app, client, login, make_user, champion, goal):
    for number in range(services.PAGE_SIZE + 1):
        item(champion, goal, f"Item {number:02}", available_from=hours(-50 + number))
    login(make_user())
    first = client.get("/hub/").text
    assert len(titles(first)) == services.PAGE_SIZE
    assert "Page 1 of 2" in first
    assert titles(client.get("/hub/?page=2").text) == ["Item 00"]


@pytest.mark.parametrize("page_of", ["index", "item"])
def test_an_objector_sees_no_prompt_to_share(
    app, client, login, make_user, champion, goal, page_of
):
    offered = item(champion, goal, "Annual report", suggested_text="Our year.", body="Figures.")
    urls = {"index": "/hub/", "item": f"/hub/items/{offered.id}"}

    login(make_user(level="objector"))
    page = client.get(urls[page_of]).text
    main = page.split("<main", 1)[1].split("</main>")[0]
    # At most a closed disclosure the person may open themself: nothing outside it asks.
    closed = re.findall(r"<details>.*?</details>", main, flags=re.S)
    assert all("<details open" not in part for part in closed)
    outside = re.sub(r"<details>.*?</details>", "", main, flags=re.S)
    outside = re.sub(r"<[^>]+>", " ", outside)  # what the page says, not its markup
    assert "shar" not in outside.lower()
    assert "Suggested" not in outside
    if page_of == "index":
        assert "What the company publishes" in main

    client.post("/auth/logout")
    login(make_user(level="native"))
    main = client.get(urls[page_of]).text.split("<main", 1)[1]
    assert "The content hub" in main if page_of == "index" else "Suggested text" in main


def test_the_item_page_shows_the_item_and_its_texts(app, client, login, make_user, champion, goal):
    offered = item(champion, goal, texts={"x": "On X: launch!"}, body="# Big\n\nThe **launch**.")
    login(make_user())
    page = client.get(f"/hub/items/{offered.id}").text
    assert "<strong>launch</strong>" in page
    assert "Q3 launch event" in page
    assert "Our launch is here." in page and "On X: launch!" in page
    assert 'href="https://news.example.org/launch"' in page


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("url", ["/hub/", "/hub/manage", "/hub/reviews/"])
def test_the_hub_lists_do_not_grow_with_the_items(
    app, client, login, champion, goal, statements, url
):
    from learning.advocacy import stories

    def measure() -> int:
        db.session.commit()
        db.session.expire_all()
        g.pop("_login_user", None)
        statements.clear()
        assert client.get(url).status_code == 200
        return len(statements)

    def add(count: int) -> None:
        for number in range(count):
            goal_n = objective(champion, f"Objective {number}")
            item(champion, goal_n, f"Item {number}", texts={"x": "X", "email": "Mail"})
            stories.submit(champion, title=f"Story {number}", body="B")

    login(champion)
    add(2)
    few = measure()
    add(12)
    many = measure()
    assert many == few
    assert many <= 12


def test_times_are_kept_in_utc(app, champion, goal):
    offered = item(champion, goal, available_until=hours(2))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(ContentItem, offered.id)
    assert stored.available_until.utcoffset() == timedelta(0)
