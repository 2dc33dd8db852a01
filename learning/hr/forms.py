from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
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


class RosterUploadForm(FlaskForm):
    file = FileField(
        _l("Roster file (CSV)"),
        validators=[FileRequired(_l("Choose a CSV file.")), FileAllowed(["csv", "txt"])],
        description=_l(
            "Columns: email, name, department, site, manager_email, hire_date, and optionally "
            "level and active (yes/no). Commas or semicolons; UTF-8 or Latin-1."
        ),
    )
    whole_roster = BooleanField(
        _l("This file is the whole roster"),
        description=_l(
            "Employees and champions not in the file are deactivated: they can no longer sign "
            "in, and their training history and badges stay."
        ),
    )
    submit = SubmitField(_l("Preview the import"))


class RosterConfirmForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Apply the valid lines"))
