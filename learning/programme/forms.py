"""The programme's forms. They read what was typed; the services decide what is
acceptable, and a page shows each refusal beside its field."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Optional

from learning.advocacy.forms import as_utc, objective_choices, optional_id
from learning.database import parse_id
from learning.programme.candidates import CRITERION_LABELS
from learning.programme.events import AUDIENCE_LABELS, KIND_LABELS, RECURRENCE_LABELS
from learning.programme.models import CRITERIA, HIGHEST, LOWEST


class OptInForm(FlaskForm):
    opted_in = BooleanField(_l("Show me by name on the leaderboards"))
    submit = SubmitField(_l("Save my choice"))


class EventForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    title = StringField(_l("Title"), description=_l("e.g. Sharing clinic: LinkedIn basics"))
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("In your time zone; in the future."),
    )
    recurrence = SelectField(_l("Repeats"), choices=list(RECURRENCE_LABELS.items()))
    # The service names an unknown audience in words.
    audience = SelectField(
        _l("Audience"), choices=list(AUDIENCE_LABELS.items()), validate_choice=False
    )
    department = SelectField(_l("Department (for a department's event)"), choices=[])
    objective_id = SelectField(
        _l("Objective (for its sharers)"), coerce=optional_id, validate_choice=False
    )
    submit = SubmitField(_l("Schedule the event"))

    def __init__(self, *args, objectives=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_id.choices = objective_choices(objectives, _l("Choose an objective"))
        self.department.choices = [("", _l("Choose a department"))] + [
            (name, name) for name in departments
        ]
        # The service says which department is unknown, in words.
        self.department.validate_choice = False

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "starts_at": as_utc(self.starts_at.data),
            "recurrence": self.recurrence.data,
            "audience": self.audience.data,
            "department": self.department.data,
            "objective_id": self.objective_id.data,
        }


SCORE_CHOICES = [(str(value), str(value)) for value in range(LOWEST, HIGHEST + 1)]


class RatingForm(FlaskForm):
    candidate = EmailField(_l("Candidate's e-mail address"))
    submit = SubmitField(_l("Save the rating"))

    def scores(self) -> dict:
        values = {}
        for name in CRITERIA:
            raw = self[name].data
            values[name] = parse_id(raw)
        return values


for _name in CRITERIA:
    setattr(
        RatingForm,
        _name,
        RadioField(CRITERION_LABELS[_name], choices=SCORE_CHOICES, validate_choice=False),
    )
