from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class AcknowledgeForm(FlaskForm):
    confirm = BooleanField(
        _l("I have read this version of the conduct guide and I will follow it."),
        validators=[DataRequired(message=_l("Tick the box to acknowledge the guide."))],
    )
    submit = SubmitField(_l("Acknowledge"))
