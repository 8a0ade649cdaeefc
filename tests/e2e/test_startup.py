"""Start-up: what stops `python app.py` is one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from slack_bolt.logger.messages import (
    warning_client_prioritized_and_token_skipped,
    warning_token_skipped,
)
from support.app_process import REPO_ROOT, AppProcess, child_env, free_port, run_until_exit
from support.fake_slack import FakeSlack

# Start-up gives Slack 5 s; the whole failed start must stay well within what an operator waits.
BOUNDED_S = 12.0


def start_and_fail(env: dict[str, str], **kwargs) -> tuple[str, subprocess.CompletedProcess]:
    """Run app.py until it exits; return its only stderr line, after the common checks."""
    started = time.monotonic()
    result = run_until_exit(env, **kwargs)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("oops: ")
    assert elapsed < BOUNDED_S, f"took {elapsed:.1f}s: {lines[0]}"
    return lines[0], result


# -- Slack ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "api_url",
    [f"http://127.0.0.1:{free_port()}/api/", "http://oops-no-such-host.invalid/api/"],
    ids=["connection-refused", "dns"],
)
def test_slack_unreachable(app_env: dict[str, str], api_url: str) -> None:
    line, _ = start_and_fail({**app_env, "SLACK_API_URL": api_url})
    assert "cannot reach Slack's Web API" in line and f"SLACK_API_URL={api_url}" in line


def test_slack_too_slow_gives_up_within_a_few_seconds(
    app_env: dict[str, str], fake_slack: FakeSlack
) -> None:
    fake_slack.delay("auth.test", 30)
    line, _ = start_and_fail(app_env)
    assert "did not answer within 5 s" in line and "SLACK_API_URL" in line


@pytest.mark.parametrize("error", ["invalid_auth", "account_inactive"])
def test_slack_rejects_the_bot_token(
    app_env: dict[str, str], fake_slack: FakeSlack, error: str
) -> None:
    fake_slack.respond("auth.test", {"ok": False, "error": error})
    line, _ = start_and_fail(app_env)
    assert f"Slack rejected SLACK_BOT_TOKEN ({error})" in line and "README" in line


def test_slack_down_is_not_blamed_on_the_token(
    app_env: dict[str, str], fake_slack: FakeSlack
) -> None:
    fake_slack.fail("auth.test", status=503, times=None)
    line, _ = start_and_fail(app_env)
    assert "answered HTTP 503" in line and "SLACK_BOT_TOKEN" not in line


def test_socket_mode_with_a_rejected_app_token(
    app_env: dict[str, str], fake_slack: FakeSlack
) -> None:
    fake_slack.respond("apps.connections.open", {"ok": False, "error": "invalid_auth"})
    line, _ = start_and_fail({**app_env, "SLACK_APP_TOKEN": "xapp-1-bad"})
    assert "Slack rejected SLACK_APP_TOKEN (invalid_auth)" in line


# -- the database -----------------------------------------------------------------------------


def test_postgresql_not_listening(app_env: dict[str, str]) -> None:
    url = f"postgresql://oops:secret-pw@127.0.0.1:{free_port()}/oops"
    line, _ = start_and_fail({**app_env, "DATABASE_URL": url})
    assert "cannot use the database at DATABASE_URL=" in line and "refused" in line
    assert "secret-pw" not in line  # the password is never shown


def test_postgresql_database_that_does_not_exist(app_env: dict[str, str], pg_admin) -> None:
    url = pg_admin.admin_url.rsplit("/", 1)[0] + "/oops_never_created"
    line, _ = start_and_fail({**app_env, "DATABASE_URL": url})
    assert 'database "oops_never_created" does not exist' in line and "DATABASE_URL" in line


@pytest.mark.parametrize("kind", ["missing", "a-file"])
def test_sqlite_directory_missing(app_env: dict[str, str], tmp_path: Path, kind: str) -> None:
    directory = tmp_path / "nowhere"
    if kind == "a-file":
        directory.write_text("not a directory")
    line, _ = start_and_fail({**app_env, "DATABASE_URL": f"sqlite:///{directory}/oops.db"})
    problem = "does not exist" if kind == "missing" else "is not a directory"
    assert f"the directory {directory} for DATABASE_URL=" in line and problem in line


def test_sqlite_file_that_is_not_a_database(app_env: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database, just some notes\n" * 50)
    line, _ = start_and_fail({**app_env, "DATABASE_URL": f"sqlite:///{other}"})
    assert "DATABASE_URL" in line and "not a database" in line


def test_database_url_that_is_not_one(app_env: dict[str, str]) -> None:
    line, _ = start_and_fail({**app_env, "DATABASE_URL": "oops.db"})
    assert "DATABASE_URL='oops.db' is not a database URL" in line


def test_migrate_command_says_the_same_in_one_line(app_env: dict[str, str], tmp_path) -> None:
    env = child_env({**app_env, "DATABASE_URL": f"sqlite:///{tmp_path}/nowhere/oops.db"}, 0)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "migrate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "nowhere for DATABASE_URL=" in line and "does not exist" in line


# -- the port ---------------------------------------------------------------------------------


def test_port_already_in_use(app_env: dict[str, str], fake_slack: FakeSlack) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line, result = start_and_fail(app_env, port=port)
    assert line == (
        f"oops: port {port} is already in use; stop what listens there or set PORT to a free port"
    )
    assert "listening" not in result.stderr + result.stdout


# -- a good start -----------------------------------------------------------------------------


def test_listening_is_logged_once_the_port_accepts_and_bolt_does_not_warn(
    start_app: Callable[..., AppProcess],
) -> None:
    app = start_app(wait=False)
    deadline = time.monotonic() + 20
    while "listening on port" not in app.log_text():
        assert app.running and time.monotonic() < deadline, app.log_text()
        time.sleep(0.005)
    # The line is out: the port must already take connections, with no retry.
    socket.create_connection(("127.0.0.1", app.port), timeout=1).close()
    app.wait_ready()
    log = app.log_text()
    assert log.count("listening on port") == 1
    assert warning_client_prioritized_and_token_skipped() not in log
    assert warning_token_skipped() not in log
    assert "WARNING" not in log, log
