"""What the employees API sends and accepts. The schemas read the shapes; the roster's
checks (learning/hr/roster.py) judge the values, exactly as for a CSV line."""

from marshmallow import Schema, fields, validate

from learning.levels import LEVELS

TEXT = validate.Length(max=254)


class EmployeeInSchema(Schema):
    email = fields.String(required=True, validate=TEXT, metadata={"description": "the key"})
    name = fields.String(required=True, validate=validate.Length(max=120))
    department = fields.String(required=True, allow_none=True, validate=TEXT)
    site = fields.String(allow_none=True, validate=TEXT)
    manager_email = fields.String(
        allow_none=True,
        validate=TEXT,
        metadata={"description": "an employee already known, or null"},
    )
    hire_date = fields.Date(
        allow_none=True, metadata={"description": "at most a year ahead (pre-boarding)"}
    )
    level = fields.String(allow_none=True, validate=validate.OneOf(LEVELS))
    active = fields.Boolean(
        allow_none=True,
        metadata={"description": "false deactivates a leaver (kept, no longer signs in)"},
    )
    roles = fields.List(
        fields.String(validate=TEXT),
        validate=validate.Length(max=5),
        metadata={
            "description": 'only ["employee"]: other roles are given by an admin, and are '
            "refused with 403 role_not_grantable"
        },
    )


class EmployeeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    department = fields.String(required=True, allow_none=True)
    site = fields.String(required=True, allow_none=True)
    manager_email = fields.String(required=True, allow_none=True)
    hire_date = fields.Date(required=True, allow_none=True)
    level = fields.String(required=True, allow_none=True)
    active = fields.Boolean(required=True)
    roles = fields.List(fields.String(), required=True)


class EmployeeListSchema(Schema):
    employees = fields.List(fields.Nested(EmployeeSchema), required=True)
