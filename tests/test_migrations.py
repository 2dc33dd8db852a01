"""The migrations build the schema of the models, checks and triggers included, and undo it.

On SQLite each database is a fresh file. On PostgreSQL (TEST_DATABASE_URL) each is a
throwaway database created on the same server and dropped afterwards, so the schema the
other tests share is never touched.
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
from learning.auth.models import User, UserRole
from learning.conduct.models import ACKNOWLEDGMENTS_ARE_FINAL, Acknowledgment, GuideVersion
from learning.database import insert_ignoring_duplicates, one_of
from learning.extensions import db
from learning.roles import ROLES
from tests import conftest

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
REFUSED = "acknowledgments are never altered"
FIRST_HASH, OTHER_HASH = "0" * 64, "1" * 64
BEYOND_32_BITS = 2**31 + 1
# Direct SQL writing the stored acknowledgment again with another hash.
COLUMNS = "user_id, guide_version_id, content_hash, acknowledged_at"
ALTERED = f"user_id, guide_version_id, '{OTHER_HASH}', acknowledged_at FROM acknowledgments"
UPSERT = (
    f"INSERT INTO acknowledgments ({COLUMNS}) SELECT {ALTERED} WHERE true "
    "ON CONFLICT (user_id, guide_version_id) DO UPDATE SET content_hash = excluded.content_hash"
)


@pytest.fixture(autouse=True)
def _keep_logging(monkeypatch):
    """migrations/env.py reconfigures logging from alembic.ini; keep pytest's instead."""
    monkeypatch.setattr(logging.config, "fileConfig", lambda *args, **kwargs: None)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path):
    """Makes new, empty databases of one engine, for this test only."""
    if request.param == "sqlite":
        names = (f"sqlite:///{tmp_path / f'database{number}.sqlite3'}" for number in range(9))
        yield lambda: next(names)
        return
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = sa.engine.make_url(POSTGRES_URL)
    server = url.set(drivername="postgresql").render_as_string(hide_password=False)
    created = []

    def create() -> str:
        name = f"test_migrations_{secrets.token_hex(4)}"
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        created.append(name)
        return url.set(database=name).render_as_string(hide_password=False)

    yield create
    with psycopg.connect(server, autocommit=True) as connection:
        for name in created:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def _app(url: str, tmp_path):
    return create_app(conftest.test_config(url, COURSES_DIR=str(tmp_path / "courses")))


def _upgrade(app, revision: str = "head") -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade", revision])
    assert result.exit_code == 0, result.output


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _refused(statement) -> None:
    with pytest.raises(sa.exc.DatabaseError, match=REFUSED):
        db.session.execute(sa.text(statement) if isinstance(statement, str) else statement)
    db.session.rollback()


def _stored() -> list[tuple]:
    columns = (Acknowledgment.id, Acknowledgment.content_hash, Acknowledgment.acknowledged_at)
    return [tuple(row) for row in db.session.execute(sa.select(*columns))]


def _acknowledged_once(ids: int | None = None) -> Acknowledgment:
    """A person's acknowledgment of a first guide version; `ids` for the guide's and its own."""
    user = accounts.create_user("ada@example.com", "Ada Lovelace", ["employee"])
    guide = GuideVersion(
        id=ids,
        version=1,
        published_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        changes="First version.",
        sections=[],
        content_hash=FIRST_HASH,
        template_hash=FIRST_HASH,
    )
    db.session.add(guide)
    db.session.flush()
    acknowledgment = Acknowledgment(
        id=ids, user_id=user.id, guide_version_id=guide.id, content_hash=FIRST_HASH
    )
    db.session.add(acknowledgment)
    db.session.commit()
    return acknowledgment


def _check_acknowledgments_are_final() -> None:
    """Whatever SQL reaches the table, the first acknowledgment stays as it was."""
    acknowledgment = _acknowledged_once()
    user_id, guide_id = acknowledgment.user_id, acknowledgment.guide_version_id
    first = _stored()
    assert [content_hash for _, content_hash, _ in first] == [FIRST_HASH]
    _refused(sa.update(Acknowledgment).values(content_hash=OTHER_HASH))
    _refused(sa.delete(Acknowledgment))
    if db.engine.dialect.name == "sqlite":
        # Naming the existing id: refused outright.
        for verb in ("REPLACE", "INSERT OR REPLACE"):
            _refused(f"{verb} INTO acknowledgments (id, {COLUMNS}) SELECT id, {ALTERED}")
        # Meeting the existing (user, version): dropped, as ON CONFLICT DO NOTHING expects.
        for statement in (
            f"REPLACE INTO acknowledgments ({COLUMNS}) SELECT {ALTERED}",
            f"INSERT OR REPLACE INTO acknowledgments ({COLUMNS}) SELECT {ALTERED}",
            UPSERT,
        ):
            db.session.execute(sa.text(statement))
            db.session.commit()
    else:
        _refused(UPSERT)
        _refused("TRUNCATE acknowledgments")
        _refused("TRUNCATE users CASCADE")
    values = {"user_id": user_id, "guide_version_id": guide_id, "content_hash": OTHER_HASH}
    assert insert_ignoring_duplicates(db.session, Acknowledgment, **values) is False
    db.session.commit()
    assert _stored() == first


def test_from_empty_to_head_and_back(new_database, tmp_path):
    app = _app(new_database(), tmp_path)
    runner = app.test_cli_runner()
    with app.app_context():
        try:
            assert _tables() == set()
            _upgrade(app)
            model_tables = {table.name for table in db.metadata.sorted_tables}
            assert _tables() == model_tables | {"alembic_version"}
            assert _differences() == []
            _check_acknowledgments_are_final()
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
            _upgrade(app)
            assert _differences() == []
        finally:
            db.session.remove()
            db.engine.dispose()


