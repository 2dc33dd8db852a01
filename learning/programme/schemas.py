"""What the leaderboard API takes and sends (and so the OpenAPI document)."""

from marshmallow import Schema, fields, validate

ID_RANGE = validate.Range(min=1, max=2**63 - 1)


class LeaderboardArgsSchema(Schema):
    # Plain strings: an unknown scope or period is the board's own 400, said in words.
    scope = fields.String(
        load_default="overall",
        metadata={"description": "`overall`, `department` (yours) or `objective`."},
    )
    period = fields.String(
        load_default="month",
        metadata={"description": "`month` (this calendar month, UTC), `quarter` or `all`."},
    )
    objective_id = fields.Integer(
        load_default=None,
        validate=ID_RANGE,
        metadata={"description": "The objective, for `scope=objective`."},
    )
    department = fields.String(
        load_default=None,
        validate=validate.Length(max=120),
        metadata={"description": "HR only: another department than their own."},
    )


class EntrySchema(Schema):
    rank = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    name = fields.String(required=True)
    department = fields.String(required=True)
    shares = fields.Integer(required=True)
    rewarded_shares = fields.Integer(
        required=True, metadata={"description": "Shares that earn points (a daily cap)."}
    )
    clicks = fields.Integer(required=True, metadata={"description": "Counted clicks (people)."})
    signups = fields.Integer(required=True, metadata={"description": "Attributed sign-ups."})
    points = fields.Integer(required=True)
    opted_in = fields.Boolean(required=True)
    is_viewer = fields.Boolean(
        required=True,
        metadata={"description": "Your own row; when you have not opted in, only you see it."},
    )


class WeightsSchema(Schema):
    share = fields.Integer(required=True)
    click = fields.Integer(required=True)
    signup = fields.Integer(required=True)
    shares_per_day = fields.Integer(required=True)


class LeaderboardSchema(Schema):
    scope = fields.String(required=True)
    period = fields.String(required=True)
    start = fields.Date(
        data_key="from", required=True, allow_none=True, metadata={"description": "null: all time"}
    )
    to = fields.Date(required=True)
    department = fields.String(required=True, allow_none=True)
    objective_id = fields.Integer(required=True, allow_none=True)
    entries = fields.List(fields.Nested(EntrySchema), required=True)
    me = fields.Nested(
        EntrySchema,
        required=True,
        allow_none=True,
        metadata={"description": "Your row when it is not among the entries (null: no points)."},
    )
    hidden = fields.Integer(
        required=True, metadata={"description": "Colleagues with points who are not shown."}
    )
    weights = fields.Nested(WeightsSchema, required=True)
