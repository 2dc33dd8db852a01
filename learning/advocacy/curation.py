"""The champions' pages: objectives, the items of the hub, and the review of stories."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.advocacy import blueprint, forms, labels, objectives, services, stories
from learning.advocacy.models import CONTENT_TYPES
from learning.advocacy.views import choice_arg, id_arg, refused
from learning.errors import DomainError
from learning.security import roles_required

CURATORS = ("champion", "admin")


@blueprint.get("/objectives/")
@roles_required(*CURATORS)
def objectives_list():
    return render_template("advocacy/objectives.html", objectives=objectives.objectives())


@blueprint.route("/objectives/new", methods=["GET", "POST"])
@roles_required(*CURATORS)
def new_objective():
    form = forms.ObjectiveForm()
    if form.validate_on_submit():
        try:
            objective = objectives.create_objective(current_user, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("The objective “%(title)s” is created.", title=objective.title), "success")
            return redirect(url_for("advocacy.objectives_list"))
    return render_template("advocacy/objective_form.html", form=form, objective=None)


@blueprint.route("/objectives/<int:objective_id>", methods=["GET", "POST"])
@roles_required(*CURATORS)
def edit_objective(objective_id: int):
    objective = objectives.get_objective(objective_id)
    form = forms.ObjectiveForm(obj=objective)
    if form.validate_on_submit():
        try:
            objectives.update_objective(objective, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("The objective “%(title)s” is saved.", title=objective.title), "success")
            return redirect(url_for("advocacy.objectives_list"))
    return render_template("advocacy/objective_form.html", form=form, objective=objective)


@blueprint.get("/manage")
@roles_required(*CURATORS)
def manage():
    filters = {
        "state": choice_arg("state", services.STATES),
        "objective_id": id_arg("objective"),
        "content_type": choice_arg("type", CONTENT_TYPES),
    }
    return render_template(
        "advocacy/manage.html",
        listing=services.all_items(**filters, page=request.args.get("page", 1, type=int)),
        filters=filters,
        objectives=objectives.objectives(),
        states=labels.STATES,
        content_types=labels.CONTENT_TYPES,
    )


@blueprint.route("/manage/items/new", methods=["GET", "POST"])
@roles_required(*CURATORS)
def new_item():
    form = forms.ItemForm(objectives=objectives.objectives())
    if form.validate_on_submit():
        try:
            item = services.create_item(current_user, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("“%(title)s” is in the hub.", title=item.title), "success")
            return redirect(url_for("advocacy.manage"))
    return render_template("advocacy/item_form.html", form=form, item=None)


def item_data(item) -> dict:
    """What a form about this item starts with, its times in the person's time zone."""
    data = {
        "title": item.title,
        "type": item.type,
        "url": item.url or "",
        "objective_id": item.objective_id,
        "body": item.body,
        "suggested_text": item.suggested_text,
        "available_from": forms.local(item.available_from),
        "available_until": forms.local(item.available_until),
    }
    data.update({f"text_{network}": text.text for network, text in item.texts.items()})
    return data


@blueprint.route("/manage/items/<int:item_id>", methods=["GET", "POST"])
@roles_required(*CURATORS)
def edit_item(item_id: int):
    item = services.get_item(item_id)
    form = forms.ItemForm(objectives=objectives.objectives(), data=item_data(item))
    if form.validate_on_submit():
        try:
            services.update_item(item, **form.values())
        except DomainError as error:
            refused(form, error)
        else:
            flash(_("“%(title)s” is saved.", title=item.title), "success")
            return redirect(url_for("advocacy.manage"))
    return render_template("advocacy/item_form.html", form=form, item=item)


@blueprint.post("/manage/items/<int:item_id>/retire")
@roles_required(*CURATORS)
def retire_item(item_id: int):
    item = services.retire(services.get_item(item_id))
    flash(
        _(
            "“%(title)s” is retired: it is no longer offered, and stays in the reports.",
            title=item.title,
        ),
        "success",
    )
    return redirect(url_for("advocacy.manage"))


@blueprint.get("/reviews/")
@roles_required(*CURATORS)
def reviews():
    return render_template("advocacy/reviews.html", stories=stories.queue())


@blueprint.route("/reviews/<int:story_id>", methods=["GET", "POST"])
@roles_required(*CURATORS)
def review(story_id: int):
    story = stories.get_story(story_id, current_user)
    # Offered from its approval unless the champion says otherwise, not from its writing.
    data = {**item_data(story), "available_from": None}
    form = forms.ReviewForm(objectives=objectives.objectives(), data=data)
    if story.status == "submitted" and form.validate_on_submit():
        try:
            if form.send_back.data:
                stories.send_back(current_user, story, form.comment.data)
                flash(_("The story is sent back to its author with your comment."), "success")
            elif form.approve.data:
                values = form.values()
                stories.approve(current_user, story, **values)
                flash(_("The story is published in the hub."), "success")
            else:
                flash(_("Approve the story, or send it back with a comment."), "error")
                return render_template("advocacy/review.html", form=form, story=story)
        except DomainError as error:
            refused(form, error)
        else:
            return redirect(url_for("advocacy.reviews"))
    return render_template("advocacy/review.html", form=form, story=story)
