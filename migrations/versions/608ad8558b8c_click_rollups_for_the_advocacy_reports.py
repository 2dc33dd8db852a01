"""Analytics: click rollups for the advocacy reports

The counted clicks of each finished day, per share and day (`click_rollups`), per share
over all its days (`share_clicks`, with the first and last of them), and per day with the
requests left out and the distinct visitors (`click_days`); `rollup_state` says how far
they go. A report brings them up to date itself. The period's shares are read by date
from an index holding what the report groups them by.

Revision ID: 608ad8558b8c
Revises: d60f09e7849d
Create Date: 2026-11-24 20:00:15.421777

"""

from alembic import op
import sqlalchemy as sa

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# revision identifiers, used by Alembic.
revision = "608ad8558b8c"
down_revision = "d60f09e7849d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "click_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("filtered", sa.Integer(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "clicks >= 0 AND filtered >= 0 AND visitors >= 0", name=op.f("ck_click_days_counts")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_click_days")),
    )
    op.create_table(
        "rollup_state",
        sa.Column("id", ID_TYPE, autoincrement=False, nullable=False),
        sa.Column("rolled_until", sa.Date(), nullable=True),
        sa.Column("last_click_id", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_rollup_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_state")),
    )
    op.create_table(
        "click_rollups",
        sa.Column("share_id", ID_TYPE, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.CheckConstraint("clicks > 0", name=op.f("ck_click_rollups_clicks_positive")),
        sa.ForeignKeyConstraint(
            ["share_id"], ["shares.id"], name=op.f("fk_click_rollups_share_id_shares")
        ),
        sa.PrimaryKeyConstraint("share_id", "day", name=op.f("pk_click_rollups")),
    )
    op.create_table(
        "share_clicks",
        sa.Column("share_id", ID_TYPE, nullable=False),
        sa.Column("item_id", ID_TYPE, nullable=False),
        sa.Column("network", sa.String(length=20), nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.CheckConstraint("clicks > 0", name=op.f("ck_share_clicks_clicks_positive")),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_share_clicks_days_ordered")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["content_items.id"], name=op.f("fk_share_clicks_item_id_content_items")
        ),
        sa.ForeignKeyConstraint(
            ["share_id"], ["shares.id"], name=op.f("fk_share_clicks_share_id_shares")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_share_clicks_user_id_users")
        ),
        sa.PrimaryKeyConstraint("share_id", name=op.f("pk_share_clicks")),
    )
    with op.batch_alter_table("share_clicks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_share_clicks_first_day_covering",
            ["first_day", "last_day", "item_id", "network", "user_id", "clicks"],
            unique=False,
        )
        batch_op.create_index(
            "ix_share_clicks_item_id_days",
            ["item_id", "first_day", "last_day", "clicks"],
            unique=False,
        )
        batch_op.create_index(
            "ix_share_clicks_last_day_first_day", ["last_day", "first_day"], unique=False
        )

    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.create_index(
            "ix_shares_created_at_item_id_network_user_id",
            ["created_at", "item_id", "network", "user_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("shares", schema=None) as batch_op:
        batch_op.drop_index("ix_shares_created_at_item_id_network_user_id")

    with op.batch_alter_table("share_clicks", schema=None) as batch_op:
        batch_op.drop_index("ix_share_clicks_last_day_first_day")
        batch_op.drop_index("ix_share_clicks_item_id_days")
        batch_op.drop_index("ix_share_clicks_first_day_covering")

    op.drop_table("share_clicks")
    op.drop_table("click_rollups")
    op.drop_table("rollup_state")
    op.drop_table("click_days")
