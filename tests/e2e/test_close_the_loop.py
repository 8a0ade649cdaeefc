"""Issue 6 end to end: kept drafts, the safeguard update in the thread, the kind word, settings."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

from helpers import AUTHOR, SECRET, compose_to_preview, open_compose, post_preview
from support.slack_payloads import app_home_opened, block_actions, view_closed, view_submission
from support.slack_requests import send_event, send_interaction

CHANNEL = {"channel_input": "C777"}


def _rows(app_env, sql):
    with sqlite3.connect(app_env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchall()


def _dms(fake, **kw):
    return [c for c in fake.calls("chat.postMessage", **kw) if c.args["channel"] == AUTHOR]


def _wait_dms(fake, n, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_dms(fake, delivered_only=True)) >= n:
            return _dms(fake, delivered_only=True)
        time.sleep(0.1)
    raise AssertionError(fake.describe())


def _press(app, call, action_id, user_id=AUTHOR):
    message = {"ts": call.response["ts"], "blocks": call.args["blocks"]}
    payload = block_actions(
        action_id, message=message, channel_id=call.response["channel"], user_id=user_id
    )
    return send_interaction(app.url, SECRET, payload)


def test_closed_preview_keeps_draft_reminds_once_and_reopens(start_app, fake_slack, app_env):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    for _ in range(2):
        closed = view_closed({**preview}, user_id=AUTHOR)
        closed["view"]["state"] = {
            "values": {
                "message": {
                    "message_input": {"type": "plain_text_input", "value": "My own edited words"}
                }
            }
        }
        assert send_interaction(app.url, SECRET, closed).status == 200
    (reminder,) = _wait_dms(fake_slack, 1)
    time.sleep(0.5)
    assert len(_dms(fake_slack)) == 1  # one reminder, however often it is closed
    assert "sooner" in reminder.args["text"]
    assert _rows(app_env, "select count(*) from drafts") == [(1,)]

    assert _press(app, reminder, "reopen_draft", user_id="U0OTHER").status == 200
    fake_slack.wait_for("chat.postEphemeral", n=1)
    _press(app, reminder, "reopen_draft")
    reopened = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    assert reopened["callback_id"] == "oops_preview"
    assert "My own edited words" in json.dumps(reopened)
    post_preview(app, {**reopened, "hash": "h2"})
    post = fake_slack.wait_for("chat.postMessage", n=1, where=lambda c: c.args["channel"] == "C777")
    assert "My own edited words" in post[-1].args["text"]
    # The draft goes once the post is recorded, which follows Slack's answer: wait for the result.
    fake_slack.wait_for("views.update", where=lambda c: "Posted" in json.dumps(c.args))
    assert _rows(app_env, "select count(*) from drafts") == [(0,)]


def test_closing_an_empty_form_keeps_nothing(start_app, fake_slack, app_env):
    app = start_app()
    compose = open_compose(app, fake_slack)
    send_interaction(app.url, SECRET, view_closed(compose, user_id=AUTHOR))
    time.sleep(0.5)
    assert _rows(app_env, "select count(*) from drafts") == [(0,)] and _dms(fake_slack) == []


def _answer_prevention(app, fake, app_env):
    nudges = _wait_dms(fake, 2)
    prevention = next(c for c in nudges if "specific change" in c.args["text"])
    _press(app, prevention, "nudge_answer")
    modal = fake.wait_for("views.open", n=2)[-1].response["view"]
    send_interaction(
        app.url,
        SECRET,
        view_submission(
            modal,
            fields={
                "answer_input": "Add a staging check to the deploy script",
                "owner_input": AUTHOR,
            },
            user_id=AUTHOR,
        ),
    )
    for _ in range(50):
        if _rows(app_env, "select count(*) from prevention_actions") == [(1,)]:
            return
        time.sleep(0.1)
    raise AssertionError("no prevention action stored")


def test_done_safeguard_offers_a_thread_update_for_the_author_only(start_app, fake_slack, app_env):
    app = start_app(
        OOPS_REFLECTION_DELAY="1s", OOPS_PREVENTION_DELAY="2s", OOPS_FOLLOWUP_DELAY="2d"
    )
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    original = fake_slack.calls("chat.postMessage")[0].response["ts"]
    _answer_prevention(app, fake_slack, app_env)
    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake_slack.wait_for("views.publish", n=2)[-1].args["view"]
    done_button = next(
        b["accessory"]
        for b in home["blocks"]
        if b.get("accessory", {}).get("action_id") == "prevention_done"
    )
    send_interaction(
        app.url,
        SECRET,
        block_actions("prevention_done", view=home, value=done_button["value"], user_id=AUTHOR),
    )
    offer = next(c for c in _wait_dms(fake_slack, 3) if "Safeguard done" in c.args["text"])
    # Done pressed again (a second device, a stale Home tab): Home is refreshed, no second offer.
    send_interaction(
        app.url,
        SECRET,
        block_actions("prevention_done", view=home, value=done_button["value"], user_id=AUTHOR),
    )
    fake_slack.wait_for("views.publish", n=4)
    time.sleep(0.3)
    assert sum("Safeguard done" in c.args["text"] for c in _dms(fake_slack)) == 1
    assert _press(app, offer, "post_followup", user_id="U0OTHER").status == 200
    time.sleep(0.5)
    assert not [c for c in fake_slack.calls("chat.postMessage") if c.args.get("thread_ts")]
    # Pressed twice at once (a double click, two devices): one update in the thread.
    presses = [
        threading.Thread(target=_press, args=(app, offer, "post_followup")) for _ in range(2)
    ]
    for press in presses:
        press.start()
    for press in presses:
        press.join()
    update = fake_slack.wait_for(
        "chat.postMessage", n=1, where=lambda c: c.args.get("thread_ts") == original
    )[-1]
    assert update.args["channel"] == "C777" and "safeguard is in place" in update.args["text"]
    fake_slack.wait_for("chat.postEphemeral", n=2)  # the loser is told it is already there
    _press(app, offer, "post_followup")
    time.sleep(0.5)
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.args.get("thread_ts")]) == 1
    assert _rows(app_env, "select status from prevention_actions") == [("done",)]


def test_kind_word_after_a_serious_oops_only(start_app, fake_slack):
    app = start_app(OOPS_KIND_WORD_DELAY="1s")
    for severity in ("minor", "serious"):
        _, preview = compose_to_preview(app, fake_slack, {**CHANNEL, "severity_input": severity})
        post_preview(app, preview)
    (kind,) = _wait_dms(fake_slack, 1)
    assert ":seedling:" in kind.args["text"] and "actions" not in json.dumps(kind.args["blocks"])
    time.sleep(2)
    assert len(_dms(fake_slack)) == 1


def test_kind_words_can_be_turned_off(start_app, fake_slack, app_env):
    app = start_app(OOPS_KIND_WORD_DELAY="2s")
    _, preview = compose_to_preview(app, fake_slack, {**CHANNEL, "severity_input": "serious"})
    post_preview(app, preview)
    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake_slack.wait_for("views.publish", n=1)[-1].args["view"]
    send_interaction(app.url, SECRET, block_actions("open_settings", view=home, user_id=AUTHOR))
    modal = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    send_interaction(
        app.url, SECRET, view_submission(modal, fields={"options_input": []}, user_id=AUTHOR)
    )
    fake_slack.wait_for("views.publish", n=2)
    time.sleep(3)
    assert _dms(fake_slack) == []
    assert _rows(app_env, "select status from nudges where kind='kindness'") == [("cancelled",)]


def test_settings_pause_and_resume_and_validate(start_app, fake_slack, app_env):
    app = start_app(
        OOPS_REFLECTION_DELAY="1s", OOPS_PREVENTION_DELAY="1d", OOPS_FOLLOWUP_DELAY="2d"
    )
    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake_slack.wait_for("views.publish", n=1)[-1].args["view"]
    send_interaction(app.url, SECRET, block_actions("open_settings", view=home, user_id=AUTHOR))
    modal = fake_slack.wait_for("views.open", n=1)[-1].response["view"]
    bad = send_interaction(
        app.url,
        SECRET,
        view_submission(modal, fields={"hours_input": "17:00-09:00"}, user_id=AUTHOR),
    )
    assert list(bad.json()["errors"]) == ["hours"]
    send_interaction(
        app.url,
        SECRET,
        view_submission(
            modal, fields={"hours_input": "off", "options_input": ["paused"]}, user_id=AUTHOR
        ),
    )
    fake_slack.wait_for("views.publish", n=2)
    assert "paused" in json.dumps(fake_slack.last("views.publish").args["view"])

    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    time.sleep(2.5)
    assert _dms(fake_slack) == []  # paused: the 1 s reflection waits
    assert _rows(app_env, "select count(*) from nudges where status='paused'") == [(3,)]

    send_interaction(
        app.url,
        SECRET,
        view_submission(
            modal, fields={"hours_input": "", "options_input": ["kind_words"]}, user_id=AUTHOR
        ),
    )
    (reflection,) = _wait_dms(fake_slack, 1)
    assert "learn" in json.dumps(reflection.args["blocks"])
