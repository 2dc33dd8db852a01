from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from learning.familiarity import questionnaire
from learning.familiarity.services import REASON_MAX_LENGTH
from learning.levels import LEVELS, level_label


def diagnostic_form(formdata=None) -> FlaskForm:
    """A form with one radio group per question, built from the questionnaire."""

    class DiagnosticForm(FlaskForm):
        submit = SubmitField(_l("See my level"))

    for question in questionnaire.QUESTIONS:
        setattr(
            DiagnosticForm,
            question.id,
            RadioField(
                question.text,
                choices=[(choice.id, choice.text) for choice in question.choices],
                validators=[InputRequired(message=_l("Choose one answer."))],
            ),
        )
    return DiagnosticForm(formdata=formdata) if formdata is not None else DiagnosticForm()


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
