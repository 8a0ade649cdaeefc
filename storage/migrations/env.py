"""Alembic environment: runs against the connection storage.migrate hands over."""

from alembic import context

from storage.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate on the connection passed in `config.attributes` (see storage/migrate.py)."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `oops-bot migrate`")
run_migrations_online()
