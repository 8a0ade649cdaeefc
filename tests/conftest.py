"""Shared fixtures: the fake Slack, the real app in a subprocess, a scratch PostgreSQL database."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

# Test helpers import as `support.*` whichever pytest import mode is in use.
TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from support.app_process import AppProcess  # noqa: E402
from support.fake_slack import FakeSlack  # noqa: E402
from support.outside_repo import skip_unless_ci  # noqa: E402

SIGNING_SECRET = "test-signing-secret-8f0c1e"
BOT_TOKEN = "xoxb-test"
# Admin connections to try, in order; TEST_POSTGRES_URL points elsewhere when needed.
PG_ADMIN_URLS = (
    "postgresql://postgres@127.0.0.1:5432/test",
    "postgresql://root@127.0.0.1:5432/test",
)
LOG_TAIL_LINES = 200


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a PostgreSQL fixture as `postgres`."""
    for item in items:
        if {"pg_url", "new_pg_database"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A fresh fake Slack Web API, running for this test."""
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def signing_secret() -> str:
    """The signing secret the app under test is started with."""
    return SIGNING_SECRET


@pytest.fixture
def app_env(tmp_path: Path, fake_slack: FakeSlack, signing_secret: str) -> dict[str, str]:
    """Environment for the app: the fake Slack, a file SQLite DB, no working hours, long delays."""
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'oops.db'}",
        "OOPS_WORKING_HOURS": "off",
        "OOPS_SCHEDULER_INTERVAL": "1",
        # Long enough that no nudge falls due unless a test shortens a delay.
        "OOPS_REFLECTION_DELAY": "1d",
        "OOPS_PREVENTION_DELAY": "3d",
        "OOPS_FOLLOWUP_DELAY": "14d",
    }


@pytest.fixture
def start_app(app_env: dict[str, str], tmp_path: Path) -> Iterator[Callable[..., AppProcess]]:
    """Factory: `start_app(wait=True, port=None, **ENV_OVERRIDES)` runs app.py until teardown."""
    started: list[AppProcess] = []

    def start(*, wait: bool = True, port: int | None = None, **overrides: str) -> AppProcess:
        app = AppProcess(
            {**app_env, **overrides},
            port=port,
            log_path=tmp_path / f"app-{len(started) + 1}.log",
        )
        started.append(app)
        return app.start(wait=wait)

    yield start
    for app in started:
        app.stop()
        # Shown by pytest only when the test fails.
        tail = "\n".join(app.log_text().splitlines()[-LOG_TAIL_LINES:])
        print(f"----- app log {app.log_path} (exit {app.returncode}) -----\n{tail}")


class PgAdmin:
    """Creates and drops scratch databases over one autocommit admin connection."""

    def __init__(self, connection: psycopg.Connection, admin_url: str) -> None:
        self.connection, self.admin_url = connection, admin_url

    def create(self) -> str:
        """Create an empty, uniquely named database and return its URL."""
        name = f"oops_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.connection.execute(f'CREATE DATABASE "{name}"')
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def drop(self, url: str) -> None:
        """Drop the database at `url`, even if a killed app still holds connections."""
        name = url.rsplit("/", 1)[1]
        self.connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect_admin() -> PgAdmin:
    """Connect to the first PostgreSQL admin URL that works; skip (or fail on CI) if none."""
    urls = [os.environ["TEST_POSTGRES_URL"]] if os.environ.get("TEST_POSTGRES_URL") else []
    errors = []
    for url in [*urls, *PG_ADMIN_URLS]:
        try:
            return PgAdmin(psycopg.connect(url, autocommit=True, connect_timeout=3), url)
        except psycopg.OperationalError as error:
            errors.append(f"{url}: {str(error).strip()}")
    skip_unless_ci("PostgreSQL at 127.0.0.1:5432 unreachable: " + "; ".join(errors))


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[PgAdmin]:
    """One admin connection to the test PostgreSQL server for the whole session."""
    admin = _connect_admin()
    yield admin
    admin.connection.close()


@pytest.fixture(scope="session")
def pg_url(pg_admin: PgAdmin) -> Iterator[str]:
    """URL of a scratch PostgreSQL database shared by the whole session, dropped at the end."""
    url = pg_admin.create()
    yield url
    pg_admin.drop(url)


@pytest.fixture
def new_pg_database(pg_admin: PgAdmin) -> Iterator[Callable[[], str]]:
    """Factory: each call creates an empty PostgreSQL database (dropped after the test)."""
    created: list[str] = []

    def create() -> str:
        created.append(pg_admin.create())
        return created[-1]

    yield create
    for url in created:
        pg_admin.drop(url)


@pytest.fixture
def file_db(tmp_path: Path):
    """A session factory on a migrated SQLite file in `tmp_path` (commits are real)."""
    from storage.db import build_engine, build_session_factory, create_schema

    engine = build_engine(f"sqlite:///{tmp_path / 'file.db'}")
    create_schema(engine)
    yield build_session_factory(engine)
    engine.dispose()
