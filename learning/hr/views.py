from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning.auth import services as accounts
from learning.errors import DomainError
from learning.familiarity import services as familiarity
from learning.hr import blueprint, forms, services
from learning.levels import level_label
from learning.security import roles_required


@blueprint.get("/")
@roles_required("hr", "admin")
def overview():
    return render_template("hr/overview.html", overview=services.overview())


@blueprint.get("/employees")
@roles_required("hr", "admin")
def employees():
    department = request.args.get("department", "").strip()[:120] or None
    search = request.args.get("q", "").strip()[: services.SEARCH_MAX_LENGTH] or None
    page = request.args.get("page", 1, type=int)
    return render_template(
        "hr/employees.html",
        listing=services.employees(page=page, department=department, search=search),
        department=department,
        search=search or "",
    )


@blueprint.route("/employees/<int:user_id>/level", methods=["GET", "POST"])
@roles_required("hr", "admin")
def override(user_id: int):
    employee = accounts.get_user(user_id)
    form = forms.OverrideForm(level=employee.level)
    if form.validate_on_submit():
        try:
            familiarity.override_level(current_user, employee, form.level.data, form.reason.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(
                _(
                    "%(name)s's level is now %(level)s.",
                    name=employee.name,
                    level=level_label(employee.level),
                ),
                "success",
            )
            return redirect(url_for("hr.employees"))
    return render_template(
        "hr/override.html",
        form=form,
        employee=employee,
        history=familiarity.history(employee),
    )


@blueprint.route("/accounts/new", methods=["GET", "POST"])
@roles_required("hr", "admin")
def new_account():
    grantable = accounts.grantable_roles(current_user)
    form = forms.NewAccountForm(grantable=grantable)
    invitation_url = None
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data,
                form.name.data,
                [form.role.data],
                department=form.department.data,
                by=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            invitation_url = url_for(
                "auth.accept_invitation", token=accounts.invitation_token(user), _external=True
            )
            flash(
                _(
                    "The account for %(name)s is created. Send them the invitation link.",
                    name=user.name,
                ),
                "success",
            )
            form = forms.NewAccountForm(formdata=None, grantable=grantable)
    return render_template("hr/new_account.html", form=form, invitation_url=invitation_url)
