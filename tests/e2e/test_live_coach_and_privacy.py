"""Live coaching while typing, the message shortcut, and /oops export + forget."""

from __future__ import annotations

import json

import pytest
from helpers import AUTHOR, SECRET, compose_to_preview, open_compose, post_preview
from support.fake_slack import WaitTimeout
from support.slack_payloads import block_actions, message_shortcut, view_submission
from support.slack_requests import send_interaction, send_slash_command

CHANNEL = {"channel_input": "C777"}


def _coach_text(view: dict) -> str:
    return next(b for b in view["blocks"] if b.get("block_id") == "coach")["text"]["text"]


def test_typing_updates_coach_notes_with_the_views_hash(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    typed = "Mistakes were made, but the checklist is too long. Sorry if anyone was affected."
    payload = block_actions(
        "message_input", view=preview, action_type="plain_text_input", value=typed, user_id=AUTHOR
    )
    assert send_interaction(app.url, SECRET, payload).status == 200
    (update,) = fake_slack.wait_for("views.update", n=1)
    assert update.args["view_id"] == preview["id"]
    assert update.args["hash"] == payload["view"]["hash"]
    view = update.args["view"]
    assert "hash" not in view and "state" not in view
    coach = _coach_text(view)
    for label in ("Hides who did it", "Excuse", "Conditional apology"):
        assert label in coach, coach
    # The author's input block is untouched so Slack keeps what they typed.
    original = next(b for b in preview["blocks"] if b.get("block_id") == "message")
    assert next(b for b in view["blocks"] if b.get("block_id") == "message") == original


def test_stale_hash_is_dropped_quietly(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.respond("views.update", {"ok": False, "error": "hash_conflict"}, times=1)
    payload = block_actions(
        "message_input",
        view=preview,
        action_type="plain_text_input",
        value="I broke it.",
        user_id=AUTHOR,
    )
    assert send_interaction(app.url, SECRET, payload).status == 200
    fake_slack.wait_for("views.update", n=1)
    assert "listener failed" not in app.log_text()


def test_a_rate_limited_coach_update_is_dropped_not_retried(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    fake_slack.fail("views.update", status=429, retry_after=1, times=1)
    for n, typed in enumerate(("I broke it.", "I broke it. Sorry if anyone minded."), start=1):
        payload = block_actions(
            "message_input",
            view=preview,
            action_type="plain_text_input",
            value=typed,
            user_id=AUTHOR,
        )
        assert send_interaction(app.url, SECRET, payload).status == 200
        fake_slack.wait_for("views.update", n=n, timeout=5)
    # The second keystroke's review went through, and the stale first one is not retried
    # after its Retry-After (which would put old notes back on top).
    with pytest.raises(WaitTimeout):
        fake_slack.wait_for("views.update", n=3, timeout=2.5)
    assert "conditional" in str(fake_slack.last("views.update").args["view"]).lower()
    assert "listener failed" not in app.log_text()


def test_shortcut_opens_modal_aimed_at_the_thread_and_posts_there(start_app, fake_slack):
    app = start_app()
    payload = message_shortcut(
        "own_up_to_this",
        text="the nightly report is empty",
        author_id="U0REPORTER",
        channel_id="C900",
        user_id=AUTHOR,
    )
    assert send_interaction(app.url, SECRET, payload).status == 200
    view = fake_slack.wait_for("views.open", n=1)[-1].response["view"]
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["channel"]["element"]["initial_conversation"] == "C900"
    assert blocks["affected"]["element"]["initial_users"] == ["U0REPORTER"]
    response = send_interaction(
        app.url,
        SECRET,
        view_submission(
            view, fields={"what_happened_input": "I broke the report job"}, user_id=AUTHOR
        ),
    )
    preview = {**response.json()["view"], "id": view["id"], "hash": "h"}
    post_preview(app, preview)
    post = fake_slack.wait_for("chat.postMessage", n=1)[-1]
    assert post.args["channel"] == "C900"
    assert post.args["thread_ts"] == payload["message"]["ts"]


def test_export_dms_a_json_file_of_only_my_data(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL, text="I dropped the cache")
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    response = send_slash_command(app.url, SECRET, text="export", user_id=AUTHOR)
    assert response.status == 200 and "direct message" in response.json()["text"]
    complete = fake_slack.wait_for("files.completeUploadExternal", n=1)[-1]
    assert complete.args["channel_id"].startswith("D")
    upload = fake_slack.wait_for("(upload)", n=1)[-1]
    data = json.loads(upload.raw["_body"])
    assert data["user_id"] == AUTHOR
    assert [o["what_happened"] for o in data["oopses"]] == ["I dropped the cache"]


def test_forget_asks_first_then_deletes_everything_and_says_what(start_app, fake_slack):
    app = start_app(OOPS_REFLECTION_DELAY="1h")
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    send_slash_command(app.url, SECRET, text="forget", user_id=AUTHOR)
    confirm = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    assert "cannot be undone" in json.dumps(confirm)
    done = send_interaction(app.url, SECRET, view_submission(confirm, user_id=AUTHOR))
    summary = json.dumps(done.json()["view"])
    assert "1 oops" in summary and "1 oopses" not in summary and "3 check-ins" in summary
    again = send_interaction(app.url, SECRET, view_submission(confirm, user_id=AUTHOR))
    assert "nothing" in json.dumps(again.json()["view"])


def test_compose_can_be_reopened_after_open(start_app, fake_slack):
    app = start_app()
    assert open_compose(app, fake_slack)["callback_id"] == "oops_compose"


def test_why_it_happened_reaches_the_draft_in_the_first_person(start_app, fake_slack):
    app = start_app()
    fields = {
        **CHANNEL,
        "why_input": "ran the cleanup in the prod terminal instead of staging",
        "repair_input": "restored it from the 9:00 snapshot",
    }
    _, preview = compose_to_preview(app, fake_slack, fields, text="deleted the staging db")
    message = next(b for b in preview["blocks"] if b.get("block_id") == "message")
    drafted = message["element"]["initial_value"]
    assert "I deleted the staging db." in drafted
    assert "I ran the cleanup in the prod terminal instead of staging." in drafted
    assert "I restored it from the 9:00 snapshot." in drafted


def test_text_the_coach_cannot_read_gets_a_note_not_a_clean_bill(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    payload = block_actions(
        "message_input",
        view=preview,
        action_type="plain_text_input",
        value="<@U0AFF1> 抱歉，我把 staging 数据库删了，已经从备份恢复了 :pray:",
        user_id=AUTHOR,
    )
    assert send_interaction(app.url, SECRET, payload).status == 200
    (update,) = fake_slack.wait_for("views.update", n=1)
    coach = _coach_text(update.args["view"])
    assert "reads English only" in coach and "reads as honest" not in coach
