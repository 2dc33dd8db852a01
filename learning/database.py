"""Declarative base, naming convention and column types shared by every model."""

from datetime import UTC, datetime

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
        type_annotation_map={datetime: UTCDateTime()},
    )


def configure_sqlite(dbapi_connection, connection_record) -> None:
    """WAL for concurrent readers, foreign keys enforced (SQLite leaves them off)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@sa.event.listens_for(sa.Engine, "connect")
def _on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        configure_sqlite(dbapi_connection, connection_record)


def insert_ignoring_duplicates(session, model, **values) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was written.

    The unique key decides, in the database, so two concurrent requests cannot both write.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # SQLAlchemy only promises a rowcount for UPDATE and DELETE unless asked to keep it
    # (psycopg reports -1 for an INSERT otherwise).
    statement = insert(model).values(**values).on_conflict_do_nothing()
    result = session.execute(statement.execution_options(preserve_rowcount=True))
    return result.rowcount == 1


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
