"""The HR part of the JSON API: the employee roster, for an HR information system."""

from flask_babel import gettext as _

from learning.api import feature_blueprint
from learning.api.auth import current_api_user, requires
from learning.api.errors import ApiErrorSchema
from learning.errors import Forbidden
from learning.hr import roster
from learning.hr.schemas import EmployeeInSchema, EmployeeListSchema, EmployeeSchema

blueprint = feature_blueprint(
    "hr_api", __name__, "The employee roster: list, create or update by e-mail, deactivate leavers."
)

roster_keepers = requires("hr", "admin", "integration")
# What an upsert may grant: the other roles are an admin's to give, by hand.
GRANTABLE_ROLES = {"employee"}


def _employee(user, manager_email: str | None) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "department": user.department,
        "site": user.site,
        "manager_email": manager_email,
        "hire_date": user.hire_date,
        "level": user.level,
        "active": user.is_active,
        "roles": user.roles,
    }


@blueprint.get("/employees")
@roster_keepers
@blueprint.response(200, EmployeeListSchema)
def list_employees():
    """Every employee (active or not), by e-mail."""
    return {
        "employees": [
            _employee(user, manager_email) for user, manager_email in roster.employees_listing()
        ]
    }


@blueprint.post("/employees")
@roster_keepers
@blueprint.arguments(EmployeeInSchema)
@blueprint.response(200, EmployeeSchema, description="Updated (or unchanged).")
@blueprint.alt_response(201, schema=EmployeeSchema, description="Created; invited by e-mail.")
@blueprint.alt_response(
    403, schema=ApiErrorSchema, description="`role_not_grantable`: `roles` other than employee."
)
@blueprint.alt_response(
    422,
    schema=ApiErrorSchema,
    description="`invalid_employee`: a bad e-mail, an unknown manager, a manager cycle, a "
    "hire date more than a year ahead, a formula-like text, as for a CSV line.",
)
def upsert_employee(body):
    """Create or update one employee, keyed by e-mail."""
    refused = sorted(set(body.pop("roles", None) or []) - GRANTABLE_ROLES)
    if refused:
        raise Forbidden(
            _("You may not give the role %(roles)s.", roles=", ".join(refused)[:100]),
            code="role_not_grantable",
        )
    user, manager_email, created = roster.upsert_one(body, by=current_api_user())
    return _employee(user, manager_email), 201 if created else 200
