from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from learning import panels
from learning.auth import blueprint, forms, services
from learning.errors import DomainError
from learning.extensions import limiter
from learning.security import is_safe_next, landing_page, person_required


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_email_key() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


def _sign_in(user) -> None:
    # A fresh session on sign-in, so nothing set before it carries over.
    session.clear()
    services.start_session(user, request.user_agent.string)
    login_user(user)


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_email_key)
def login():
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
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
@limiter.limit(_login_limit, methods=["POST"])
def register():
    domains = current_app.config["SELF_REGISTRATION_DOMAINS"]
    if current_user.is_authenticated:
        return redirect(url_for("progress.dashboard"))
    form = forms.RegisterForm()
    if domains and form.validate_on_submit():
        try:
            user = services.register(form.email.data, form.name.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            _sign_in(user)
            flash(_("Welcome! Start with the short familiarity questionnaire."), "success")
            return redirect(url_for("familiarity.diagnostic"))
    return render_template("auth/register.html", form=form, domains=domains)


@blueprint.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
