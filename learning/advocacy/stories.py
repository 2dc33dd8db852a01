"""Stories employees write for the hub, and a champion's review of them.

A story arrives `submitted`. A champion approves it (it is published, with a link and an
objective, after light edits) or sends it back with a comment (`changes_requested`); the
author then edits it, which submits it again. Each decision is an `ItemReview`.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from learning.advocacy import services, validation
from learning.advocacy.models import ContentItem, ItemReview
from learning.auth.models import User
from learning.database import utcnow
from learning.errors import Conflict, Forbidden
from learning.extensions import db

STORY_TYPE = "employee_story"
EDITABLE = ("submitted", "changes_requested")


class NotEditable(Conflict):
    code = "story_not_editable"


class NotAwaitingReview(Conflict):
    code = "story_not_awaiting_review"


def _story_fields(title, body, url, objective_id) -> dict:
    """A story's own fields, checked: the link and the objective are optional until the
    champion's approval."""
    fields = {
        "title": validation.clean_title(title),
        "body": validation.clean_markdown(body, field="body"),
        "url": validation.clean_url(url) if url else None,
        "objective": None,
    }
    if objective_id is not None:
        fields["objective"] = validation.check_objective(objective_id)
    if not fields["body"].strip():
        raise validation.InvalidField(_("Write your story."), code="story_required", field="body")
    return fields


def submit(author: User, *, title, body, url=None, objective_id=None) -> ContentItem:
    story = ContentItem(
        author=author,
        type=STORY_TYPE,
        status="submitted",
        suggested_text="",
        available_from=utcnow(),
    )
    for name, value in _story_fields(title, body, url, objective_id).items():
        setattr(story, name, value)
    db.session.add(story)
    db.session.flush()
    return story


def get_story(story_id: int, user: User) -> ContentItem:
    """A story its author, a champion or an admin may see; to anyone else it does not exist."""
    story = services.get_item(story_id)
    if story.type != STORY_TYPE or not (
        story.author_id == user.id or user.has_role("champion", "admin")
    ):
        raise services.ItemNotFound(_("There is no such story."))
    return story


def resubmit(author: User, story: ContentItem, *, title, body, url=None, objective_id=None):
    """The author's edit of a story waiting for review or sent back: it is submitted again."""
    if story.author_id != author.id:
        raise Forbidden(_("Only its author can edit a story."))
    if story.status not in EDITABLE or story.retired_at is not None:
        raise NotEditable(_("This story is already published; ask a champion to change it."))
    for name, value in _story_fields(title, body, url, objective_id).items():
        setattr(story, name, value)
    story.status = "submitted"
    db.session.flush()
    return story


def my_stories(author: User) -> list[ContentItem]:
    return list(
        db.session.execute(
            sa.select(ContentItem)
            .where(ContentItem.author_id == author.id, ContentItem.type == STORY_TYPE)
            .options(sa.orm.selectinload(ContentItem.reviews))
            .order_by(ContentItem.created_at.desc(), ContentItem.id.desc())
        ).scalars()
    )


def queue() -> list[ContentItem]:
    """Stories waiting for a champion, the oldest first: first come, first reviewed."""
    return list(
        db.session.execute(
            sa.select(ContentItem)
            .where(
                ContentItem.status == "submitted",
                ContentItem.retired_at.is_(None),
                ContentItem.type == STORY_TYPE,
            )
            .options(sa.orm.joinedload(ContentItem.author))
            .order_by(ContentItem.updated_at, ContentItem.id)
        ).scalars()
    )


def _awaiting_review(story: ContentItem) -> None:
    if story.status != "submitted" or story.retired_at is not None:
        raise NotAwaitingReview(_("This story is not waiting for a review."))


def approve(
    reviewer: User,
    story: ContentItem,
    *,
    title,
    body,
    suggested_text,
    url,
    objective_id,
    texts=None,
    available_from=None,
    available_until=None,
) -> ContentItem:
    """Publish the story, with the champion's light edits; it needs a link and an objective."""
    _awaiting_review(story)
    if not url:
        raise validation.InvalidField(
            _("Give the address the story is published at."), code="invalid_url", field="url"
        )
    if objective_id is None:
        raise validation.InvalidField(
            _("Choose the objective the story serves."),
            code="unknown_objective",
            field="objective_id",
        )
    services.update_item(
        story,
        title=title,
        type=STORY_TYPE,
        url=url,
        suggested_text=suggested_text,
        objective_id=objective_id,
        body=body,
        texts=texts,
        available_from=available_from or utcnow(),
        available_until=available_until,
    )
    story.status = "published"
    story.reviews.append(ItemReview(reviewer=reviewer, decision="approved", comment=""))
    db.session.flush()
    return story


def send_back(reviewer: User, story: ContentItem, comment) -> ContentItem:
    """Back to its author, with what to change."""
    _awaiting_review(story)
    comment = comment.strip() if isinstance(comment, str) else ""
    if not comment:
        raise validation.InvalidField(
            _("Say what to change: the author sees this comment."),
            code="comment_required",
            field="comment",
        )
    comment = validation.clean_markdown(comment, field="comment", limit=validation.COMMENT_LENGTH)
    story.status = "changes_requested"
    story.reviews.append(
        ItemReview(reviewer=reviewer, decision="changes_requested", comment=comment)
    )
    db.session.flush()
    return story


def last_comment(story: ContentItem) -> str | None:
    """The comment of the latest decision, when it sent the story back."""
    if story.reviews and story.reviews[-1].decision == "changes_requested":
        return story.reviews[-1].comment
    return None
