"""A session factory on a file SQLite database and on a scratch PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.db import build_engine, build_session_factory, create_schema


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh empty database URL of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'repo.db'}"
    return request.getfixturevalue("new_pg_database")()


@pytest.fixture
def session_factory(db_url: str) -> Iterator:
    """Sessions on a database with the schema created."""
    engine = build_engine(db_url)
    create_schema(engine)
    yield build_session_factory(engine)
    engine.dispose()
