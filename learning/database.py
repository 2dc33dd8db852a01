"""Declarative base, naming convention and column types shared by every model."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint that keeps a column within a list of values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# Every primary key id is `Mapped[Id]`: BIGINT on PostgreSQL, so ids never run out at
# 2^31 - 1 and a URL can carry any 64-bit id. On SQLite an INTEGER PRIMARY KEY is the
# rowid, already 64-bit; BIGINT would make it an ordinary column without automatic ids.
# A column with a ForeignKey takes the type of the column it refers to.
Id = Annotated[int, "64-bit id"]
ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def parse_id(text: object) -> int | None:
    """The id written in `text` (a query argument, a form value), or None. Only ASCII
    digits count ("²" is a digit to Python, not to int()), and at most 18 of them, which
    always fit a 64-bit id."""
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp on every backend.

    SQLite stores no offset, so values are normalised to UTC on the way in and
    marked as UTC on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = sa.orm.registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), Id: ID_TYPE},
    )


def configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers, foreign keys enforced (SQLite leaves them off).

    synchronous=NORMAL is what SQLite advises under WAL: a commit is written to the WAL
    before it returns, so it survives the application's crash; only a power cut or an
    operating-system crash can lose the last commits (the database stays consistent).
    FULL would also wait for the disk at every commit, which halves the tracked-link
    redirect's speed (benchmarks/redirect.py).
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@sa.event.listens_for(sa.Engine, "connect")
def _on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        configure_sqlite(dbapi_connection, connection_record)


def insert_ignoring_duplicates(session, model, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was written.

    The unique key decides, in the database, so two concurrent requests cannot both write.
    `session` may also be a Connection, for work done outside the ORM session.
    """
    bind = session if isinstance(session, sa.Connection) else session.get_bind()
    dialect = bind.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # SQLAlchemy only promises a rowcount for UPDATE and DELETE unless asked to keep it
    # (psycopg reports -1 for an INSERT otherwise).
    statement = insert(model).values(**values).on_conflict_do_nothing()
    result = session.execute(statement.execution_options(preserve_rowcount=True))
    return result.rowcount == 1


@dataclass(frozen=True)
class SchemaObject:
    """A trigger, or the function PostgreSQL triggers call: its DDL both ways."""

    name: str
    create: str
    drop: str
    is_trigger: bool = True


@dataclass(frozen=True)
class AppendOnly:
    """A table whose rows stay exactly as first written, whatever SQL reaches it.

    `key` is the table's unique natural key besides `id`. The triggers are the same for
    `create_all` (see `attach`) and for the migrations, which execute `objects(dialect)`.
    """

    table: str
    key: tuple[str, ...]

    @property
    def message(self) -> str:
        return f"{self.table} are never altered"

    def objects(self, dialect: str) -> list[SchemaObject]:
        """What to create, in order; drop in the reverse order."""
        if dialect == "postgresql":
            return self._postgresql()
        if dialect == "sqlite":
            return self._sqlite()
        raise ValueError(f"no append-only triggers for {dialect}")

    def trigger_names(self, dialect: str) -> set[str]:
        return {o.name for o in self.objects(dialect) if o.is_trigger}

    def attach(self, table: sa.Table) -> None:
        """Create the objects with the table in `create_all`, drop them in `drop_all`."""
        table.info["append_only"] = self  # what the schema tests expect of this table
        for dialect in ("sqlite", "postgresql"):
            objects = self.objects(dialect)
            for schema_object in objects:
                ddl = sa.DDL(schema_object.create).execute_if(dialect=dialect)
                sa.event.listen(table, "after_create", ddl)
            for schema_object in reversed(objects):
                ddl = sa.DDL(schema_object.drop).execute_if(dialect=dialect)
                sa.event.listen(table, "before_drop", ddl)

    def _sqlite(self) -> list[SchemaObject]:
        table, refuse = self.table, f"RAISE(ABORT, '{self.message}')"
        same_key = " AND ".join(f"{column} = NEW.{column}" for column in self.key)
        existing = f"SELECT 1 FROM {table} WHERE"  # noqa: S608 - names from the models, no input
        objects = [
            SchemaObject(
                f"{table}_no_{action.lower()}",
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT {refuse}; END",
                f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}",
            )
            for action in ("UPDATE", "DELETE")
        ]
        # REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing
        # DELETE triggers, and a statement's OR clause overrides any conflict clause the
        # table declares: only a BEFORE INSERT trigger stops it. That trigger cannot tell
        # REPLACE from ON CONFLICT DO NOTHING, which must stay a no-op, so a row meeting
        # an existing key is dropped, and one naming an existing id is refused.
        objects.append(
            SchemaObject(
                f"{table}_no_replace",
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} BEGIN SELECT CASE "
                f"WHEN EXISTS ({existing} id = NEW.id) THEN {refuse} "
                f"WHEN EXISTS ({existing} {same_key}) THEN RAISE(IGNORE) END; END",
                f"DROP TRIGGER IF EXISTS {table}_no_replace",
            )
        )
        return objects

    def _postgresql(self) -> list[SchemaObject]:
        function = f"{self.table}_immutable"
        return [
            SchemaObject(
                function,
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{self.message}'; END $$ LANGUAGE plpgsql",
                f"DROP FUNCTION IF EXISTS {function}()",
                is_trigger=False,
            ),
            SchemaObject(
                function,
                f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()",
                f"DROP TRIGGER IF EXISTS {function} ON {self.table}",
            ),
            # Row triggers do not fire on TRUNCATE, which empties the table at once.
            SchemaObject(
                f"{self.table}_no_truncate",
                f"CREATE TRIGGER {self.table}_no_truncate BEFORE TRUNCATE ON {self.table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
                f"DROP TRIGGER IF EXISTS {self.table}_no_truncate ON {self.table}",
            ),
        ]


@sa.event.listens_for(sa.Engine, "savepoint")
def _begin_before_savepoint(connection, name):
    """SQLite: open the transaction before a savepoint, so releasing it commits nothing.

    pysqlite begins a transaction only before a statement that changes data; a SAVEPOINT
    sent first would open the transaction itself, and its RELEASE would then commit
    everything done so far, in the middle of the unit of work.
    """
    dbapi_connection = connection.connection.dbapi_connection
    if type(dbapi_connection).__module__.startswith("sqlite3") and (
        not dbapi_connection.in_transaction
    ):
        dbapi_connection.execute("BEGIN")
