"""The training coverage report in the JSON API, for HR and admins (and their systems)."""

from flask import g
from marshmallow import Schema, fields

from learning.api import feature_blueprint
from learning.api.auth import requires
from learning.api.errors import ApiErrorSchema
from learning.hr import coverage
from learning.levels import LEVELS

blueprint = feature_blueprint(
    "hr_reports_api",
    __name__,
    "Training coverage: diagnostic, levels, paths, the conduct guide, overdue people.",
)


class CoverageArgsSchema(Schema):
    # Plain strings: a bad value is the report's own 422 (`invalid_filter`), said in words.
    department = fields.String(load_default=None)
    site = fields.String(load_default=None)
    manager = fields.String(load_default=None, metadata={"description": "The manager's user id."})
    level = fields.String(load_default=None, metadata={"description": f"One of {LEVELS}."})
    hire_month = fields.String(load_default=None, metadata={"description": "YYYY-MM."})


class DepartmentCoverageSchema(Schema):
    department = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "null: no department, or the merged small departments."},
    )
    merged = fields.Boolean(
        required=True,
        metadata={
            "description": "Departments of fewer than SMALL_GROUP_MINIMUM people, counted "
            "together (never for an admin)."
        },
    )
    employees = fields.Integer(required=True)
    completed_path = fields.Integer(required=True)
    acknowledged_current_guide = fields.Integer(required=True)


class CoverageSchema(Schema):
    employees = fields.Integer(required=True, metadata={"description": "Active people."})
    diagnosed = fields.Integer(required=True)
    by_level = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    acknowledged_current_guide = fields.Integer(required=True)
    completed_path = fields.Integer(required=True)
    overdue = fields.Integer(
        required=True,
        metadata={"description": "Path not complete after the onboarding deadline."},
    )
    must_reacknowledge = fields.Integer(required=True)
    hidden = fields.Boolean(
        required=True,
        metadata={
            "description": "true: the filters leave fewer than SMALL_GROUP_MINIMUM people, "
            "so every figure is 0 (never for an admin)."
        },
    )
    by_department = fields.List(fields.Nested(DepartmentCoverageSchema), required=True)


@blueprint.get("/reports/coverage")
@requires("hr", "admin")
@blueprint.arguments(CoverageArgsSchema, location="query")
@blueprint.response(200, CoverageSchema)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`invalid_filter`: an unknown level, a manager not given by number, or a "
    "hire month not YYYY-MM.",
)
def coverage_report(args):
    """How many people took the diagnostic, at which level, completed their path,
    acknowledged the current guide, are overdue; and the same by department."""
    filters = coverage.filters_from({key: value for key, value in args.items() if value})
    report = coverage.coverage(filters, "department", see_small_groups=g.api_user.has_role("admin"))
    totals = report.totals
    return {
        "employees": totals.employees,
        "diagnosed": totals.diagnosed,
        "by_level": totals.by_level,
        "acknowledged_current_guide": totals.acknowledged_current_guide,
        "completed_path": totals.completed_path,
        "overdue": totals.overdue,
        "must_reacknowledge": totals.must_reacknowledge,
        "hidden": report.hidden,
        "by_department": [
            {
                "department": group.key or None,
                "merged": group.merged,
                "employees": group.employees,
                "completed_path": group.completed_path,
                "acknowledged_current_guide": group.acknowledged_current_guide,
            }
            for group in report.groups
        ],
    }
