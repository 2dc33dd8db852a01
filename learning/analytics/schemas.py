"""What the advocacy report API takes and sends, as marshmallow schemas (and so in the
OpenAPI document). The response dumps a `services.Report`."""

from marshmallow import Schema, fields


class PeriodArgsSchema(Schema):
    # Plain strings: a bad date is the report's own 422 (`invalid_date`), said in words.
    start = fields.String(
        data_key="from",
        load_default=None,
        metadata={
            "description": "First day (YYYY-MM-DD, UTC), included. Default: 89 days before `to`."
        },
    )
    to = fields.String(
        load_default=None,
        metadata={"description": "Last day (YYYY-MM-DD, UTC), included. Default: today."},
    )


class PeriodSchema(Schema):
    start = fields.Date(
        data_key="from", required=True, allow_none=True, metadata={"description": "null: all time"}
    )
    to = fields.Date(required=True)


class FiguresSchema(Schema):
    shares = fields.Integer(required=True)
    clicks = fields.Integer(required=True, metadata={"description": "Counted clicks (people)."})
    clicks_per_share = fields.Float(required=True)
    conversions = fields.Integer(required=True, metadata={"description": "Attributed sign-ups."})
    conversions_per_share = fields.Float(required=True)


class ItemFiguresSchema(FiguresSchema):
    item_id = fields.Integer(required=True)
    title = fields.String(required=True)
    type = fields.String(required=True)
    objective_id = fields.Integer(required=True, allow_none=True)
    objective = fields.String(required=True)


class NetworkFiguresSchema(FiguresSchema):
    network = fields.String(required=True)
    label = fields.String(required=True)


class TypeFiguresSchema(FiguresSchema):
    type = fields.String(required=True)
    label = fields.String(required=True)


class SharerSchema(FiguresSchema):
    user_id = fields.Integer(required=True)
    name = fields.String(required=True)
    department = fields.String(required=True)


class ConversionsSchema(Schema):
    attributed = fields.Integer(required=True)
    outside_window = fields.Integer(
        required=True,
        metadata={"description": "Reported, outside the attribution window: not counted."},
    )


class ReportTotalsSchema(Schema):
    shares = fields.Integer(required=True)
    sharers = fields.Integer(required=True)
    clicks = fields.Integer(required=True)
    visitors = fields.Integer(
        required=True, metadata={"description": "Distinct visitors per day, summed."}
    )
    conversions = fields.Integer(required=True)
    outside_window = fields.Integer(required=True)
    filtered = fields.Integer(
        required=True, metadata={"description": "Requests by bots, previews, HEAD, the sharer."}
    )


class ObjectiveProgressSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    family = fields.String(required=True)
    metric = fields.String(required=True, metadata={"description": "conversions, clicks or shares"})
    target = fields.Integer(required=True)
    achieved = fields.Integer(required=True)
    starts_on = fields.Date(required=True)
    due = fields.Date(required=True)
    forecast = fields.Integer(
        required=True, allow_none=True, metadata={"description": "At the rate so far, by `due`."}
    )
    status = fields.String(
        required=True, metadata={"description": "reached, on_track, behind, ended or not_started"}
    )


class AdvocacyReportSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True)
    totals = fields.Nested(ReportTotalsSchema, required=True)
    shares_by_content = fields.List(
        fields.Nested(ItemFiguresSchema), required=True, attribute="items"
    )
    clicks_by_network = fields.List(
        fields.Nested(NetworkFiguresSchema), required=True, attribute="networks"
    )
    conversions = fields.Nested(ConversionsSchema, required=True)
    by_content_type = fields.List(
        fields.Nested(TypeFiguresSchema), required=True, attribute="types"
    )
    top_sharers = fields.List(fields.Nested(SharerSchema), required=True)
    best_performers = fields.List(
        fields.Nested(SharerSchema),
        required=True,
        metadata={"description": "By sign-ups, then counted clicks."},
    )
    objectives = fields.List(fields.Nested(ObjectiveProgressSchema), required=True)
