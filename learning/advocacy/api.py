"""The hub's part of the JSON API: objectives, the content that may be shared, and the
stories employees submit."""

from learning.advocacy import objectives, services, stories
from learning.advocacy.schemas import (
    ContentInSchema,
    ContentListSchema,
    ContentQuerySchema,
    ContentSchema,
    ObjectiveInSchema,
    ObjectiveListSchema,
    ObjectiveSchema,
    StoryInSchema,
    StoryListSchema,
    StorySchema,
)
from learning.api import feature_blueprint
from learning.api.auth import current_api_user, person, requires
from learning.api.errors import ApiErrorSchema

blueprint = feature_blueprint(
    "advocacy_api",
    __name__,
    "Objectives, the content hub's items that may be shared, and employees' stories.",
)

curator = requires("champion", "admin")

INVALID_OBJECTIVE = (
    "`invalid_title`, `invalid_family`, `invalid_metric`, `invalid_target`, "
    "`invalid_dates` (due not after the start), `text_too_long`, or `validation_error` for "
    "a body of the wrong shape."
)
INVALID_ITEM = (
    "`invalid_url` (not an absolute http(s) address elsewhere than this platform, or longer "
    "than 2048 characters), `text_too_long` (naming the network and its limit), "
    "`unknown_network`, `unknown_objective`, `invalid_title`, `invalid_type`, "
    "`invalid_window` (until not after from), or `validation_error` for a body of the "
    "wrong shape."
)


@blueprint.get("/objectives")
@person
@blueprint.response(200, ObjectiveListSchema)
def list_objectives():
    """Every objective, the latest due first."""
    return {"objectives": objectives.objectives()}


@blueprint.post("/objectives")
@curator
@blueprint.arguments(ObjectiveInSchema)
@blueprint.response(201, ObjectiveSchema)
@blueprint.alt_response(422, schema=ApiErrorSchema, description=INVALID_OBJECTIVE)
def create_objective(body):
    """A new objective (champion, admin)."""
    return objectives.create_objective(current_api_user(), **body)


@blueprint.get("/content")
@person
@blueprint.arguments(ContentQuerySchema, location="query")
@blueprint.response(200, ContentListSchema)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`unknown_network`, or `validation_error` for an unknown type or a bad number.",
)
def list_content(query):
    """What may be shared now, the latest offered first, 100 a page; `network` keeps the
    items with a text that fits it."""
    listing = services.shareable_items(
        objective_id=query.get("objective_id"),
        content_type=query.get("type"),
        network=query.get("network"),
        page=query["page"],
        per_page=services.API_PAGE_SIZE,
    )
    return {
        "items": listing.items,
        "page": listing.page,
        "pages": listing.pages,
        "total": listing.total,
    }


@blueprint.post("/content")
@curator
@blueprint.arguments(ContentInSchema)
@blueprint.response(201, ContentSchema)
@blueprint.alt_response(422, schema=ApiErrorSchema, description=INVALID_ITEM)
def create_content(body):
    """A new item of the hub (champion, admin), published at once: shareable from now
    unless `available_from` says later."""
    return services.create_item(current_api_user(), **body)


@blueprint.get("/content/<int:item_id>")
@person
@blueprint.response(200, ContentSchema)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`item_not_found`: no such item in the hub."
)
def get_content(item_id: int):
    """One item, published, or a story of the person's own (champions and admins see
    every item); `shareable` says whether it is offered now."""
    return services.visible_item(item_id, current_api_user())


@blueprint.post("/content/<int:item_id>/retirement")
@curator
@blueprint.response(200, ContentSchema)
@blueprint.alt_response(
    404, schema=ApiErrorSchema, description="`item_not_found`: no such item in the hub."
)
def retire_content(item_id: int):
    """Retire an item (champion, admin): no longer offered, kept in the reports. Retiring
    it again changes nothing."""
    return services.retire(services.get_item(item_id))


@blueprint.post("/stories")
@person
@blueprint.arguments(StoryInSchema)
@blueprint.response(201, StorySchema)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`invalid_title`, `story_required`, `text_too_long`, `invalid_url`, "
    "`unknown_objective`, or `validation_error` for a body of the wrong shape.",
)
def submit_story(body):
    """Submit a story for a champion's review."""
    return stories.submit(current_api_user(), **body)


@blueprint.get("/me/stories")
@person
@blueprint.response(200, StoryListSchema)
def my_stories():
    """The person's stories, the latest first, each with its state and reviews."""
    return {"stories": stories.my_stories(current_api_user())}
