"""Each quiz question names the lesson that teaches its answer

A failed attempt links each wrong answer to that lesson instead of showing the right
choice. Questions loaded before this revision have no lesson until the next
`courses sync`, which reads it from quiz.yml.

Revision ID: d4a7c9e1f3b5
Revises: 662894d65d1b
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# BIGINT on PostgreSQL, INTEGER (the 64-bit rowid) on SQLite: the type of the ids referred to.
ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FOREIGN_KEY = "fk_quiz_questions_lesson_id_lessons"


# revision identifiers, used by Alembic.
revision = 'd4a7c9e1f3b5'
down_revision = '662894d65d1b'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a constraint to a table, but a column may bring its own; a batch
        # copy instead would have to drop a table that quiz choices refer to.
        op.execute(
            "ALTER TABLE quiz_questions ADD COLUMN lesson_id INTEGER "
            f"CONSTRAINT {FOREIGN_KEY} REFERENCES lessons (id)"
        )
        return
    op.add_column('quiz_questions', sa.Column('lesson_id', ID_TYPE, nullable=True))
    op.create_foreign_key(FOREIGN_KEY, 'quiz_questions', 'lessons', ['lesson_id'], ['id'])


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(FOREIGN_KEY, 'quiz_questions', type_='foreignkey')
    # On SQLite the column's own constraint goes with it.
    op.drop_column('quiz_questions', 'lesson_id')
