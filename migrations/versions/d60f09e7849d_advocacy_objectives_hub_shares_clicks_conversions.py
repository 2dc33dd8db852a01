"""Advocacy: objectives, the content hub, shares, clicks and conversions

Objectives with a measurable target; hub items with per-network texts and the reviews
of employees' stories; each person's tracked links (shares), the clicks through them
(no address kept: a keyed hash whose key, one per day, is deleted after its day) and
the sign-ups reported for them, one per reference.

Revision ID: d60f09e7849d
Revises: f6c9e1a3b5d7
Create Date: 2026-11-24 19:35:45.116517

"""

from alembic import op
import sqlalchemy as sa

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)


# revision identifiers, used by Alembic.
revision = "d60f09e7849d"
down_revision = "f6c9e1a3b5d7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "visitor_keys",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_visitor_keys")),
    )
    op.create_table(
        "objectives",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("family", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=20), server_default="conversions", nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("created_by_id", ID_TYPE, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "family IN ('awareness', 'campaigns', 'talent')",
            name=op.f("ck_objectives_family_known"),
        ),
        sa.CheckConstraint(
            "metric IN ('conversions', 'clicks', 'shares')", name=op.f("ck_objectives_metric_known")
        ),
        sa.CheckConstraint("target > 0", name=op.f("ck_objectives_target_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_objectives_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
    )
    op.create_table(
        "content_items",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("suggested_text", sa.Text(), nullable=False),
        sa.Column("objective_id", ID_TYPE, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("available_from", UTC_DATETIME, nullable=False),
        sa.Column("available_until", UTC_DATETIME, nullable=True),
        sa.Column("retired_at", UTC_DATETIME, nullable=True),
        sa.Column("author_id", ID_TYPE, nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "status != 'published' OR (url IS NOT NULL AND objective_id IS NOT NULL)",
            name=op.f("ck_content_items_published_is_complete"),
        ),
        sa.CheckConstraint(
            "status IN ('submitted', 'changes_requested', 'published')",
            name=op.f("ck_content_items_status_known"),
        ),
        sa.CheckConstraint(
            "type IN ('press_release', 'case_study', 'product_review', 'employee_story', 'web_article', 'job_offer', 'event')",
            name=op.f("ck_content_items_type_known"),
        ),
        sa.CheckConstraint(
            "available_until IS NULL OR available_until > available_from",
            name=op.f("ck_content_items_window_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_content_items_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_content_items_objective_id_objectives"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_items")),
    )
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_content_items_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_content_items_objective_id"), ["objective_id"], unique=False
        )
        batch_op.create_index(
            "ix_content_items_status_available_from", ["status", "available_from"], unique=False
        )

    op.create_table(
        "item_reviews",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("item_id", ID_TYPE, nullable=False),
        sa.Column("reviewer_id", ID_TYPE, nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("reviewed_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "decision = 'approved' OR length(comment) > 0",
            name=op.f("ck_item_reviews_sent_back_with_comment"),
        ),
        sa.CheckConstraint(
            "decision IN ('approved', 'changes_requested')",
            name=op.f("ck_item_reviews_decision_known"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["content_items.id"],
            name=op.f("fk_item_reviews_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_item_reviews_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_reviews")),
    )
    with op.batch_alter_table("item_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_reviews_item_id"), ["item_id"], unique=False)

    op.create_table(
        "item_texts",
        sa.Column("item_id", ID_TYPE, nullable=False),
        sa.Column("network", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "network IN ('linkedin', 'x', 'facebook', 'instagram', 'whatsapp', 'email')",
            name=op.f("ck_item_texts_network_known"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["content_items.id"],
            name=op.f("fk_item_texts_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "network", name=op.f("pk_item_texts")),
    )
    op.create_table(
        "shares",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("item_id", ID_TYPE, nullable=False),
        sa.Column("network", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "network IN ('linkedin', 'x', 'facebook', 'instagram', 'whatsapp', 'email')",
            name=op.f("ck_shares_network_known"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["content_items.id"], name=op.f("fk_shares_item_id_content_items")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_shares_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shares")),
        sa.UniqueConstraint("code", name=op.f("uq_shares_code")),
    )
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.create_index(
            "ix_shares_item_id_created_at", ["item_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_shares_user_id_created_at", ["user_id", "created_at"], unique=False
        )

    op.create_table(
        "clicks",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("share_id", ID_TYPE, nullable=False),
        sa.Column("clicked_at", UTC_DATETIME, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("visitor", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "kind IN ('person', 'bot', 'preview', 'head', 'self')",
            name=op.f("ck_clicks_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["share_id"], ["shares.id"], name=op.f("fk_clicks_share_id_shares")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clicks")),
    )
    with op.batch_alter_table("clicks", schema=None) as batch_op:
        batch_op.create_index("ix_clicks_clicked_at", ["clicked_at"], unique=False)
        batch_op.create_index(
            "ix_clicks_share_id_clicked_at", ["share_id", "clicked_at"], unique=False
        )

    op.create_table(
        "conversions",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("share_id", ID_TYPE, nullable=False),
        sa.Column("reported_at", UTC_DATETIME, nullable=False),
        sa.Column("attributed", sa.Boolean(), nullable=False),
        sa.Column("reported_by_id", ID_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"], name=op.f("fk_conversions_reported_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["share_id"], ["shares.id"], name=op.f("fk_conversions_share_id_shares")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversions")),
        sa.UniqueConstraint("reference", name=op.f("uq_conversions_reference")),
    )
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversions_reported_at"), ["reported_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_conversions_share_id"), ["share_id"], unique=False)


def downgrade():
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversions_share_id"))
        batch_op.drop_index(batch_op.f("ix_conversions_reported_at"))

    op.drop_table("conversions")
    with op.batch_alter_table("clicks", schema=None) as batch_op:
        batch_op.drop_index("ix_clicks_share_id_clicked_at")
        batch_op.drop_index("ix_clicks_clicked_at")

    op.drop_table("clicks")
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.drop_index("ix_shares_user_id_created_at")
        batch_op.drop_index("ix_shares_item_id_created_at")

    op.drop_table("shares")
    op.drop_table("item_texts")
    with op.batch_alter_table("item_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_reviews_item_id"))

    op.drop_table("item_reviews")
    with op.batch_alter_table("content_items", schema=None) as batch_op:
        batch_op.drop_index("ix_content_items_status_available_from")
        batch_op.drop_index(batch_op.f("ix_content_items_objective_id"))
        batch_op.drop_index(batch_op.f("ix_content_items_author_id"))

    op.drop_table("content_items")
    op.drop_table("objectives")
    op.drop_table("visitor_keys")
