"""The hub's pages for every person: what the company publishes, an item, and the stories
a person writes for the hub."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.advocacy import blueprint, forms, labels, objectives, services, stories
from learning.advocacy.models import CONTENT_TYPES
from learning.company import services as company
from learning.database import parse_id
from learning.errors import DomainError
from learning.networks import network_label
from learning.security import person_required

for _name, _table in (
    ("content_type_label", labels.CONTENT_TYPES),
    ("family_label", labels.FAMILIES),
    ("metric_label", labels.METRICS),
    ("item_state_label", labels.STATES),
    ("decision_label", labels.DECISIONS),
):
    blueprint.add_app_template_filter(lambda code, table=_table: labels.label(table, code), _name)
blueprint.add_app_template_filter(network_label, "network_label")
blueprint.add_app_template_filter(services.item_state, "item_state")


def refused(form, error: DomainError) -> None:
    """Show a service's refusal beside the field it is about, or at the top of the page."""
    field = getattr(error, "field", None)
    if field and field in form:
        form[field].errors = [*form[field].errors, error.message]
    else:
        flash(error.message, "error")


def choice_arg(name: str, choices) -> str | None:
    value = request.args.get(name, "")
    return value if value in choices else None


def id_arg(name: str) -> int | None:
    return parse_id(request.args.get(name))


@blueprint.get("/")
@person_required
def index():
    filters = {
        "objective_id": id_arg("objective"),
        "content_type": choice_arg("type", CONTENT_TYPES),
        "network": choice_arg("network", company.offered_network_names()),
    }
    listing = services.shareable_items(**filters, page=request.args.get("page", 1, type=int))
    return render_template(
        "advocacy/index.html",
        listing=listing,
        filters=filters,
        objectives=objectives.objectives(),
        networks={network.name: network for network in company.offered_networks()},
        content_types=labels.CONTENT_TYPES,
        neutral=current_user.level == "objector",
    )


@blueprint.get("/items/<int:item_id>")
@person_required
def item(item_id: int):
    item = services.get_item(item_id)
    if reason := services.unavailability(item):
        mine = item.type == stories.STORY_TYPE and item.author_id == current_user.id
        if item.status != "published" and mine:
            return redirect(url_for("advocacy.story", story_id=item.id))
        # Gone for good when retired or past its window; not (yet) here otherwise.
        gone = services.item_state(item) in ("retired", "expired")
        return render_template(
            "advocacy/unavailable.html", item=item if gone else None, reason=reason
        ), (410 if gone else 404)
    return render_template(
        "advocacy/item.html",
        item=item,
        panels=panels.render(panels.HUB_ITEM, current_user, item),
        neutral=current_user.level == "objector",
    )


@blueprint.get("/stories/")
@person_required
def my_stories():
    return render_template(
        "advocacy/my_stories.html",
        stories=stories.my_stories(current_user),
        comment=stories.last_comment,
    )


@blueprint.route("/stories/new", methods=["GET", "POST"])
@person_required
def new_story():
    form = forms.StoryForm(objectives=objectives.objectives())
    if form.validate_on_submit():
        try:
            story = stories.submit(current_user, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("Thank you: your story is waiting for a champion's review."), "success")
            return redirect(url_for("advocacy.story", story_id=story.id))
    return render_template("advocacy/story_form.html", form=form, story=None)


@blueprint.get("/stories/<int:story_id>")
@person_required
def story(story_id: int):
    story = stories.get_story(story_id, current_user)
    return render_template("advocacy/story.html", story=story, comment=stories.last_comment(story))


@blueprint.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@person_required
def edit_story(story_id: int):
    story = stories.get_story(story_id, current_user)
    if story.author_id != current_user.id:
        abort(403)
    if story.status not in stories.EDITABLE or story.retired_at is not None:
        flash(_("This story is already published; ask a champion to change it."), "info")
        return redirect(url_for("advocacy.story", story_id=story.id))
    form = forms.StoryForm(
        objectives=objectives.objectives(),
        data={
            "title": story.title,
            "body": story.body,
            "url": story.url or "",
            "objective_id": story.objective_id,
        },
    )
    if form.validate_on_submit():
        try:
            stories.resubmit(current_user, story, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("Your story is submitted again for review."), "success")
            return redirect(url_for("advocacy.story", story_id=story.id))
    return render_template(
        "advocacy/story_form.html", form=form, story=story, comment=stories.last_comment(story)
    )
