from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from learning.auth.services import (
    NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    TOKEN_MAX_DAYS,
)

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)]
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class NewPasswordMixin:
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH)],
        description=_l("At least %(count)d characters.", count=PASSWORD_MIN_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    submit = SubmitField(_l("Set my password"))


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_MAX_LENGTH)]
    )
    submit = SubmitField(_l("Change password"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)])
    email = EmailField(
        _l("Work e-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("We send a link to this address; you choose your password there."),
    )
    submit = SubmitField(_l("Send me the link"))


class NewTokenForm(FlaskForm):
    expires_in_days = IntegerField(
        _l("Expires after (days)"),
        validators=[Optional(), NumberRange(min=1, max=TOKEN_MAX_DAYS)],
        description=_l("Leave empty for a token that works until you revoke it."),
    )
    submit = SubmitField(_l("Create a token"))


class LanguageForm(FlaskForm):
    """The language switch at the foot of every page (no CSRF token: see views.language)."""

    class Meta:
        csrf = False

    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    next = HiddenField()


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)])
    timezone = SelectField(_l("Time zone"), choices=[], validators=[DataRequired()])
    # "" is no choice: the browser's language, then the company's.
    locale = SelectField(
        _l("Language"),
        choices=[("", _l("My browser's language")), *LANGUAGE_CHOICES],
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = sorted(available_timezones())
