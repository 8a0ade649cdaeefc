"""Fixtures for the end-to-end tests."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, app_env) -> str:
    """The app's database: the default file SQLite, or a scratch PostgreSQL database.

    Ask for it before `start_app`, so a PostgreSQL database is dropped after the app stopped.
    """
    if request.param == "sqlite":
        return app_env["DATABASE_URL"]
    return request.getfixturevalue("new_pg_database")()