def test_migrated_ids_go_beyond_32_bits(new_database, tmp_path):
    app = _app(new_database(), tmp_path)
    with app.app_context():
        try:
            _upgrade(app)
            _acknowledged_once(ids=BEYOND_32_BITS)
            db.session.remove()
            stored = db.session.get(Acknowledgment, BEYOND_32_BITS)
            assert stored.guide_version_id == BEYOND_32_BITS
        finally:
            db.session.remove()
            db.engine.dispose()


def test_there_is_a_single_head():
    assert len(_scripts().get_heads()) == 1


# What compare_metadata leaves out, read back from the server's catalogue: CHECK
# constraints, triggers and, on PostgreSQL, trigger functions and the id sequences' types;
# and the column types, so that a downgrade can be checked too.
CATALOGUE = {
    "sqlite": {
        "trigger": "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'",
    },
    "postgresql": {
        "trigger": "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace",
        "function": "SELECT '', proname, prosrc FROM pg_proc "
        "WHERE pronamespace = current_schema()::regnamespace",
        "sequence": "SELECT '', sequencename, data_type::text FROM pg_sequences "
        "WHERE schemaname = current_schema()",
    },
}


def _schema_rules() -> dict[tuple[str, str, str], str]:
    """{(kind, table, name): SQL as the server renders it, whitespace collapsed}."""
    rules = {}
    inspector = sa.inspect(db.engine)
    for table in set(inspector.get_table_names()) - {"alembic_version"}:
        for column in inspector.get_columns(table):
            rules["column", table, column["name"]] = str(column["type"])
        for check in inspector.get_check_constraints(table):
            rules["check", table, check["name"]] = " ".join(check["sqltext"].split())
    with db.engine.connect() as connection:
        for kind, query in CATALOGUE[db.engine.dialect.name].items():
            for table, name, definition in connection.execute(sa.text(query)):
                rules[kind, table, name] = " ".join(definition.split())
    return rules


def _schema_rules_after(build, url: str, tmp_path) -> dict[tuple[str, str, str], str]:
    app = _app(url, tmp_path)
    with app.app_context():
        try:
            build(app)
            return _schema_rules()
        finally:
            db.session.remove()
            db.engine.dispose()


def _declared(app) -> None:
    db.create_all()


def _mismatches(migrated: dict, declared: dict) -> list[tuple[str, str, str]]:
    return sorted(
        key for key in migrated.keys() | declared.keys() if migrated.get(key) != declared.get(key)
    )


def _declared_triggers(dialect: str) -> set[tuple[str, str, str]]:
    """The triggers the models ask for, table by table."""
    return {
        ("trigger", table.name, name)
        for table in db.metadata.sorted_tables
        if "append_only" in table.info
        for name in table.info["append_only"].trigger_names(dialect)
    }


def test_the_migrated_checks_and_triggers_are_the_models(new_database, tmp_path):
    """The models, built by create_all on the same engine, are the reference: both sides
    are written and read back by the same server, so their SQL compares as text."""
    migrated_url, declared_url = new_database(), new_database()
    migrated = _schema_rules_after(_upgrade, migrated_url, tmp_path)
    declared = _schema_rules_after(_declared, declared_url, tmp_path)
    assert _mismatches(migrated, declared) == []
    dialect = sa.engine.make_url(migrated_url).get_backend_name()
    assert {key for key in migrated if key[0] == "trigger"} == _declared_triggers(dialect)
    assert ("check", "user_roles", "ck_user_roles_role_known") in migrated


def test_the_comparison_sees_a_check_or_a_trigger_without_its_migration(
    new_database, tmp_path, monkeypatch
):
    migrated_url, declared_url = new_database(), new_database()
    dialect = sa.engine.make_url(migrated_url).get_backend_name()
    lost = ACKNOWLEDGMENTS_ARE_FINAL.objects(dialect)[-1]

    def upgrade_then_lose_a_trigger(app):
        _upgrade(app)
        with db.engine.begin() as connection:
            connection.execute(sa.text(lost.drop))

    # As if a role were added to learning/roles.py and no migration written for it.
    (role_known,) = [
        constraint
        for constraint in UserRole.__table__.constraints
        if isinstance(constraint, sa.CheckConstraint)
    ]
    monkeypatch.setattr(role_known, "sqltext", sa.text(one_of("role", (*ROLES, "auditor"))))

    migrated = _schema_rules_after(upgrade_then_lose_a_trigger, migrated_url, tmp_path)
    declared = _schema_rules_after(_declared, declared_url, tmp_path)
    assert _mismatches(migrated, declared) == [
        ("check", "user_roles", "ck_user_roles_role_known"),
        ("trigger", "acknowledgments", lost.name),
    ]
    assert {key for key in migrated if key[0] == "trigger"} != _declared_triggers(dialect)


def test_the_last_migration_downgrades_with_data(new_database, tmp_path):
    """Back to the revision before the last, rows in place, as that revision built it."""
    scripts = _scripts()
    previous = scripts.get_revision(scripts.get_current_head()).down_revision
    expected = _schema_rules_after(lambda app: _upgrade(app, previous), new_database(), tmp_path)
    app = _app(new_database(), tmp_path)
    with app.app_context():
        try:
            _upgrade(app)
            accounts.create_user("ada@example.com", "Ada Lovelace", ["employee"])
            db.session.commit()
            db.session.remove()
            downgraded = app.test_cli_runner().invoke(args=["db", "downgrade", previous])
            assert downgraded.exit_code == 0, downgraded.output
            assert _schema_rules() == expected
            _upgrade(app)
            assert _differences() == []
            assert db.session.execute(sa.select(User.email)).scalars().all() == ["ada@example.com"]
        finally:
            db.session.remove()
            db.engine.dispose()
