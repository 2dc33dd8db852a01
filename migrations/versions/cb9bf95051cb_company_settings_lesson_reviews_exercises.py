"""The company's settings, lessons' review dates, exercises and network conditions

The company's settings (company.yml) are stored once loaded; a guide version keeps the
hash of its file's text before they were filled in (until now the two were the same
text); a lesson records when its facts were reviewed, the networks it is about, whether
it is a practical exercise and when it was added; a question records its networks; a
path's course may be only for active users; a person's questionnaire may show active use.

Revision ID: cb9bf95051cb
Revises: e9b3c7d1f5a2
Create Date: 2026-12-07 22:05:44.233322

"""

import sqlalchemy as sa
from alembic import op

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)

revision = "cb9bf95051cb"
down_revision = "e9b3c7d1f5a2"
branch_labels = None
depends_on = None

# Lessons loaded before this revision count as there from the start: none shows as new.
LONG_AGO = "2000-01-01 00:00:00"
EXERCISE_KNOWN = "exercise IN ('draft')"


def _add(table: str, column: sa.Column) -> None:
    """Add a column in place: a batch copy would have to drop a table others refer to."""
    op.add_column(table, column)


def upgrade():
    op.create_table(
        "company_settings",
        sa.Column("id", ID_TYPE, autoincrement=False, nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("networks", sa.JSON(), nullable=False),
        sa.Column("confidential_terms", sa.JSON(), nullable=False),
        sa.Column("synced_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_company_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_settings")),
    )
    for table in ("guide_versions", "guide_translations"):
        _add(table, sa.Column("template_hash", sa.String(64), nullable=False, server_default=""))
        # Until now the stored text was the file's text: the two hashes are the same.
        op.execute(f"UPDATE {table} SET template_hash = content_hash")

    _add("lessons", sa.Column("reviewed_on", sa.Date(), nullable=True))
    _add("lessons", sa.Column("networks", sa.JSON(), nullable=False, server_default="[]"))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a constraint to a table, but a column may bring its own.
        op.execute(
            "ALTER TABLE lessons ADD COLUMN exercise VARCHAR(20) "
            f"CONSTRAINT ck_lessons_exercise_known CHECK ({EXERCISE_KNOWN})"
        )
    else:
        _add("lessons", sa.Column("exercise", sa.String(20), nullable=True))
        op.create_check_constraint(op.f("ck_lessons_exercise_known"), "lessons", EXERCISE_KNOWN)
    _add(
        "lessons",
        sa.Column("added_at", UTC_DATETIME, nullable=False, server_default=LONG_AGO),
    )
    _add(
        "path_courses",
        sa.Column("for_active_users", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _add("quiz_questions", sa.Column("networks", sa.JSON(), nullable=False, server_default="[]"))
    _add(
        "users",
        sa.Column("active_on_networks", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade():
    op.drop_column("users", "active_on_networks")
    op.drop_column("quiz_questions", "networks")
    op.drop_column("path_courses", "for_active_users")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_lessons_exercise_known"), "lessons", type_="check")
    # On SQLite the column's own constraint goes with it.
    for column in ("added_at", "exercise", "networks", "reviewed_on"):
        op.drop_column("lessons", column)
    for table in ("guide_versions", "guide_translations"):
        op.drop_column(table, "template_hash")
    op.drop_table("company_settings")
