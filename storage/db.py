"""Engine and session factory from a DATABASE_URL, with the per-backend settings that matter."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]

# Enough pooled connections for the HTTP threads, listeners and the sweep together: SQLAlchemy's
# default of 5 made busy moments open and close connections per request (slow, and for SQLite
# each new connection re-runs the PRAGMAs). Per process: at most 24 connections.
POOL = {"pool_size": 8, "max_overflow": 16}
# A PostgreSQL server that does not answer must not hold a request past Slack's 3 s: give up
# connecting after 2 s (psycopg's shortest), unless the URL says `connect_timeout` itself.
PG_CONNECT_TIMEOUT_S = 2


def normalize_url(url: str) -> str:
    """Accept `postgres://` and `postgresql://` as operators write them and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def build_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets WAL and a busy timeout so threads and processes share it."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": 30}, **{**POOL, **kwargs})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cursor = dbapi_conn.cursor()
            if parsed.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Deleted rows are overwritten, not left in free pages: /oops forget means gone.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    connect_args = (
        {} if "connect_timeout" in parsed.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    )
    return create_engine(
        parsed, pool_pre_ping=True, connect_args=connect_args, **{**POOL, **kwargs}
    )


def build_session_factory(engine: Engine) -> SessionFactory:
    """Sessions whose loaded values stay readable after commit (views are built afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


def create_schema(engine: Engine) -> None:
    """Migrate the database to the newest schema (Alembic), creating it if empty."""
    from storage.migrate import upgrade_to_head

    upgrade_to_head(engine)


def flush_deleted(session_factory: SessionFactory) -> None:
    """On SQLite, fold the write-ahead log into the database file and empty it, so rows just
    deleted (with secure_delete) leave no copy in the -wal file; elsewhere nothing to do."""
    with session_factory() as s:
        if s.get_bind().dialect.name == "sqlite":
            s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
