from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import panels
from learning.conduct import blueprint, forms, services
from learning.errors import DomainError
from learning.security import person_required


@blueprint.get("/")
@person_required
def guide():
    return _guide_page(forms.AcknowledgeForm())


def _guide_page(form):
    return render_template("conduct/guide.html", status=services.status(current_user), form=form)


@blueprint.post("/<int:version>/acknowledge")
@person_required
def acknowledge(version: int):
    form = forms.AcknowledgeForm()
    if not form.validate_on_submit():
        # The guide again, with the error beside the box it is about.
        return _guide_page(form)
    try:
        services.acknowledge(current_user, version)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("conduct.guide"))
    flash(
        _("Thank you: you acknowledged version %(version)d of the conduct guide.", version=version),
        "success",
    )
    return redirect(url_for("progress.dashboard"))


@panels.panel(blueprint, panels.DASHBOARD, "conduct/_dashboard_panel.html", order=30)
def guide_panel(user) -> dict:
    return {"guide": services.status(user)}


@panels.panel(blueprint, panels.PROFILE, "conduct/_profile_panel.html", order=20)
def acknowledgments_panel(user) -> dict:
    return {"acknowledgments": services.acknowledgments(user)}
