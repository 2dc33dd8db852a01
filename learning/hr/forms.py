from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from learning.auth.services import DEPARTMENT_MAX_LENGTH, NAME_MAX_LENGTH
from learning.familiarity.services import REASON_MAX_LENGTH
from learning.levels import LEVELS, level_label

ROLE_LABELS = {
    "employee": _l("Employee"),
    "champion": _l("Champion"),
    "hr": _l("HR"),
    "admin": _l("Admin"),
}


class NewAccountForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)])
    email = EmailField(_l("Work e-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    department = StringField(
        _l("Department"), validators=[Optional(), Length(max=DEPARTMENT_MAX_LENGTH)]
    )
    role = SelectField(_l("Role"), default="employee")
    submit = SubmitField(_l("Create the account"))

    def __init__(self, *args, grantable: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [
            (role, label) for role, label in ROLE_LABELS.items() if role in grantable
        ]


class OverrideForm(FlaskForm):
    level = SelectField(_l("Level"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=REASON_MAX_LENGTH)],
        description=_l("Kept in the history and shown to the employee."),
    )
    submit = SubmitField(_l("Set the level"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [(level, level_label(level)) for level in LEVELS]
