"""A person's language is their choice, or none

Every account was stored with "en" whether or not the person chose it, so neither the
browser's language nor the company's default could ever apply. The language now lives in
`chosen_locale`, null until the person chooses; a stored "fr" was a choice and is kept,
a stored "en" is taken as no choice.

Revision ID: a1e5c7b9d3f2
Revises: f2d8a4c6e0b1
Create Date: 2026-12-07 23:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "a1e5c7b9d3f2"
down_revision = "f2d8a4c6e0b1"
branch_labels = None
depends_on = None


def upgrade():
    # Added and dropped in place: a batch copy would have to drop a table others refer to.
    op.add_column("users", sa.Column("chosen_locale", sa.String(length=8), nullable=True))
    op.execute("UPDATE users SET chosen_locale = locale WHERE locale <> 'en'")
    op.drop_column("users", "locale")


def downgrade():
    op.add_column(
        "users",
        sa.Column("locale", sa.String(length=8), nullable=False, server_default="en"),
    )
    op.execute("UPDATE users SET locale = chosen_locale WHERE chosen_locale IS NOT NULL")
    op.drop_column("users", "chosen_locale")
