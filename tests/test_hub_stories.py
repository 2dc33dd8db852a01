"""Employees submit stories; a champion sends one back with a comment, the author edits
and resubmits it, and the champion approves it with a light edit: it is then offered."""

import pytest
import sqlalchemy as sa

from learning.advocacy import services, stories
from learning.advocacy.models import ContentItem, ItemReview
from learning.extensions import db
from tests.conftest import PASSWORD
from tests.hub_content import objective

SCRIPT_STORY = (
    "My week at the fair <script>alert('story')</script>\n\n"
    "[a link](javascript:alert('link')) and <img src=x onerror=alert(1)>"
)


@pytest.fixture
def champion(make_user):
    return make_user(roles=("champion",), name="Chloé Champion")


@pytest.fixture
def author(make_user):
    return make_user(name="Sam Story", level="native")


@pytest.fixture
def goal(app, champion):
    return objective(champion)


def browser(app, user):
    """A client of its own, signed in as this person."""
    web = app.test_client()
    response = web.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return web


def reviews() -> list[tuple[str, str]]:
    return [
        (review.decision, review.comment)
        for review in db.session.execute(sa.select(ItemReview).order_by(ItemReview.id)).scalars()
    ]


def test_the_story_workflow(app, champion, author, goal):
    client = browser(app, author)
    response = client.post(
        "/hub/stories/new",
        data={"title": "Our stand at VivaTech", "body": "We met **200** people.", "url": ""},
        follow_redirects=True,
    )
    assert "your story is waiting for a champion" in response.text
    story = db.session.execute(sa.select(ContentItem)).scalar_one()
    assert (story.status, story.type, story.author_id) == ("submitted", "employee_story", author.id)
    assert "Awaiting review" in client.get("/hub/stories/").text
    # Not in the hub until approved.
    assert client.get(f"/hub/items/{story.id}").status_code == 302

    client = browser(app, champion)
    queue = client.get("/hub/reviews/").text
    assert "Our stand at VivaTech" in queue and "Sam Story" in queue
    page = client.get(f"/hub/reviews/{story.id}").text
    assert "<strong>200</strong>" in page
    # Sending back needs a comment.
    response = client.post(f"/hub/reviews/{story.id}", data={"send_back": "1", "comment": " "})
    assert "Say what to change: the author sees this comment." in response.text
    assert reviews() == []
    response = client.post(
        f"/hub/reviews/{story.id}",
        data={"send_back": "1", "comment": "Add a photo credit, please."},
        follow_redirects=True,
    )
    assert "sent back to its author" in response.text
    assert "No story is waiting for a review." in response.text

    client = browser(app, author)
    mine = client.get("/hub/stories/").text
    assert "Sent back" in mine and "Add a photo credit, please." in mine
    form = client.get(f"/hub/stories/{story.id}/edit").text
    assert "Add a photo credit, please." in form
    response = client.post(
        f"/hub/stories/{story.id}/edit",
        data={"title": "Our stand at VivaTech", "body": "We met 200 people. Photo: Sam."},
        follow_redirects=True,
    )
    assert "submitted again for review" in response.text
    assert "Awaiting review" in response.text

    client = browser(app, champion)
    # Approving needs a link and an objective.
    response = client.post(
        f"/hub/reviews/{story.id}", data={"approve": "1", "title": "x", "body": "y", "url": ""}
    )
    assert "Give the address the story is published at." in response.text
    response = client.post(
        f"/hub/reviews/{story.id}",
        data={
            "approve": "1",
            "title": "VivaTech: 200 conversations",
            "body": "We met 200 people. Photo: Sam.",
            "suggested_text": "Proud of our team at VivaTech!",
            "url": "https://blog.example.org/vivatech",
            "objective_id": str(goal.id),
        },
        follow_redirects=True,
    )
    assert "The story is published in the hub." in response.text
    db.session.expire_all()
    assert story.status == "published" and services.is_shareable(story)
    assert reviews() == [
        ("changes_requested", "Add a photo credit, please."),
        ("approved", ""),
    ]

    client = browser(app, author)
    page = client.get(f"/hub/stories/{story.id}").text
    assert "VivaTech: 200 conversations" in page
    assert "Approved" in page and "Chloé Champion" in page
    assert client.get(f"/hub/items/{story.id}").status_code == 200
    # Published: the author can no longer edit it.
    assert client.get(f"/hub/stories/{story.id}/edit").status_code == 302


