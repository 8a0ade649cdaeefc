"""The JSON formatter applies bot/logs.py's rules: headlines, withheld messages, fixed fields."""

from __future__ import annotations

import json
import logging
import sys

from bot import log_context
from bot.json_logs import SafeJsonFormatter


def _record(name: str, msg: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_library_text_withheld_and_fields_fixed():
    formatter = SafeJsonFormatter()
    line = formatter.format(
        _record("slack_bolt.App", "Failed to run {body: 'my secret words'}", secret="typed text")
    )
    data = json.loads(line)
    assert data["message"] == "Failed to run" and "secret" not in line
    assert set(data) == {"time", "level", "logger", "message"}


def test_exception_message_withheld_and_context_fields_added():
    formatter = SafeJsonFormatter()
    typed = "my " + "secret words"  # (the traceback shows code lines, not values)
    try:
        int(typed)
    except ValueError:
        exc_info = sys.exc_info()
    token = log_context.bind(ref="abcd1234", team="T1", user="U1")
    try:
        record = _record("oops", "failed\nforged line", exc_info=exc_info)
        log_context.ContextFilter().filter(record)
    finally:
        log_context.reset(token)
    line = formatter.format(record)
    data = json.loads(line)
    assert line.count("\n") == 0, repr(line)
    assert "secret" not in line
    assert data["message"] == "failed\\nforged line"
    assert (data["ref"], data["team"], data["user"]) == ("abcd1234", "T1", "U1")
    assert "ValueError: <message withheld" in data["exc_info"]


def test_ids_of_bodies():
    assert log_context.ids_of({"team_id": "T1", "user_id": "U1"}) == {"team": "T1", "user": "U1"}
    body = {"team": {"id": "T1"}, "user": {"id": "not an id"}}
    assert log_context.ids_of(body) == {"team": "T1", "user": None}
