"""Migrating an empty database gives exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import build_engine, create_schema
from storage.models import Base


def test_migrated_schema_matches_models(db_url):
    engine = build_engine(db_url)
    create_schema(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diffs == []
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
    engine.dispose()


def test_migrating_twice_is_a_no_op(db_url):
    engine = build_engine(db_url)
    create_schema(engine)
    create_schema(engine)
    engine.dispose()
