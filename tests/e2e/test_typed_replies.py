"""Typing in the app's DM answers the latest open check-in: end to end over signed HTTP, with
the clock moved and the sweep run by the test (support/inprocess_app.py)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from sqlalchemy import func, select
from support.clock import FrozenClock
from support.inprocess_app import InProcessApp
from support.slack_payloads import block_actions
from support.slack_requests import send_event, send_interaction

from storage.models import Answer, Nudge, PreventionStep, TypedReply
from storage.states import NudgeKind, NudgeStatus

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
CHANNEL = {"channel_input": "C777"}


@pytest.fixture
def app(app_env, database_url):
    running = InProcessApp({**app_env, "DATABASE_URL": database_url}, FrozenClock(T0))
    yield running
    running.stop()


def _prompted(app, fake):
    """Post an oops, move a day on and sweep: the reflection DM goes out; returns that call."""
    _, preview = compose_to_preview(app, fake, CHANNEL)
    post_preview(app, preview)
    fake.wait_for("views.update", n=1)
    app.clock.advance(days=1, minutes=1)
    assert app.sweep().sent == 1
    return fake.calls("chat.postMessage", where=lambda c: c.args.get("channel") == AUTHOR)[-1]


def _typed(channel: str, text: str, ts: str, user: str = AUTHOR, **extra) -> dict:
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        **extra,
    }


def _is_reply(call) -> bool:
    """A message of ours to the author's DM that is not a check-in prompt (those carry the
    answer button). Replies go to the user's id, which Slack delivers in the app's DM."""
    return call.args.get("channel") == AUTHOR and "nudge_answer" not in str(call.args.get("blocks"))


def _replies(fake) -> list:
    return fake.calls("chat.postMessage", where=_is_reply)


def _ts(app, n: int) -> str:
    """A message ts written now by the app's clock (Slack's ts: seconds since the epoch)."""
    return f"{int(app.clock().timestamp())}.{n:06d}"


def _count(app, model) -> int:
    with app.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def _status(app, kind=NudgeKind.REFLECTION) -> NudgeStatus:
    with app.session_factory() as s:
        return s.scalar(select(Nudge.status).where(Nudge.kind == kind))


def test_typed_answer_stored_once_confirmed_once_and_undone_by_its_writer_only(app, fake_slack):
    prompt = _prompted(app, fake_slack)
    dm = prompt.response["channel"]
    event = _typed(dm, "I rushed &lt;the&gt; deploy; next time I wait", _ts(app, 200))

    assert send_event(app.url, SECRET, event, event_id="Ev0TYPED1").status == 200
    confirmation = fake_slack.wait_for("chat.postMessage", where=_is_reply)[-1]
    assert "Saved as your answer" in str(confirmation.args["blocks"])
    assert "I rushed &amp;lt;the&amp;gt; deploy" not in str(confirmation.args["blocks"])
    assert "I rushed &lt;the&gt; deploy" in str(confirmation.args["blocks"])  # escaped once
    # The prompt's buttons give way to the answer, as after the form.
    fake_slack.wait_for("chat.update", where=lambda c: c.args.get("ts") == prompt.response["ts"])

    # Slack retries the same event (and a replica might see it again): nothing more happens.
    retried = send_event(app.url, SECRET, event, event_id="Ev0TYPED1", retry_num=1)
    assert retried.status == 200
    send_event(app.url, SECRET, event, event_id="Ev0TYPED2")  # same channel+ts, new id
    time.sleep(1.0)
    assert len(_replies(fake_slack)) == 1
    assert _count(app, Answer) == 1 and _count(app, TypedReply) == 1
    with app.session_factory() as s:
        assert s.scalar(select(Answer.text)) == "I rushed <the> deploy; next time I wait"
    assert _status(app) == NudgeStatus.ANSWERED

    message = {"ts": confirmation.response["ts"], "blocks": confirmation.args["blocks"]}
    foreign = block_actions("undo_typed_answer", message=message, channel_id=dm, user_id="U0OTHER")
    assert send_interaction(app.url, SECRET, foreign).status == 200
    refusal = fake_slack.wait_for("chat.postEphemeral")[-1]
    assert refusal.args["user"] == "U0OTHER" and "someone else" in refusal.args["text"]
    assert _count(app, Answer) == 1

    undo = block_actions("undo_typed_answer", message=message, channel_id=dm, user_id=AUTHOR)
    assert send_interaction(app.url, SECRET, undo).status == 200
    undone = fake_slack.wait_for(
        "chat.update", where=lambda c: c.args.get("ts") == confirmation.response["ts"]
    )[-1]
    assert "Undone" in undone.args["text"]
    # The prompt has its buttons back, and can be answered again.
    restored = fake_slack.wait_for(
        "chat.update",
        n=2,
        where=lambda c: c.args.get("ts") == prompt.response["ts"],
    )[-1]
    assert "nudge_answer" in str(restored.args["blocks"])
    assert _count(app, Answer) == 0 and _status(app) == NudgeStatus.SENT

    send_interaction(app.url, SECRET, undo)  # a second press changes nothing
    again = fake_slack.wait_for("chat.postEphemeral", n=2)[-1]
    assert again.args["user"] == AUTHOR and "Already undone" in again.args["text"]

    send_event(app.url, SECRET, _typed(dm, "Second try", _ts(app, 300)))
    fake_slack.wait_for("chat.postMessage", n=2, where=_is_reply)
    assert _count(app, Answer) == 1 and _status(app) == NudgeStatus.ANSWERED


def test_bots_edits_threads_and_other_channels_are_ignored_and_no_prompt_gets_help(app, fake_slack):
    prompt = _prompted(app, fake_slack)
    dm = prompt.response["channel"]
    ignored = [
        _typed(dm, "from a bot", _ts(app, 401), bot_id="B0001", subtype="bot_message"),
        _typed(dm, "bot without subtype", _ts(app, 402), bot_id="B0002"),
        _typed(
            dm,
            "",
            _ts(app, 403),
            subtype="message_changed",
            message={"text": "edited", "user": AUTHOR, "ts": _ts(app, 200)},
        ),
        _typed(dm, "", _ts(app, 404), subtype="message_deleted"),
        _typed(dm, "in a thread", _ts(app, 405), thread_ts=_ts(app, 100)),
        {**_typed("C777", "in a channel", _ts(app, 406)), "channel_type": "channel"},
        _typed(dm, "our own", _ts(app, 407), user="UBOT"),
    ]
    for event in ignored:
        assert send_event(app.url, SECRET, event).status == 200
    time.sleep(1.0)
    assert _replies(fake_slack) == [] and _count(app, Answer) == 0
    assert _status(app) == NudgeStatus.SENT

    # Answered by the form's path (skip here): no open prompt is left, so help comes back.
    skip = block_actions(
        "nudge_skip",
        message={"ts": prompt.response["ts"], "blocks": prompt.args["blocks"]},
        channel_id=dm,
        user_id=AUTHOR,
    )
    send_interaction(app.url, SECRET, skip)
    fake_slack.wait_for("chat.update")
    send_event(app.url, SECRET, _typed(dm, "hello?", _ts(app, 500)))
    (help_line,) = fake_slack.wait_for("chat.postMessage", where=_is_reply)
    assert "No check-in is waiting" in help_line.args["text"]
    assert "blocks" not in help_line.args and _count(app, Answer) == 0


def test_a_prompt_older_than_the_window_is_not_answered(app, fake_slack):
    prompt = _prompted(app, fake_slack)
    dm = prompt.response["channel"]
    app.clock.advance(days=3, minutes=1)
    send_event(app.url, SECRET, _typed(dm, "late", _ts(app, 600)))
    (help_line,) = fake_slack.wait_for("chat.postMessage", where=_is_reply)
    assert "No check-in is waiting" in help_line.args["text"]
    assert _status(app) == NudgeStatus.SENT


def test_a_typed_prevention_answer_is_the_authors_own_step_and_undo_removes_it(app, fake_slack):
    prompt = _prompted(app, fake_slack)  # the reflection, left open
    app.clock.advance(days=2)
    assert app.sweep().sent == 1  # the prevention check-in, now the latest
    dm = prompt.response["channel"]
    send_event(app.url, SECRET, _typed(dm, "A checklist before deploys", _ts(app, 700)))
    confirmation = fake_slack.wait_for("chat.postMessage", where=_is_reply)[-1]
    assert "owned by you with no due date" in str(confirmation.args["blocks"])
    with app.session_factory() as s:
        step = s.scalars(select(PreventionStep)).one()
    assert (step.description, step.owner_id, step.due_on) == (
        "A checklist before deploys",
        AUTHOR,
        None,
    )
    assert _status(app, NudgeKind.PREVENTION) == NudgeStatus.ANSWERED
    assert _status(app, NudgeKind.REFLECTION) == NudgeStatus.SENT

    message = {"ts": confirmation.response["ts"], "blocks": confirmation.args["blocks"]}
    undo = block_actions("undo_typed_answer", message=message, channel_id=dm, user_id=AUTHOR)
    send_interaction(app.url, SECRET, undo)
    fake_slack.wait_for(
        "chat.update", where=lambda c: c.args.get("ts") == confirmation.response["ts"]
    )
    assert _count(app, PreventionStep) == 0 and _count(app, Answer) == 0
    assert _status(app, NudgeKind.PREVENTION) == NudgeStatus.SENT


def test_a_message_older_than_its_prompt_or_outside_a_dm_answers_nothing(app, fake_slack):
    prompt = _prompted(app, fake_slack)
    dm = prompt.response["channel"]
    yesterday = f"{int(app.clock().timestamp()) - 86_400}.000001"
    forged_channel = {**_typed("C777", "in a channel dressed as a DM", _ts(app, 801))}
    send_event(app.url, SECRET, forged_channel)
    send_event(app.url, SECRET, _typed(dm, "written before the prompt", yesterday))
    (help_line,) = fake_slack.wait_for("chat.postMessage", where=_is_reply)
    assert "No check-in is waiting" in help_line.args["text"]
    assert _count(app, Answer) == 0 and _status(app) == NudgeStatus.SENT
