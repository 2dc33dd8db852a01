"""Borderline results and the person's choice after them

A questionnaire result records the neighbouring level when it was borderline; the
person's choice after it is a level assignment of its own, `confirmed` (kept the level)
or `chosen` (took the neighbouring one).

Revision ID: f6c9e1a3b5d7
Revises: e5b8d0f2a4c6
Create Date: 2026-12-07 10:04:12.118503

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6c9e1a3b5d7'
down_revision = 'e5b8d0f2a4c6'
branch_labels = None
depends_on = None

# As they are at this revision, not as the code may define them later.
LEVELS = ("native", "late_adopter", "reluctant", "objector", "beginner")
SOURCES_BEFORE = ("diagnostic", "retake", "override", "import")
SOURCES = ("diagnostic", "retake", "confirmed", "chosen", "override", "import")


def one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    # On SQLite a batch copies the table into one with the new CHECKs; PostgreSQL alters it.
    with op.batch_alter_table('level_assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('neighbour_level', sa.String(length=20), nullable=True))
        batch_op.drop_constraint(op.f('ck_level_assignments_source_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_level_assignments_source_known'), one_of('source', SOURCES)
        )
        batch_op.create_check_constraint(
            op.f('ck_level_assignments_neighbour_level_known'), one_of('neighbour_level', LEVELS)
        )


def downgrade():
    # The earlier schema knows no choice: a level the person chose or kept after a
    # borderline result was set by them through the questionnaire, as a retake is.
    op.execute(
        "UPDATE level_assignments SET source = 'retake' WHERE source IN ('confirmed', 'chosen')"
    )
    with op.batch_alter_table('level_assignments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_level_assignments_neighbour_level_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_level_assignments_source_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_level_assignments_source_known'), one_of('source', SOURCES_BEFORE)
        )
        batch_op.drop_column('neighbour_level')
