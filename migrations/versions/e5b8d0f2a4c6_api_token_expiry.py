"""API tokens may expire

A token created with an expiry stops working then; the tokens made so far work until
revoked, as before.

Revision ID: e5b8d0f2a4c6
Revises: d4a7c9e1f3b5
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b8d0f2a4c6'
down_revision = 'd4a7c9e1f3b5'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite a CHECK constraint needs the table rebuilt: api_tokens has no triggers to lose.
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_api_tokens_expires_after_creation'),
            'expires_at IS NULL OR expires_at > created_at',
        )


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f('ck_api_tokens_expires_after_creation'), type_='check'
        )
        batch_op.drop_column('expires_at')
