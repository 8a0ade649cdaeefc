"""Posting writes its intent first: a lost answer or a killed process never loses the message's
record or posts it twice, and the author always learns the truth."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from helpers import AUTHOR, SECRET, compose_to_preview, open_compose, post_preview, submit_compose
from support.slack_payloads import block_actions
from support.slack_requests import send_interaction

CHANNEL = {"severity": "significant", "delivery": "channel", "channel": "C777"}
GROUP_DM = {"severity": "minor", "delivery": "group_dm", "affected": ["U456", "U789"]}
# Posts give up after a tenth of the grace (1 s here), and are checked after it.
FAST = {"OOPS_UNCONFIRMED_GRACE": "10s", "OOPS_SCHEDULER_INTERVAL": "1"}


def _db(app_env) -> str:
    return app_env["DATABASE_URL"].removeprefix("sqlite:///")


def _rows(app_env, sql: str) -> list[tuple]:
    with sqlite3.connect(_db(app_env)) as db:
        return db.execute(sql).fetchall()


def _posts_to(fake, channel: str) -> list:
    return [c for c in fake.calls("chat.postMessage") if c.args.get("channel") == channel]


def _dm_to_author(fake, words: str, timeout: float = 15):
    """Wait for a DM to the author containing `words`; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in _posts_to(fake, AUTHOR):
            if words in json.dumps(call.args):
                return call
        time.sleep(0.1)
    raise AssertionError(f"no DM to the author with {words!r}; calls: {fake.describe()}")


def _assert_posted_once_and_recorded(fake, app_env, channel: str = "C777") -> None:
    posts = _posts_to(fake, channel)
    assert len(posts) == 1, [p.args for p in posts]
    ts = posts[0].response.get("ts") or fake.state.messages[channel][0]["ts"]
    assert _rows(app_env, "select status, message_ts from oopses") == [("posted", ts)]
    assert _rows(app_env, "select count(*) from nudges") == [(3,)]
    assert _rows(app_env, "select count(*) from drafts") == [(0,)]


def test_a_lost_answer_is_found_in_the_conversation_and_never_posted_again(
    start_app, fake_slack, app_env
):
    app = start_app(**FAST)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.lose_answer("chat.postMessage")
    assert post_preview(app, preview).status == 200
    shown = fake_slack.wait_for("views.update", n=1)[-1].args["view"]
    assert "didn't confirm" in json.dumps(shown)
    _dm_to_author(fake_slack, "did go out")
    _assert_posted_once_and_recorded(fake_slack, app_env)


def test_slack_answering_after_the_client_timeout(start_app, fake_slack, app_env):
    # A 4 s post timeout (a tenth of the grace); Slack answers at 4.5 s.
    app = start_app(OOPS_UNCONFIRMED_GRACE="40s", OOPS_SCHEDULER_INTERVAL="1")
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.delay("chat.postMessage", 4.5)  # the client gives up at 4 s
    post_preview(app, preview)
    shown = fake_slack.wait_for("views.update", n=1, timeout=20)[-1].args["view"]
    assert "didn't confirm" in json.dumps(shown) and "Not posted" in json.dumps(shown)
    fake_slack.delay("chat.postMessage", 0)
    _dm_to_author(fake_slack, "did go out", timeout=45)
    _assert_posted_once_and_recorded(fake_slack, app_env)


def test_killed_while_slack_holds_the_post(start_app, fake_slack, app_env):
    app = start_app(**FAST)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.delay("chat.postMessage", 2)
    post_preview(app, preview)
    fake_slack.wait_for_arrival("chat.postMessage")
    app.kill()
    fake_slack.wait_for("chat.postMessage", n=1, timeout=5)  # Slack finished the post anyway
    fake_slack.delay("chat.postMessage", 0)
    app.restart()
    _dm_to_author(fake_slack, "did go out")
    _assert_posted_once_and_recorded(fake_slack, app_env)


