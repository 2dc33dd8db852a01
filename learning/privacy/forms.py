from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from learning.privacy.models import REASON_MAX_LENGTH


class AnonymiseForm(FlaskForm):
    person = SelectField(
        _l("Former employee"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose the person."))],
        description=_l("Only deactivated employees who are not anonymised yet are listed."),
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Give the reason for the anonymisation.")),
            Length(max=REASON_MAX_LENGTH),
        ],
        description=_l("Kept in the privacy audit, e.g. the date and channel of the request."),
    )
    confirm = BooleanField(
        _l(
            "I confirm: their name, e-mail and texts are erased for good; their figures stay"
            " in the reports, without their name."
        ),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Anonymise"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [(person.id, f"{person.name} ({person.email})") for person in people]
