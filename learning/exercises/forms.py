from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired


class DraftForm(FlaskForm):
    # Choices: the networks the company uses (see offer). The service says why another
    # network is refused, so the field does not check the choice itself.
    network = SelectField(
        _l("Network"),
        validators=[InputRequired(message=_l("Choose a network."))],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Your draft post"),
        description=_l("Private to you: nothing is posted, and nobody else reads it."),
        render_kw={"rows": 8},
    )
    submit = SubmitField(_l("Check my draft"))

    def offer(self, networks) -> None:
        """Offer these networks (the company's, in its order), each with its limit."""
        self.network.choices = [
            (
                network.name,
                _l(
                    "%(network)s (at most %(limit)s characters)",
                    network=network.label,
                    limit=format_decimal(network.text_limit),
                ),
            )
            for network in networks
        ]
