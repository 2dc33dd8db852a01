"""The advocacy report in the JSON API, for champions, HR and admins."""

from learning.analytics import services
from learning.analytics.periods import period_from
from learning.analytics.schemas import AdvocacyReportSchema, PeriodArgsSchema
from learning.api import feature_blueprint
from learning.api.auth import requires
from learning.api.errors import ApiErrorSchema
from learning.database import utcnow

blueprint = feature_blueprint(
    "analytics_api",
    __name__,
    "The advocacy report: shares, counted clicks and sign-ups, and the objectives.",
)


@blueprint.get("/reports/advocacy")
@requires("champion", "hr", "admin")
@blueprint.arguments(PeriodArgsSchema, location="query", as_kwargs=True)
@blueprint.response(200, AdvocacyReportSchema)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`invalid_date`: `from` or `to` is not a date YYYY-MM-DD, or from > to.",
)
def advocacy_report(start=None, to=None):
    """Shares, counted clicks and sign-ups over a period (default: the last 90 days),
    and each objective's progress."""
    return services.advocacy_report(period_from(start, to, utcnow().date()))