def test_a_story_through_the_api(app, api, author, champion, goal):
    client = api(author)
    response = client.post("/api/v1/stories", json={"title": "A day in support", "body": "Hi"})
    assert response.status_code == 201, response.json
    assert response.json["status"] == "submitted"
    assert response.json["url"] is None and response.json["objective"] is None
    story = db.session.get(ContentItem, response.json["id"])
    stories.send_back(champion, story, "Tell us more.")
    listed = client.get("/api/v1/me/stories").json["stories"]
    assert [(s["status"], [r["comment"] for r in s["reviews"]]) for s in listed] == [
        ("changes_requested", ["Tell us more."])
    ]
    # Under review, the author and the champions see it.
    assert client.get(f"/api/v1/content/{story.id}").status_code == 200
    assert api(champion).get(f"/api/v1/content/{story.id}").status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": "", "body": "text"}, "invalid_title"),
        ({"title": "T", "body": "  "}, "story_required"),
        ({"title": "T", "body": "x" * 20_001}, "text_too_long"),
        ({"title": "T", "body": "b", "url": "javascript:alert(1)"}, "invalid_url"),
        ({"title": "T", "body": "b", "objective_id": 999}, "unknown_objective"),
        ({"title": "T"}, "validation_error"),
    ],
)
def test_a_bad_story_is_a_422(app, api, author, body, code):
    response = api(author).post("/api/v1/stories", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == code
    assert db.session.execute(sa.select(ContentItem)).first() is None


def test_another_employee_does_not_see_a_story_under_review(app, client, login, api, make_user):
    author = make_user()
    story = stories.submit(author, title="Mine", body="My story")
    other = make_user()
    assert api(other).get(f"/api/v1/content/{story.id}").status_code == 404
    login(other)
    assert client.get(f"/hub/stories/{story.id}").status_code == 404
    assert client.get(f"/hub/items/{story.id}").status_code == 404


def test_a_script_in_a_story_is_kept_as_written_and_rendered_inert(app, author, champion, goal):
    client = browser(app, author)
    client.post("/hub/stories/new", data={"title": "<b>Fair</b>", "body": SCRIPT_STORY})
    story = db.session.execute(sa.select(ContentItem)).scalar_one()
    assert story.body == SCRIPT_STORY
    for page in (
        client.get(f"/hub/stories/{story.id}").text,
        browser(app, champion).get(f"/hub/reviews/{story.id}").text,
    ):
        shown = page.split("<main", 1)[1]
        assert "<script" not in shown
        assert 'href="javascript:' not in shown
        assert "<img" not in shown
        assert "<b>Fair</b>" not in shown
        assert "&lt;b&gt;Fair&lt;/b&gt;" in shown
    stories.approve(
        champion,
        story,
        title=story.title,
        body=story.body,
        suggested_text="<script>alert('text')</script>",
        url="https://blog.example.org/fair",
        objective_id=goal.id,
    )
    item_page = client.get(f"/hub/items/{story.id}").text.split("<main", 1)[1]
    assert "<script>" not in item_page
    assert 'href="javascript:' not in item_page
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in item_page


def test_a_story_already_decided_is_not_reviewed_again(app, champion, author, goal):
    story = stories.submit(author, title="T", body="B")
    stories.send_back(champion, story, "More, please.")
    with pytest.raises(stories.NotAwaitingReview):
        stories.send_back(champion, story, "Again")
    with pytest.raises(stories.NotAwaitingReview):
        stories.approve(
            champion,
            story,
            title="T",
            body="B",
            suggested_text="",
            url="https://a.example.org",
            objective_id=goal.id,
        )
