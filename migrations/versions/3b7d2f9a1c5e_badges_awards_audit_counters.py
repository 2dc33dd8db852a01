"""Badges: definitions, awards, the audit of manual awards and revocations, each
person's running counters of clicks and sign-ups, and the reconciliation's watermark

Revision ID: 3b7d2f9a1c5e
Revises: 608ad8558b8c
Create Date: 2026-11-24 22:55:00.000000

"""

from alembic import op
import sqlalchemy as sa

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KINDS = (
    "guide_acknowledged",
    "course_completed",
    "path_completed",
    "shares",
    "networks",
    "clicks",
    "signups",
    "objective_reached",
    "monthly_streak",
    "manual",
)


def one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# revision identifiers, used by Alembic.
revision = "3b7d2f9a1c5e"
down_revision = "608ad8558b8c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "badges",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("criteria_kind", sa.String(length=30), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("parameter", sa.String(length=60), nullable=True),
        sa.Column("image", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            one_of("criteria_kind", KINDS), name=op.f("ck_badges_criteria_kind_known")
        ),
        sa.CheckConstraint(
            "threshold IS NULL OR threshold > 0", name=op.f("ck_badges_threshold_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badges")),
        sa.UniqueConstraint("slug", name=op.f("uq_badges_slug")),
    )
    op.create_table(
        "awards",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("badge_id", ID_TYPE, nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("awarded_by_id", ID_TYPE, nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", ID_TYPE, nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(revoked_at IS NULL) = (revocation_reason IS NULL)",
            name=op.f("ck_awards_revocation_explained"),
        ),
        sa.ForeignKeyConstraint(["badge_id"], ["badges.id"], name=op.f("fk_awards_badge_id_badges")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_awards_user_id_users")),
        sa.ForeignKeyConstraint(
            ["awarded_by_id"], ["users.id"], name=op.f("fk_awards_awarded_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_awards_revoked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awards")),
        sa.UniqueConstraint("badge_id", "user_id", name=op.f("uq_awards_badge_id_user_id")),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_awards_user_id_awarded_at", ["user_id", "awarded_at"], unique=False
        )
    op.create_table(
        "award_audit",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("award_id", ID_TYPE, nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("actor_id", ID_TYPE, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('awarded', 'revoked')", name=op.f("ck_award_audit_action_known")
        ),
        sa.ForeignKeyConstraint(
            ["award_id"], ["awards.id"], name=op.f("fk_award_audit_award_id_awards")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_award_audit_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_audit")),
    )
    with op.batch_alter_table("award_audit", schema=None) as batch_op:
        batch_op.create_index("ix_award_audit_award_id", ["award_id"], unique=False)
        batch_op.create_index("ix_award_audit_happened_at", ["happened_at"], unique=False)
    op.create_table(
        "badge_counters",
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("signups", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "clicks >= 0 AND signups >= 0", name=op.f("ck_badge_counters_counts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_badge_counters_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_badge_counters")),
    )
    op.create_table(
        "badge_watermark",
        sa.Column("id", ID_TYPE, autoincrement=False, nullable=False),
        sa.Column("last_click_id", sa.BigInteger(), nullable=False),
        sa.Column("last_conversion_id", sa.BigInteger(), nullable=False),
        sa.Column("last_share_id", sa.BigInteger(), nullable=False),
        sa.Column("objectives_reached", sa.JSON(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_badge_watermark_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_watermark")),
    )


def downgrade():
    op.drop_table("badge_watermark")
    op.drop_table("badge_counters")
    with op.batch_alter_table("award_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_award_audit_happened_at")
        batch_op.drop_index("ix_award_audit_award_id")
    op.drop_table("award_audit")
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_index("ix_awards_user_id_awarded_at")
    op.drop_table("awards")
    op.drop_table("badges")
