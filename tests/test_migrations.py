"""The migrations build the schema of the models, triggers included, and undo it.

On SQLite each run uses a fresh file. On PostgreSQL (TEST_DATABASE_URL) a throwaway
database is created on the same server and dropped afterwards, so the schema the other
tests share is never touched.
"""

import logging.config
import os
import secrets
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from psycopg import sql

from learning import PROJECT_ROOT, create_app
from learning.auth import services as accounts
from learning.conduct.models import Acknowledgment, GuideVersion
from learning.extensions import db
from tests import conftest

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def _keep_logging(monkeypatch):
    """migrations/env.py reconfigures logging from alembic.ini; keep pytest's instead."""
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database for this test only."""
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = sa.engine.make_url(POSTGRES_URL)
    name = f"test_migrations_{secrets.token_hex(4)}"
    server = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _check_acknowledgments_are_immutable() -> None:
    user = accounts.create_user("ada@example.com", "Ada Lovelace", ["employee"])
    guide = GuideVersion(
        version=1,
        published_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        changes="First version.",
        sections=[],
        content_hash="0" * 64,
    )
    db.session.add(guide)
    db.session.flush()
    db.session.add(
        Acknowledgment(user_id=user.id, guide_version_id=guide.id, content_hash="0" * 64)
    )
    db.session.commit()
    for statement in (
        sa.update(Acknowledgment).values(content_hash="1" * 64),
        sa.delete(Acknowledgment),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="acknowledgments are never altered"):
            db.session.execute(statement)
        db.session.rollback()
    assert db.session.execute(sa.select(Acknowledgment.content_hash)).scalars().all() == ["0" * 64]


def _upgrade_check_and_downgrade(url: str, tmp_path) -> None:
    app = create_app(conftest.test_config(url, COURSES_DIR=str(tmp_path / "courses")))
    runner = app.test_cli_runner()
    with app.app_context():
        try:
            assert _tables() == set()
            upgraded = runner.invoke(args=["db", "upgrade"])
            assert upgraded.exit_code == 0, upgraded.output
            model_tables = {table.name for table in db.metadata.sorted_tables}
            assert _tables() == model_tables | {"alembic_version"}
            assert _differences() == []
            _check_acknowledgments_are_immutable()
            db.session.remove()

            downgraded = runner.invoke(args=["db", "downgrade", "base"])
            assert downgraded.exit_code == 0, downgraded.output
            assert _tables() <= {"alembic_version"}
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect() as connection:
                    functions = connection.execute(
                        sa.text("SELECT count(*) FROM pg_proc WHERE proname = :name"),
                        {"name": "acknowledgments_immutable"},
                    ).scalar()
                assert functions == 0

            # And up again: the migrations replay cleanly on what the downgrade left.
            again = runner.invoke(args=["db", "upgrade"])
            assert again.exit_code == 0, again.output
            assert _differences() == []
        finally:
            db.session.remove()
            db.engine.dispose()


def test_sqlite_from_empty_to_head_and_back(sqlite_url, tmp_path):
    _upgrade_check_and_downgrade(sqlite_url, tmp_path)


def test_postgresql_from_empty_to_head_and_back(postgres_url, tmp_path):
    _upgrade_check_and_downgrade(postgres_url, tmp_path)


def test_there_is_a_single_head():
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
