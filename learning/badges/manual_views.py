"""The pages of awards by hand and of revocations (the rules are in `manual`)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from learning.badges import blueprint, manual
from learning.database import parse_id
from learning.errors import DomainError
from learning.security import roles_required

NO_CHOICE = ""


class AwardForm(FlaskForm):
    person = SelectField(
        _l("Person"),
        coerce=parse_id,
        validators=[InputRequired(message=_l("Choose the person."))],
        validate_choice=False,  # the service says who is in scope, for the page and the API
    )
    badge = SelectField(
        _l("Badge"),
        validators=[InputRequired(message=_l("Choose the badge."))],
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Why they deserve it"),
        description=_l(
            "Required, at most %(count)d characters. The person reads it, and it is the "
            "badge's evidence wherever they show it.",
            count=manual.REASON_LENGTH,
        ),
    )
    submit = SubmitField(_l("Award the badge"))


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        description=_l("Required. It is kept in the audit and given to whoever checks the badge."),
    )
    confirm = BooleanField(
        _l("I confirm: this badge is withdrawn, and stops being valid everywhere it is shown."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Revoke the badge"))


def _refused(form, error: DomainError) -> None:
    """A service's refusal beside the field it is about, or at the top of the page."""
    field = getattr(error, "field", None)
    if field and field in form:
        form[field].errors = [*form[field].errors, error.message]
    else:
        form.form_errors.append(error.message)


@blueprint.route("/award", methods=["GET", "POST"])
@roles_required(*manual.AWARDERS)
def award():
    form = AwardForm()
    people = manual.people_in_scope(current_user)
    badges = manual.manual_badges()
    form.person.choices = [(NO_CHOICE, _("Choose…"))] + [
        (person.id, f"{person.name} ({person.department})" if person.department else person.name)
        for person in people
    ]
    form.badge.choices = [(NO_CHOICE, _("Choose…"))] + [(b.slug, b.name) for b in badges]
    if form.validate_on_submit():
        try:
            given = manual.award_by_hand(
                current_user, form.badge.data, form.person.data, form.reason.data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            flash(
                _(
                    "%(name)s now holds “%(badge)s”.",
                    name=given.user.name,
                    badge=given.badge.name,
                ),
                "success",
            )
            return redirect(url_for("badges.award"))
    # A refused form is shown again (200) with what is wrong; nothing was written.
    return render_template(
        "badges/award_form.html",
        form=form,
        people=people,
        badges=badges,
        remaining=manual.remaining_allowance(current_user),
        cap=manual.monthly_cap(),
    )


@blueprint.route("/awards/<int:award_id>/revoke", methods=["GET", "POST"])
@roles_required(*manual.REVOKERS)
def revoke(award_id: int):
    given = manual.get_award(award_id)
    form = RevokeForm()
    if given.revoked_at is None and form.validate_on_submit():
        try:
            manual.revoke(current_user, given.id, form.reason.data)
        except DomainError as error:
            _refused(form, error)
        else:
            flash(
                _(
                    "“%(badge)s” is revoked for %(name)s.",
                    badge=given.badge.name,
                    name=given.user.name,
                ),
                "success",
            )
            return redirect(url_for("badges.audit"))
    elif form.is_submitted() and given.revoked_at is not None:
        form.form_errors.append(_("This award was already revoked."))
    return render_template("badges/award_revoke.html", form=form, award=given)
