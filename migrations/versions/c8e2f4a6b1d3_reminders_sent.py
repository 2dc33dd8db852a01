"""HR: the record of reminders sent

Each reminder e-mail (an overdue path, a guide to acknowledge again, or both) is recorded
with its person and time; the weekly limit is counted from it.

Revision ID: c8e2f4a6b1d3
Revises: a7c3e9f1b2d4
Create Date: 2026-11-24 23:58:00.000000

"""

import sqlalchemy as sa
from alembic import op

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = "c8e2f4a6b1d3"
down_revision = "a7c3e9f1b2d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reminders",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("about_training", sa.Boolean(), nullable=False),
        sa.Column("about_guide", sa.Boolean(), nullable=False),
        sa.Column("sent_by_id", ID_TYPE, nullable=True),
        sa.Column("sent_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "about_training OR about_guide", name=op.f("ck_reminders_about_something")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["users.id"],
            name=op.f("fk_reminders_sent_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    op.create_index("ix_reminders_user_sent_at", "reminders", ["user_id", "sent_at"])


def downgrade():
    op.drop_index("ix_reminders_user_sent_at", table_name="reminders")
    op.drop_table("reminders")
