"""Acknowledgments cannot be replaced (SQLite) or truncated (PostgreSQL); 64-bit ids

Revision ID: b5e1c0a7d9f2
Revises: cd7134245bc1
Create Date: 2026-11-30 10:12:41.207311

"""
from alembic import op
import sqlalchemy as sa

from learning.conduct.models import ACKNOWLEDGMENTS_ARE_FINAL


# revision identifiers, used by Alembic.
revision = 'b5e1c0a7d9f2'
down_revision = 'cd7134245bc1'
branch_labels = None
depends_on = None

# The triggers this revision adds; the others were installed by cd7134245bc1.
ADDED_TRIGGERS = {"sqlite": "acknowledgments_no_replace", "postgresql": "acknowledgments_no_truncate"}

# Every id, and every column referring to one. SQLite needs no change: its INTEGER
# PRIMARY KEY is the 64-bit rowid.
ID_COLUMNS = {
    "users": ("id", "manager_id"),
    "user_roles": ("user_id",),
    "login_sessions": ("id", "user_id"),
    "api_tokens": ("id", "user_id"),
    "guide_versions": ("id",),
    "acknowledgments": ("id", "user_id", "guide_version_id"),
    "courses": ("id",),
    "lessons": ("id", "course_id"),
    "quiz_questions": ("id", "course_id"),
    "quiz_choices": ("id", "question_id"),
    "learning_paths": ("id",),
    "path_courses": ("path_id", "course_id"),
    "level_assignments": ("id", "user_id", "assigned_by_id"),
    "lesson_completions": ("user_id", "lesson_id"),
    "quiz_attempts": ("id", "user_id", "course_id"),
    "course_completions": ("user_id", "course_id"),
}


def upgrade():
    dialect = op.get_bind().dialect.name
    _install_triggers(dialect, without=())
    if dialect == "postgresql":
        _set_id_type(sa.Integer(), sa.BigInteger(), "bigint")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _set_id_type(sa.BigInteger(), sa.Integer(), "integer")
    _install_triggers(dialect, without={ADDED_TRIGGERS[dialect]})


def _install_triggers(dialect, without):
    """Replace the acknowledgments' triggers with the current set, less `without`."""
    objects = ACKNOWLEDGMENTS_ARE_FINAL.objects(dialect)
    for schema_object in reversed(objects):
        op.execute(schema_object.drop)
    for schema_object in objects:
        if schema_object.name not in without:
            op.execute(schema_object.create)


def _set_id_type(existing_type, type_, sequence_type):
    for table, columns in ID_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=type_, existing_type=existing_type)
        if "id" in columns:
            # A serial column's sequence has a type of its own, which caps its values.
            op.execute(f"ALTER SEQUENCE {table}_id_seq AS {sequence_type}")
