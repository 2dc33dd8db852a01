"""The hub's forms. They read what was typed; the services decide what is acceptable
(`learning.advocacy.validation`), for the pages and the API alike, and a page shows each
refusal beside its field."""

from datetime import UTC

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Optional

from learning.advocacy import labels
from learning.advocacy.models import CONTENT_TYPES, FAMILIES, METRICS
from learning.networks import NETWORKS

NO_CHOICE = ""


def optional_id(value):
    return int(value) if value not in (NO_CHOICE, None) else None


def objective_choices(objectives, blank_label) -> list[tuple]:
    return [(NO_CHOICE, blank_label)] + [
        (objective.id, objective.title) for objective in objectives
    ]


class ObjectiveForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("e.g. Registrations for the Q3 launch event"))
    family = SelectField(
        _l("Family"), choices=[(family, labels.FAMILIES[family]) for family in FAMILIES]
    )
    description = TextAreaField(_l("Description"), description=_l("Markdown; optional."))
    target = IntegerField(
        _l("Target"),
        validators=[InputRequired(message=_l("Give the target, a whole number."))],
        description=_l("A whole number, e.g. 3000."),
    )
    metric = SelectField(
        _l("What the target counts"),
        choices=[(metric, labels.METRICS[metric]) for metric in METRICS],
    )
    starts_on = DateField(_l("Start date"), validators=[Optional()])
    due = DateField(_l("Due date"), validators=[InputRequired(message=_l("Give the due date."))])
    submit = SubmitField(_l("Save the objective"))

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "family": self.family.data,
            "description": self.description.data or "",
            "target": self.target.data,
            "metric": self.metric.data,
            "starts_on": self.starts_on.data,
            "due": self.due.data,
        }


def as_utc(value):
    """A date and time typed in the person's time zone, in UTC."""
    return to_utc(value).replace(tzinfo=UTC) if value else None


def local(value):
    """A stored UTC time, as the person's time zone shows it in a form."""
    return to_user_timezone(value).replace(tzinfo=None) if value else None


class _ItemFields(FlaskForm):
    """What a champion sets on an item, or on a story they approve."""

    title = StringField(_l("Title"))
    url = URLField(_l("Target URL"), description=_l("Where the links lead: https://…"))
    objective_id = SelectField(_l("Objective"), coerce=optional_id)
    body = TextAreaField(
        _l("Description"), description=_l("What it is about, in a few lines of Markdown.")
    )
    suggested_text = TextAreaField(
        _l("Suggested text"),
        description=_l("For every network; at most 3,000 characters (LinkedIn's limit)."),
    )
    available_from = DateTimeLocalField(
        _l("Available from"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Empty: from now."),
    )
    available_until = DateTimeLocalField(
        _l("Available until"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l("Empty: with no end."),
    )

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_id.choices = objective_choices(objectives, _l("Choose an objective"))

    def text_fields(self):
        return [self[f"text_{network}"] for network in NETWORKS]

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "url": self.url.data,
            "objective_id": self.objective_id.data,
            "body": self.body.data or "",
            "suggested_text": self.suggested_text.data or "",
            "texts": {network: self[f"text_{network}"].data or "" for network in NETWORKS},
            "available_from": as_utc(self.available_from.data),
            "available_until": as_utc(self.available_until.data),
        }

    def fill_texts(self, item) -> None:
        for network, text in item.texts.items():
            self[f"text_{network}"].data = text.text


# A text of its own for each network, where it differs from the suggested text.
for _name, _network in NETWORKS.items():
    setattr(
        _ItemFields,
        f"text_{_name}",
        TextAreaField(
            _l("Text for %(network)s", network=_network.label),
            description=_l(
                "Optional; at most %(limit)s characters.", limit=f"{_network.text_limit:,}"
            ),
        ),
    )


class ItemForm(_ItemFields):
    type = SelectField(
        _l("Content type"), choices=[(kind, labels.CONTENT_TYPES[kind]) for kind in CONTENT_TYPES]
    )
    submit = SubmitField(_l("Save the item"))

    def values(self) -> dict:
        return {**super().values(), "type": self.type.data}


class ReviewForm(_ItemFields):
    comment = TextAreaField(
        _l("Comment for the author"),
        description=_l("Required to send the story back: say what to change."),
    )
    approve = SubmitField(_l("Approve and publish"))
    send_back = SubmitField(_l("Send back with the comment"))


class StoryForm(FlaskForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Your story"), description=_l("Markdown: **bold**, lists, links."))
    url = URLField(
        _l("Link"), description=_l("Optional: where the story is published, if it already is.")
    )
    objective_id = SelectField(_l("Objective"), coerce=optional_id)
    submit = SubmitField(_l("Submit for review"))

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_id.choices = objective_choices(objectives, _l("None in particular"))

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "body": self.body.data or "",
            "url": (self.url.data or "").strip() or None,
            "objective_id": self.objective_id.data,
        }
