from marshmallow import Schema, fields


class PersonalDataSchema(Schema):
    """Every section of the person's data; the page `/privacy/my-data` says what each holds."""

    account = fields.Dict(required=True)
    level_assignments = fields.List(fields.Dict(), required=True)
    lessons_completed = fields.List(fields.Dict(), required=True)
    quiz_attempts = fields.List(fields.Dict(), required=True)
    courses_completed = fields.List(fields.Dict(), required=True)
    guide_acknowledgments = fields.List(fields.Dict(), required=True)
    shares = fields.List(fields.Dict(), required=True)
    stories = fields.List(fields.Dict(), required=True)
    badges = fields.List(fields.Dict(), required=True)
    events_attended = fields.List(fields.Dict(), required=True)
    candidate_ratings = fields.List(fields.Dict(), required=True)
    api_tokens = fields.List(fields.Dict(), required=True)
    login_sessions = fields.List(fields.Dict(), required=True)
    privacy_audit = fields.List(fields.Dict(), required=True)
    reminders_received = fields.List(fields.Dict(), required=True)
    drafts = fields.List(fields.Dict(), required=True)
