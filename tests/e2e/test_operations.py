"""Operating the app: clear start-up errors, health, graceful stop, logs without user text."""

from __future__ import annotations

import subprocess

from helpers import SECRET, compose_to_preview, post_preview
from support.app_process import run_until_exit


def _run_app(env: dict, tmp_path) -> subprocess.CompletedProcess:
    return run_until_exit(env)


def test_missing_tokens_give_one_line_and_exit_2(tmp_path):
    result = _run_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SLACK_BOT_TOKEN" in lines[0] and "README" in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_setting_names_it(tmp_path):
    result = _run_app(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "OOPS_FOLLOWUP_DELAY": "fortnight",
        },
        tmp_path,
    )
    assert result.returncode == 2 and "OOPS_FOLLOWUP_DELAY" in result.stderr
    assert "Traceback" not in result.stderr


def test_rejected_token_is_one_clear_line(fake_slack, tmp_path):
    fake_slack.respond("auth.test", {"ok": False, "error": "invalid_auth"})
    result = _run_app(
        {
            "SLACK_BOT_TOKEN": "xoxb-bad",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": fake_slack.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
        tmp_path,
    )
    assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_health_logs_and_graceful_stop(start_app, fake_slack):
    app = start_app()
    assert app.get("/healthz") == (200, '{"ok": true}')
    assert app.get("/nowhere")[0] == 404
    secret_words = "the payroll export for zebra-team"
    _, preview = compose_to_preview(app, fake_slack, {"channel_input": "C777"}, text=secret_words)
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    assert app.stop() == 0
    log = app.log_text()
    assert "path=/slack/events status=200 ms=" in log
    assert secret_words not in log and "xoxb-test" not in log and SECRET not in log
    assert "shutting down" in log
