"""The privacy audit, and the recipient identity an award keeps after anonymisation

Revision ID: d4f1a8c3e7b2
Revises: c8e2f4a6b1d3
Create Date: 2026-11-24 23:55:00.000000

"""

from alembic import op
import sqlalchemy as sa

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)

# revision identifiers, used by Alembic.
revision = "d4f1a8c3e7b2"
down_revision = "c8e2f4a6b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "privacy_audit",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor_id", ID_TYPE, nullable=False),
        sa.Column("subject_id", ID_TYPE, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "action IN ('download', 'anonymisation')", name=op.f("ck_privacy_audit_action_known")
        ),
        sa.CheckConstraint(
            "action <> 'anonymisation' OR length(trim(reason)) > 0",
            name=op.f("ck_privacy_audit_anonymisation_explained"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_privacy_audit_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["users.id"], name=op.f("fk_privacy_audit_subject_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_audit")),
    )
    with op.batch_alter_table("privacy_audit", schema=None) as batch_op:
        batch_op.create_index("ix_privacy_audit_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_privacy_audit_subject_id"), ["subject_id"], unique=False
        )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_identity", sa.String(length=71), nullable=True))


def downgrade():
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_column("recipient_identity")
    with op.batch_alter_table("privacy_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_audit_subject_id"))
        batch_op.drop_index("ix_privacy_audit_created_at")
    op.drop_table("privacy_audit")
