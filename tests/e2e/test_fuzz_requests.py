"""Signed, mutated bodies of every request kind: never a 5xx, never slow, nothing in the log.

Each example starts from a realistic request of one kind (a slash command, every button, every
modal's submission and close, both shortcuts, the events we handle), applies one to three
random mutations (delete a key, or replace any value anywhere with null, a number, a huge
number, a list, an object, or text carrying a marker and line breaks), signs it and sends it.
The examples are derandomised so CI is repeatable; set OOPS_FUZZ_RANDOM=1 to explore afresh.
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.app_process import AppProcess
from support.fake_slack import FakeSlack
from support.slack_payloads import (
    app_home_opened,
    block_actions,
    global_shortcut,
    message_shortcut,
    view_closed,
    view_submission,
)
from support.slack_requests import FORM, JSON, post_signed, send_event, send_slash_command

from bot.ids import Action, Callback

SECRET = "fuzz-signing-secret"
MARKER = "qqzzmarker"
FORGED = "\n2026-01-01 00:00:00,000 INFO oops forged"
SLACK_ACK_LIMIT_S = 3.0


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory) -> Iterator[tuple[AppProcess, FakeSlack, list]]:
    """One app for the whole module, and the realistic requests to mutate."""
    folder = tmp_path_factory.mktemp("fuzz")
    with FakeSlack() as fake:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-fuzz",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": f"sqlite:///{folder / 'oops.db'}",
            "OOPS_WORKING_HOURS": "off",
        }
        app = AppProcess(env, log_path=folder / "app.log")
        app.start(wait=True)
        try:
            send_slash_command(app.url, SECRET, text="I dropped the orders table")
            compose = fake.wait_for("views.open", n=1)[-1].args["view"]
            # Built once: the drawn examples must not depend on time or on earlier mutations.
            yield app, fake, _requests({"compose": compose})
        finally:
            app.stop()


def _requests(views: dict) -> list[tuple[str, Any]]:
    """(kind, body) of one realistic request per surface the app listens to."""
    found: list[tuple[str, Any]] = [
        (
            "command",
            {
                "command": "/oops",
                "text": "I broke the build",
                "user_id": "U123",
                "team_id": "T0001",
                "channel_id": "C123",
                "trigger_id": "1.2.abc",
                "response_url": "http://127.0.0.1:9/response",
            },
        )
    ]
    for action in Action:
        found.append(("interaction", block_actions(str(action), value="1", channel_id="C123")))
    found.append(
        ("interaction", block_actions(str(Action.MESSAGE), view=views["compose"], value="hi"))
    )
    for callback in Callback:
        found.append(("interaction", view_submission(callback_id=str(callback), values={})))
        found.append(("interaction", view_closed(callback_id=str(callback))))
    found.append(("interaction", view_submission(views["compose"], fields={"channel": "C123"})))
    found.append(("interaction", message_shortcut("own_up_to_this", text="the report")))
    found.append(("interaction", global_shortcut("own_up_to_this")))
    found.append(("event", app_home_opened("U123")))
    found.append(("event", {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}))
    return found


_TEXTS = st.sampled_from(["", " ", MARKER, MARKER + FORGED, f"<!channel> {MARKER}", "1e308"])
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([1e308, -0.0, 2**31, 2**63, 0]),
    _TEXTS,
    st.text(max_size=30).map(lambda t: MARKER + t),
    st.just("U" + "A" * 60),
    st.just([]),
    st.just({}),
    st.just([{}]),
    st.just({"id": MARKER}),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside `node` (dict keys and list indexes)."""
    found = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _mutate(body: Any, path: tuple, value: Any, delete: bool) -> None:
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)  # `st.just` hands out one shared object


def _send(app: AppProcess, kind: str, body: Any):
    if kind == "command":
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        return post_signed(app.url, SECRET, urlencode(form), FORM)
    if kind == "interaction":
        return post_signed(app.url, SECRET, urlencode({"payload": json.dumps(body)}), FORM)
    if isinstance(body, dict) and "type" in body and body.get("type") == "event_callback":
        return post_signed(app.url, SECRET, json.dumps(body), JSON)
    return send_event(app.url, SECRET, body)


@settings(
    max_examples=int(os.environ.get("OOPS_FUZZ_EXAMPLES", "400")),
    deadline=None,
    derandomize=not os.environ.get("OOPS_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(data=st.data())
def test_mutated_requests_never_fail_the_server(fuzz_target, data):
    app, _, requests = fuzz_target
    kind, body = copy.deepcopy(data.draw(st.sampled_from(requests), label="request"))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        paths = _paths(body)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        value = data.draw(_VALUES, label="value")
        _mutate(body, path, value, delete=data.draw(st.booleans(), label="delete"))
    started = time.monotonic()
    response = _send(app, kind, body)
    elapsed = time.monotonic() - started
    assert response.status < 500, (kind, body, response.status)
    assert elapsed < SLACK_ACK_LIMIT_S, (kind, body, elapsed)


def test_the_fuzzed_app_logged_no_traceback_and_no_typed_text(fuzz_target):
    """Runs after the fuzzing above (file order): the whole log, background work included."""
    app, _, _ = fuzz_target
    time.sleep(1.0)  # listeners finish their work after the ack
    text = Path(app.log_path).read_text()
    assert "Traceback" not in text, text[text.index("Traceback") - 400 :][:4000]
    assert MARKER not in text, [line for line in text.splitlines() if MARKER in line][:5]
    assert not any(line.startswith("2026-01-01") for line in text.splitlines())