def test_killed_after_slack_answered_before_the_record(start_app, fake_slack, app_env):
    app = start_app(**FAST)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.delay("chat.postMessage", 0.5)
    post_preview(app, preview)
    fake_slack.wait_for_arrival("chat.postMessage")
    # While Slack holds the post, lock the database: the record after Slack's answer must wait.
    lock = sqlite3.connect(_db(app_env), isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        fake_slack.wait_for("chat.postMessage", n=1, timeout=5)
        time.sleep(0.3)  # the answer is back; the app now waits on the lock to record it
        app.kill()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    fake_slack.delay("chat.postMessage", 0)
    assert _rows(app_env, "select status from oopses") == [("posting",)]
    app.restart()
    _dm_to_author(fake_slack, "did go out")
    _assert_posted_once_and_recorded(fake_slack, app_env)


def test_killed_before_the_post_call_gives_the_draft_back(start_app, fake_slack, app_env):
    app = start_app(**FAST)
    _, preview = compose_to_preview(app, fake_slack, GROUP_DM)
    fake_slack.delay("conversations.open", 3)  # the group DM is opened after the intent
    post_preview(app, preview)
    fake_slack.wait_for_arrival("conversations.open")
    app.kill()
    fake_slack.delay("conversations.open", 0)
    app.restart()
    note = _dm_to_author(fake_slack, "didn't go out")
    assert any(
        b.get("accessory", {}).get("action_id") == "reopen_draft" for b in note.args["blocks"]
    )
    assert not [c for c in fake_slack.calls("chat.postMessage") if c.args.get("channel") != AUTHOR]
    assert _rows(app_env, "select count(*) from oopses") == [(0,)]
    assert _rows(app_env, "select count(*), max(posting_oops_id) from drafts") == [(1, None)]


def test_a_slow_users_info_at_post_time_keeps_the_draft_and_posts(start_app, fake_slack, app_env):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.delay("users.info", 12)
    post_preview(app, preview)
    shown = fake_slack.wait_for("views.update", n=1, timeout=8)[-1].args["view"]
    assert "Posted" in json.dumps(shown)
    _assert_posted_once_and_recorded(fake_slack, app_env)


REFUSALS = [
    ("chat.postMessage", "is_archived", CHANNEL, "archived"),
    ("chat.postMessage", "restricted_action_read_only_channel", CHANNEL, "Only some people"),
    ("chat.postMessage", "team_access_not_granted", CHANNEL, "hasn't added me"),
    ("conversations.open", "user_disabled", GROUP_DM, "deactivated"),
    ("conversations.open", "cannot_dm_bot", GROUP_DM, "is an app"),
]


@pytest.mark.parametrize(("method", "code", "fields", "words"), REFUSALS)
def test_refusals_that_will_not_pass_say_so_and_reopen_the_whole_form(
    start_app, fake_slack, app_env, method, code, fields, words
):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, fields)
    fake_slack.respond(method, {"ok": False, "error": code}, times=1)
    post_preview(app, preview)
    result = fake_slack.wait_for("views.update", n=1)[-1].args["view"]
    text = json.dumps(result)
    assert words in text and code not in text and "try again in a moment" not in text
    assert _rows(app_env, "select count(*) from oopses") == [(0,)]
    # "Change the details" brings back the form with every value kept.
    press = block_actions("fix_draft", view={**result, "id": preview["id"]}, user_id=AUTHOR)
    assert send_interaction(app.url, SECRET, press).status == 200
    form = fake_slack.wait_for("views.update", n=2)[-1].args["view"]
    assert form["callback_id"] == "oops_compose"
    values = json.dumps(form["blocks"])
    assert "I broke the build" in values
    for value in (fields.get("channel"), *fields.get("affected", [])):
        if value:
            assert value in values
    assert json.loads(form["private_metadata"])["draft_id"] > 0


def test_bots_and_deactivated_people_are_refused_on_the_affected_block(start_app, fake_slack):
    fake_slack.set_user("U0BOTTY", is_bot=True, real_name="Deploy Bot")
    fake_slack.set_user("U0GONE", deleted=True, real_name="Former Colleague")
    app = start_app()
    view = open_compose(app, fake_slack, text="I broke the build")
    for user, words in (("U0BOTTY", "is an app"), ("U0GONE", "deactivated")):
        fields = {**GROUP_DM, "affected": ["U456", user]}
        body = submit_compose(app, view, fields).json()
        assert body["response_action"] == "errors", body
        assert words in body["errors"]["affected"], body


def test_a_reply_pressed_before_the_record_is_finished_still_reaches_the_author(
    start_app, fake_slack, app_env
):
    """The reply buttons carry the oops id: a press between Slack's answer and the record
    (here: the record held up by a locked database) is taken, not refused."""
    from helpers import press_on_post

    app = start_app(**FAST)
    _, preview = compose_to_preview(app, fake_slack, {**CHANNEL, "affected": ["U456"]})
    fake_slack.delay("chat.postMessage", 0.5)
    post_preview(app, preview)
    fake_slack.wait_for_arrival("chat.postMessage")
    lock = sqlite3.connect(_db(app_env), isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # readers still read; the record has to wait
        post = fake_slack.wait_for("chat.postMessage", n=1, timeout=5)[-1]
        fake_slack.delay("chat.postMessage", 0)
        assert _rows(app_env, "select status from oopses") == [("posting",)]
        assert press_on_post(app, post, "reply_thanks", user_id="U456").status == 200
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    _dm_to_author(fake_slack, "U456")


def test_a_join_refused_as_archived_says_archived_not_invite(start_app, fake_slack, app_env):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.respond("chat.postMessage", {"ok": False, "error": "not_in_channel"}, times=1)
    fake_slack.respond("conversations.join", {"ok": False, "error": "is_archived"}, times=1)
    post_preview(app, preview)
    text = json.dumps(fake_slack.wait_for("views.update", n=1)[-1].args["view"])
    assert "archived" in text and "/invite" not in text
    assert _rows(app_env, "select count(*) from drafts") == [(1,)]


def test_a_reply_dm_whose_answer_is_lost_is_not_sent_twice(start_app, fake_slack):
    """A connection dropped after Slack did the work is never resent: one DM per press."""
    from helpers import press_on_post

    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, {**CHANNEL, "affected": ["U456"]})
    post_preview(app, preview)
    post = fake_slack.wait_for("chat.postMessage", n=1)[-1]
    fake_slack.lose_answer("chat.postMessage")
    assert press_on_post(app, post, "reply_thanks", user_id="U456").status == 200
    _dm_to_author(fake_slack, "U456")
    time.sleep(1.0)  # a resend, if any, would follow at once
    thanks = [c for c in _posts_to(fake_slack, AUTHOR) if "U456" in json.dumps(c.args)]
    assert len(thanks) == 1
