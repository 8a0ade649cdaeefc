"""Pure parts of request handling: verify, parse, envelope shapes, the guard, safe logging."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import pytest
from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.app_factory import create_app
from bot.envelope import envelope_problem, row_id
from bot.listeners.guard import guarded, report_unguarded
from bot.logs import SafeFormatter, escape_controls, library_headline
from bot.slack_request import ParsedBoltRequest, RequestRefused, parse_body, read_signed_request

SECRET = "unit-secret"


def _headers(body: bytes, ts: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "x-slack-request-timestamp": str(ts),
        "x-slack-signature": f"v0={digest}",
        "content-type": "application/x-www-form-urlencoded",
    }


@pytest.mark.parametrize(
    "text",
    ["fixed the payload size limit", "payload=1", "payload", "a=b&payload=c", "%7B payload %7D"],
)
def test_a_slash_command_stays_a_form_whatever_its_text(text):
    from urllib.parse import urlencode

    raw = urlencode({"command": "/oops", "text": text, "user_id": "U1A", "team_id": "T1A"})
    assert parse_body(raw.encode(), "application/x-www-form-urlencoded")["text"] == text


def test_a_wrong_signature_is_refused_before_the_body_is_read():
    raw = b"payload=%7Bx"  # garbled: would fail to parse, but the signature fails first
    with pytest.raises(RequestRefused) as refused:
        read_signed_request(raw, _headers(raw, secret="other"), secret=SECRET)
    assert (refused.value.status, refused.value.reason) == (401, "bad_signature")
    with pytest.raises(RequestRefused) as refused:
        read_signed_request(raw, _headers(raw), secret=SECRET)
    assert refused.value.status == 400


@pytest.mark.parametrize("ts", ["abc", "", "1e9", "-5", "9" * 20])
def test_timestamps_that_are_not_numbers_are_401(ts):
    headers = {**_headers(b"a=b"), "x-slack-request-timestamp": ts}
    with pytest.raises(RequestRefused) as refused:
        read_signed_request(b"a=b", headers, secret=SECRET)
    assert refused.value.status == 401


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("1e308", 0),
        (1e308, 0),
        ("99999999999", 0),
        (2**31, 0),
        (True, 0),
        ("-1", 0),
        ("١٢", 0),
        (None, 0),
        ([1], 0),
        (2**31 - 1, 2**31 - 1),
    ],
)
def test_row_ids_are_bounded_to_the_column(value, expected):
    assert row_id(value) == expected


def test_the_envelope_normalises_what_listeners_read():
    body = {
        "type": "view_submission",
        "user": {"id": "U1A"},
        "team": {"id": "T1A"},
        "view": {"id": "V1", "type": "modal", "callback_id": "x", "state": None, "blocks": [1]},
        "trigger_id": 5,
    }
    assert envelope_problem(body) is None
    assert body["user"]["team_id"] == "T1A"
    assert body["view"]["state"] == {"values": {}} and body["view"]["blocks"] == []
    assert body["trigger_id"] == "" and body["view"]["private_metadata"] == ""


@pytest.mark.parametrize(
    "body",
    [
        {"type": "block_actions", "user": {"id": "U1A", "team_id": "T1A"}, "actions": "x"},
        {"type": "block_actions", "user": {"id": "U1A"}, "actions": [{"action_id": "a"}]},
        {"type": "view_closed", "user": {"id": "U1A", "team_id": "T1A"}},
        {"type": "event_callback", "event": "app_home_opened"},
        {"type": "something_new"},
        {"command": "/oops", "user_id": "U1A\n", "team_id": "T1A"},
        {"type": "shortcut", "user": {"id": "U1A", "team_id": "T1A"}, "channel": []},
    ],
)
def test_malformed_envelopes_are_named(body):
    assert envelope_problem(body)


def _bolt_app() -> App:
    return App(
        signing_secret=SECRET,
        client=WebClient(base_url="http://127.0.0.1:9/"),
        authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1A", bot_token="xoxb-x"
        ),
        request_verification_enabled=False,
    )


def _command_request() -> ParsedBoltRequest:
    body = {"command": "/oops", "user_id": "U1A", "team_id": "T1A", "text": "", "trigger_id": ""}
    return ParsedBoltRequest(raw_body="", body=body)


def test_a_listener_that_raises_after_ack_still_gets_its_ack_answered(caplog):
    app = _bolt_app()

    def boom(ack):
        ack(text="on it")
        raise RuntimeError("typed secret text")

    app.command("/oops")(guarded(boom))
    started = time.monotonic()
    with caplog.at_level(logging.ERROR):
        response = app.dispatch(_command_request())
        assert response.status == 200 and "on it" in response.body
        assert time.monotonic() - started < 1
        # The failure is reported by the listener's thread, after the ack went back.
        deadline = time.monotonic() + 2
        while not _reported(caplog) and time.monotonic() < deadline:
            time.sleep(0.01)
    assert _reported(caplog)


def _reported(caplog) -> bool:
    return any("ref=" in r.getMessage() for r in caplog.records)


def test_a_listener_that_raises_before_ack_answers_with_a_reference():
    app = _bolt_app()

    def boom(ack):
        raise RuntimeError("nope")

    app.command("/oops")(guarded(boom))
    response = app.dispatch(_command_request())
    assert response.status == 200
    assert "reference" in json.loads(response.body)["text"]


def test_a_middleware_failure_shows_the_reference_it_logs(caplog):
    app = _bolt_app()

    @app.use
    def broken(next):
        raise RuntimeError("middleware bug")

    app.error(report_unguarded)
    app.command("/oops")(guarded(lambda ack: ack()))
    with caplog.at_level(logging.ERROR):
        response = app.dispatch(_command_request())
    assert response.status == 200
    shown = json.loads(response.body)["text"]
    logged = [r.getMessage() for r in caplog.records if "ref=" in r.getMessage()]
    assert len(logged) == 1 and logged[0].split("ref=")[1].split()[0] in shown


def test_every_listener_of_the_app_is_guarded(tmp_path, fake_slack):
    from bot.clock import system_clock
    from bot.config import load_settings
    from storage.db import build_engine, build_session_factory, create_schema

    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": fake_slack.base_url,
        }
    )
    engine = build_engine(f"sqlite:///{tmp_path / 'x.db'}")
    create_schema(engine)
    app = create_app(settings, build_session_factory(engine), system_clock)
    listeners = app._listeners  # Bolt keeps no public list; this test must see every one
    assert listeners
    unguarded = [
        lst.ack_function.__name__
        for lst in listeners
        if not getattr(lst.ack_function, "guarded", False)
    ]
    assert not unguarded


def test_the_formatter_escapes_line_breaks_and_withholds_messages():
    formatter = SafeFormatter("%(levelname)s %(name)s %(message)s")
    record = logging.LogRecord("oops", logging.INFO, __file__, 1, "user=%s", ("U1\nFAKE",), None)
    assert formatter.format(record) == "INFO oops user=U1\\nFAKE"
    typed = "typed" + " words"  # not a literal: tracebacks quote source lines
    try:
        int(typed)
    except ValueError:
        import sys

        record = logging.LogRecord("oops", logging.ERROR, __file__, 1, "x", (), sys.exc_info())
    out = formatter.format(record)
    assert "typed words" not in out and "ValueError: <message withheld" in out
    bolt = logging.LogRecord(
        "slack_bolt.App", 20, __file__, 1, "Unhandled request ({'t': 'x'})", (), None
    )
    assert formatter.format(bolt).endswith("Unhandled request")


def test_library_headlines_and_control_escapes():
    assert library_headline("request body: {secret}") == "request body"
    assert library_headline("{secret}") == "(message withheld)"
    assert escape_controls("a\r\nb\x1b") == "a\\r\\nb\\x1b"


def test_a_lost_database_connection_is_told_as_such():
    import psycopg
    from sqlalchemy.exc import OperationalError

    from bot.listeners.guard import _database_unreachable
    from bot.views.failure import failure_text

    lost = OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))
    assert _database_unreachable(lost)
    assert not _database_unreachable(ValueError("x"))
    assert "database" in failure_text("abcd1234", database=True)
    assert "abcd1234" in failure_text("abcd1234")


def test_a_periodic_job_without_its_database_logs_one_line_and_keeps_its_schedule(caplog):
    from apscheduler.schedulers.background import BackgroundScheduler
    from sqlalchemy.exc import OperationalError

    from bot.runtime import _add_periodic

    def needs_the_database():
        raise OperationalError("SELECT 1", {}, OSError("connection refused"))

    scheduler = BackgroundScheduler(timezone="UTC")
    _add_periodic(scheduler, "post-recovery", needs_the_database, seconds=60)
    (job,) = scheduler.get_jobs()
    with caplog.at_level(logging.WARNING):
        job.func()  # what APScheduler calls; it must not raise
    (record,) = [r for r in caplog.records if "post-recovery" in r.getMessage()]
    assert record.levelno == logging.WARNING and record.exc_info is None
