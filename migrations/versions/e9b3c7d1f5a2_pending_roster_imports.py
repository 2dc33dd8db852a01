"""The roster import: files waiting for HR's confirmation

An uploaded roster is kept, as text, between its preview and HR's confirmation, tied to
the person who uploaded it; it expires after ROSTER_IMPORT_TTL_MINUTES.

Revision ID: e9b3c7d1f5a2
Revises: d4f1a8c3e7b2
Create Date: 2026-11-25 00:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = "e9b3c7d1f5a2"
down_revision = "d4f1a8c3e7b2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "pending_roster_imports",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("whole_roster", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_roster_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_roster_imports")),
        sa.UniqueConstraint("key", name=op.f("uq_pending_roster_imports_key")),
    )
    with op.batch_alter_table("pending_roster_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_roster_imports_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("pending_roster_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_roster_imports_user_id"))
    op.drop_table("pending_roster_imports")
