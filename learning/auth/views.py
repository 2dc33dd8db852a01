from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from learning import panels
from learning.auth import blueprint, forms, registration, services, throttling
from learning.errors import DomainError
from learning.extensions import csrf
from learning.security import is_safe_next, landing_page, person_required, roles_required


def _sign_in(user) -> None:
    # A fresh session on sign-in, so nothing set before it carries over.
    session.clear()
    services.start_session(user, request.user_agent.string)
    login_user(user)


@blueprint.route("/login", methods=["GET", "POST"])
@throttling.sign_in_limits
def login():
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            throttling.note_failed_sign_in()
            flash(_("The e-mail or the password is not right."), "error")
        else:
            _sign_in(user)
            target = form.next.data
            return redirect(target if is_safe_next(target) else landing_page(user))
    return render_template(
        "auth/login.html",
        form=form,
        can_register=bool(current_app.config["SELF_REGISTRATION_DOMAINS"]),
    )


@blueprint.post("/logout")
@person_required
def logout():
    services.end_session(current_user.session_token)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/register", methods=["GET", "POST"])
@throttling.registration_limits
def register():
    domains = current_app.config["SELF_REGISTRATION_DOMAINS"]
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    form = forms.RegisterForm()
    if domains and form.validate_on_submit():
        try:
            address = registration.request_registration(form.email.data, form.name.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            # The same page whether the address is new or has an account already.
            return render_template(
                "auth/registration_sent.html",
                email=address,
                hours=current_app.config["REGISTRATION_LINK_MAX_AGE_HOURS"],
            )
    return render_template("auth/register.html", form=form, domains=domains)


@blueprint.route("/register/<token>", methods=["GET", "POST"])
@throttling.password_link_limits
def confirm_registration(token: str):
    address, name = registration.registration_for(token)
    form = forms.SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = registration.complete_registration(token, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            _sign_in(user)
            flash(_("Welcome! Start with the short familiarity questionnaire."), "success")
            return redirect(url_for("familiarity.diagnostic"))
    return render_template("auth/confirm_registration.html", form=form, email=address, name=name)


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
@throttling.password_link_limits
def accept_invitation(token: str):
    user = services.user_for_invitation(token)
    form = forms.SetPasswordForm()
    if form.validate_on_submit():
        try:
            user, _token = services.accept_invitation(token, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            session.clear()
            login_user(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("familiarity.diagnostic"))
    return render_template("auth/invitation.html", form=form, invited=user)


@blueprint.post("/language")
# No CSRF token: the switch sits on every page, signed-out ones included, and must not
# mint a session for each visitor. The session cookie is SameSite=Lax, so a post from
# another site comes without it: at worst it switches that visit's language.
@csrf.exempt
def language():
    """The language switch: the person's choice when signed in, the visit's otherwise.
    Back to the page it was pressed on (app.js keeps what that page's forms held)."""
    form = forms.LanguageForm()
    target = form.next.data if is_safe_next(form.next.data) else url_for("index")
    if not form.validate_on_submit():
        flash(_("Choose English or French."), "error")
        return redirect(target)
    if current_user.is_authenticated:
        services.choose_language(current_user, form.locale.data)
    else:
        session["locale"] = form.locale.data
    return redirect(target)


@blueprint.route("/profile", methods=["GET", "POST"])
@person_required
def profile():
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user, form.name.data, form.timezone.data, form.locale.data
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    return render_template(
        "auth/profile.html",
        form=form,
        password_form=forms.ChangePasswordForm(),
        panels=panels.render(panels.PROFILE, current_user),
    )


@blueprint.post("/password")
@person_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            # Every other browser is signed out; this one continues on its new session.
            session.clear()
            login_user(current_user._get_current_object())
            flash(_("Your password is changed; other devices are signed out."), "success")
            return redirect(url_for("auth.profile"))
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("auth.profile"))


@blueprint.route("/tokens", methods=["GET", "POST"])
@person_required
def tokens():
    form = forms.NewTokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            new_token = services.create_api_token(current_user, form.expires_in_days.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            form = forms.NewTokenForm(formdata=None)
    response = current_app.make_response(
        render_template(
            "auth/tokens.html",
            form=form,
            new_token=new_token,
            tokens=services.api_tokens_of(current_user),
        )
    )
    # The page may show a new token: no cache keeps a copy of it.
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/tokens/<int:token_id>/revoke")
@person_required
def revoke_token(token_id: int):
    token = services.revoke_api_token(current_user, token_id)
    flash(_("The token %(prefix)s… is revoked.", prefix=token.prefix), "success")
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("auth.tokens"))


@blueprint.get("/admin/tokens")
@roles_required("admin")
def all_tokens():
    return render_template("auth/all_tokens.html", tokens=services.usable_api_tokens())
