from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired


class CompleteLessonForm(FlaskForm):
    submit = SubmitField(_l("Mark as done and continue"))


def quiz_form(questions, choices: dict) -> FlaskForm:
    """One radio group per question, its choices in the order given (question id to its
    choices); field names carry the question id."""

    class QuizForm(FlaskForm):
        submit = SubmitField(_l("Submit my answers"))

    for question in questions:
        setattr(
            QuizForm,
            f"q{question.id}",
            RadioField(
                question.text,
                choices=[(str(choice.id), choice.text) for choice in choices[question.id]],
                validators=[InputRequired(message=_l("Choose one answer."))],
            ),
        )
    return QuizForm()
