"""AppProcess and the PostgreSQL fixtures, checked with a stand-in app and the real server."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from support.app_process import AppProcess, AppStartError, child_env, free_port

# A stand-in for app.py: serves /healthz and echoes its environment at /env.
STAND_IN = """
import json, os
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(dict(os.environ) if self.path == "/env" else {"ok": True}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
print("stand-in listening", flush=True)
HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
"""


def stand_in(tmp_path: Path, env: dict[str, str] | None = None) -> AppProcess:
    return AppProcess(
        env or {"SLACK_BOT_TOKEN": "xoxb-test"},
        argv=[sys.executable, "-c", STAND_IN],
        log_path=tmp_path / "app.log",
        startup_timeout=10,
    )


def test_start_waits_for_healthz_and_stop_ends_the_process(tmp_path: Path) -> None:
    with stand_in(tmp_path).start() as app:
        assert app.running and app.get("/healthz")[0] == 200
        assert app.url == f"http://127.0.0.1:{app.port}/slack/events"
    assert not app.running and app.returncode is not None
    assert "stand-in listening" in app.log_text()


def test_kill_and_restart_on_the_same_port(tmp_path: Path) -> None:
    app = stand_in(tmp_path).start()
    port, first_pid = app.port, app.pid
    assert app.kill() == -9
    assert app.get("/healthz")[0] == 0
    app.restart()
    assert app.port == port and app.pid != first_pid and app.get("/healthz")[0] == 200
    app.stop()
    assert app.log_text().count("stand-in listening") == 2


def test_child_env_drops_the_parents_slack_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-real")
    monkeypatch.setenv("SLACK_CLIENT_ID", "real-client")
    monkeypatch.setenv("OOPS_WORKING_HOURS", "10:00-11:00")
    monkeypatch.setenv("DATABASE_URL", "postgresql://prod/db")
    with stand_in(tmp_path, {"SLACK_BOT_TOKEN": "xoxb-test"}).start() as app:
        env = json.loads(app.get("/env")[1])
    assert env["SLACK_APP_TOKEN"] == env["SLACK_CLIENT_ID"] == ""
    assert "OOPS_WORKING_HOURS" not in env and "DATABASE_URL" not in env
    assert env["SLACK_BOT_TOKEN"] == "xoxb-test"
    assert env["PYTHONUNBUFFERED"] == "1" and env["PORT"] == str(app.port)
    assert child_env({"SLACK_APP_TOKEN": "xapp-given"}, 1)["SLACK_APP_TOKEN"] == "xapp-given"


def test_a_crash_at_startup_raises_with_the_output(tmp_path: Path) -> None:
    app = AppProcess(
        {},
        argv=[sys.executable, "-c", "print('set SLACK_BOT_TOKEN'); raise SystemExit(2)"],
        log_path=tmp_path / "app.log",
    )
    with pytest.raises(AppStartError, match=r"(?s)exited with code 2.*set SLACK_BOT_TOKEN"):
        app.start()


def test_free_port_is_bindable() -> None:
    assert 1024 <= free_port() < 65536


def test_pg_url_is_a_fresh_database(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        name = conn.execute("select current_database()").fetchone()[0]
        tables = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()[0]
    assert name.startswith("oops_test_") and pg_url.endswith(name)
    assert tables == 0


def test_new_pg_database_gives_distinct_databases(new_pg_database: Callable[[], str]) -> None:
    first, second = new_pg_database(), new_pg_database()
    assert first != second
    for url in (first, second):
        with psycopg.connect(url) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
