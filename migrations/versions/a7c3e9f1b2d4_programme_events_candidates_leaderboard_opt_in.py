"""Programme: events and their attendance, candidate champions' ratings, and the
leaderboard opt-in

Champions schedule events (a recurring one as its occurrences, sharing a series id) and
record who attended; HR and admins rate candidate champions 1 to 3 on four criteria (one
rating per candidate and rater); each person chooses whether the leaderboards show them
by name (off by default).

Revision ID: a7c3e9f1b2d4
Revises: 3b7d2f9a1c5e
Create Date: 2026-11-24 23:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)
CRITERIA = ("charismatic", "known", "recognised", "available")

# revision identifiers, used by Alembic.
revision = "a7c3e9f1b2d4"
down_revision = "3b7d2f9a1c5e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("leaderboard_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "programme_events",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("series_id", ID_TYPE, nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", UTC_DATETIME, nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=True),
        sa.Column("objective_id", ID_TYPE, nullable=True),
        sa.Column("recurrence", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", ID_TYPE, nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "kind IN ('training', 'quarterly_review', 'workshop')",
            name=op.f("ck_programme_events_kind_known"),
        ),
        sa.CheckConstraint(
            "audience IN ('everyone', 'department', 'objective')",
            name=op.f("ck_programme_events_audience_known"),
        ),
        sa.CheckConstraint(
            "recurrence IN ('none', 'monthly', 'quarterly')",
            name=op.f("ck_programme_events_recurrence_known"),
        ),
        sa.CheckConstraint(
            "length(trim(title)) > 0", name=op.f("ck_programme_events_title_not_blank")
        ),
        sa.CheckConstraint(
            "(audience = 'everyone' AND department IS NULL AND objective_id IS NULL)"
            " OR (audience = 'department' AND department IS NOT NULL AND objective_id IS NULL)"
            " OR (audience = 'objective' AND objective_id IS NOT NULL AND department IS NULL)",
            name=op.f("ck_programme_events_audience_target"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_programme_events_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_programme_events_objective_id_objectives"),
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["programme_events.id"],
            name=op.f("fk_programme_events_series_id_programme_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_events")),
    )
    with op.batch_alter_table("programme_events", schema=None) as batch_op:
        batch_op.create_index("ix_programme_events_starts_at", ["starts_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_programme_events_series_id"), ["series_id"], unique=False
        )
    op.create_table(
        "event_attendances",
        sa.Column("event_id", ID_TYPE, nullable=False),
        sa.Column("user_id", ID_TYPE, nullable=False),
        sa.Column("recorded_by_id", ID_TYPE, nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["programme_events.id"],
            name=op.f("fk_event_attendances_event_id_programme_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_event_attendances_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_event_attendances_user_id_users")
        ),
        sa.PrimaryKeyConstraint("event_id", "user_id", name=op.f("pk_event_attendances")),
    )
    with op.batch_alter_table("event_attendances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_attendances_user_id"), ["user_id"], unique=False)
    op.create_table(
        "candidate_ratings",
        sa.Column("id", ID_TYPE, nullable=False),
        sa.Column("candidate_id", ID_TYPE, nullable=False),
        sa.Column("rated_by_id", ID_TYPE, nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in CRITERIA),
        sa.Column("rated_at", UTC_DATETIME, nullable=False),
        *(
            sa.CheckConstraint(
                f"{name} BETWEEN 1 AND 3", name=op.f(f"ck_candidate_ratings_{name}_range")
            )
            for name in CRITERIA
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["users.id"], name=op.f("fk_candidate_ratings_candidate_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["rated_by_id"], ["users.id"], name=op.f("fk_candidate_ratings_rated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_ratings")),
        sa.UniqueConstraint(
            "candidate_id",
            "rated_by_id",
            name=op.f("uq_candidate_ratings_candidate_id_rated_by_id"),
        ),
    )
    with op.batch_alter_table("candidate_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_ratings_candidate_id"), ["candidate_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("candidate_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_ratings_candidate_id"))
    op.drop_table("candidate_ratings")
    with op.batch_alter_table("event_attendances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_attendances_user_id"))
    op.drop_table("event_attendances")
    with op.batch_alter_table("programme_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_events_series_id"))
        batch_op.drop_index("ix_programme_events_starts_at")
    op.drop_table("programme_events")
    # Not through a batch: on SQLite it would copy `users` and drop the original, which
    # the foreign keys of every table referring to it refuse. SQLite (3.35+) drops a
    # column in place.
    op.drop_column("users", "leaderboard_opt_in")
