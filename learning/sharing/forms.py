from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired


class ShareForm(FlaskForm):
    # Choices: the networks the company uses (see offer).
    network = RadioField(_l("Network"), validators=[InputRequired(message=_l("Choose a network."))])
    text = TextAreaField(
        _l("Your text"),
        description=_l("Edit it as you like: it is what you post, in your own name."),
    )
    # The network the text was suggested for: without the page's script, a text left as
    # suggested follows the network chosen (see views.share).
    suggested_for = HiddenField()
    submit = SubmitField(_l("Get my link"))

    def offer(self, networks) -> None:
        """Offer these networks (the company's, in its order)."""
        self.network.choices = [(network.name, network.label) for network in networks]
