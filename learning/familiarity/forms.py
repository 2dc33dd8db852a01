from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired

from learning.familiarity import questionnaire


def diagnostic_form(questions=None, formdata=None) -> FlaskForm:
    """A form with one radio group per question, built from the questionnaire as it is
    asked (`questionnaire.asked()` unless given)."""

    class DiagnosticForm(FlaskForm):
        submit = SubmitField(_l("See my level"))

    for question in questions or questionnaire.asked():
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


class LevelChoiceForm(FlaskForm):
    """After a borderline result: the level is the value of the button pressed."""

    level = StringField(validators=[InputRequired(message=_l("Choose a level."))])
