"""The /oops flow end to end: signed requests in, Web API calls out to the fake Slack."""

from __future__ import annotations

import sqlite3

from helpers import AUTHOR, SECRET, compose_to_preview, open_compose, post_preview, submit_compose
from support.slack_payloads import block_actions
from support.slack_requests import send_interaction, send_slash_command

CHANNEL = {"channel_input": "C777", "affected_input": ["U0AFF1", "U0AFF2"]}


def _rows(app_env, sql):
    path = app_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def _posts_to(fake, channel):
    return [
        c
        for c in fake.calls("chat.postMessage", delivered_only=True)
        if c.args["channel"] == channel
    ]


def test_help_answers_ephemerally_and_opens_nothing(start_app, fake_slack):
    app = start_app()
    response = send_slash_command(app.url, SECRET, text="help")
    assert response.status == 200
    assert "/oops" in response.json()["text"]
    assert response.json().get("response_type", "ephemeral") == "ephemeral"
    assert fake_slack.count("views.open") == 0


def test_oops_opens_prefilled_modal_with_current_channel(start_app, fake_slack):
    app = start_app()
    view = open_compose(app, fake_slack, text="I pushed &lt;broken&gt; config", channel_id="C555")
    call = fake_slack.last("views.open")
    assert call.args["trigger_id"]
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["what_happened"]["element"]["initial_value"] == "I pushed <broken> config"
    assert blocks["channel"]["element"]["initial_conversation"] == "C555"
    assert len(view["title"]["text"]) <= 24


def test_blank_and_forged_overlong_input_get_block_errors(start_app, fake_slack):
    app = start_app()
    compose = open_compose(app, fake_slack)
    blank = submit_compose(app, compose, {"what_happened_input": "   ", **CHANNEL})
    assert blank.status == 200
    assert blank.json() == {
        "response_action": "errors",
        "errors": {"what_happened": blank.json()["errors"]["what_happened"]},
    }
    forged = submit_compose(
        app, compose, {"what_happened_input": "x" * 20_000, "impact_input": "y" * 20_000, **CHANNEL}
    )
    assert forged.status == 200
    assert set(forged.json()["errors"]) == {"what_happened", "impact"}


def test_draft_preview_then_post_to_channel(start_app, fake_slack, app_env):
    app = start_app()
    _, preview = compose_to_preview(
        app,
        fake_slack,
        {
            **CHANNEL,
            "severity_input": "significant",
            "impact_input": "Invoices went out late",
            "repair_input": "Re-sent them all",
        },
    )
    message = next(b for b in preview["blocks"] if b.get("block_id") == "message")
    drafted = message["element"]["initial_value"]
    assert "Invoices went out late".lower()[:10] in drafted.lower() or "invoices" in drafted.lower()
    response = post_preview(app, preview)
    assert response.status == 200 and response.json()["response_action"] == "update"
    (post,) = fake_slack.wait_for("chat.postMessage", n=1)
    assert post.args["channel"] == "C777"
    assert post.args["text"]
    blob = str(post.args["blocks"])
    assert "<@U0AFF1>" in blob and "<@U0AFF2>" in blob and f"<@{AUTHOR}>" in blob
    # The author sees a confirmation with a link in the modal.
    update = fake_slack.wait_for("views.update", n=1)[-1]
    assert "https://fake.slack/archives/C777/" in str(update.args["view"])
    rows = _rows(app_env, "select author_id, team_id, channel_id, message_ts, severity from oopses")
    assert rows == [(AUTHOR, "T0001", "C777", post.response["ts"], "significant")]
    assert _rows(app_env, "select count(*) from affected_people") == [(2,)]
    assert _rows(app_env, "select count(*) from drafts") == [(0,)]


def test_edited_message_is_escaped_so_nobody_gets_pinged(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview, message="<!channel> look <https://evil.example|bank> & <@U999>")
    (post,) = fake_slack.wait_for("chat.postMessage", n=1)
    blob = post.args["text"] + str(post.args["blocks"])
    for forged in ("<!channel>", "<https://evil", "<@U999>"):
        assert forged not in blob
    assert "&lt;!channel&gt;" in blob and "&amp;" in blob


def test_blank_edited_message_is_an_error(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    response = post_preview(app, preview, message="  ")
    assert response.json()["response_action"] == "errors"
    assert set(response.json()["errors"]) == {"message"}
    assert fake_slack.count("chat.postMessage") == 0


def test_group_dm_to_affected_people(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(
        app, fake_slack, {"delivery_input": "group_dm", "affected_input": ["U0AFF1", "U0AFF2"]}
    )
    post_preview(app, preview)
    (opened,) = fake_slack.wait_for("conversations.open", n=1)
    assert set(opened.args["users"].split(",")) == {"U0AFF1", "U0AFF2"}
    (post,) = fake_slack.wait_for("chat.postMessage", n=1)
    assert post.args["channel"] == opened.response["channel"]["id"]


def test_group_dm_without_people_is_an_error_on_affected(start_app, fake_slack):
    app = start_app()
    compose = open_compose(app, fake_slack)
    response = submit_compose(
        app, compose, {"what_happened_input": "x", "delivery_input": "group_dm"}
    )
    assert list(response.json()["errors"]) == ["affected"]


def test_429_on_post_is_retried_and_delivered_once(start_app, fake_slack):
    app = start_app()
    fake_slack.fail("chat.postMessage", status=429, retry_after=1, times=1)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1, timeout=10)
    assert fake_slack.count("chat.postMessage") == 2
    assert len(_posts_to(fake_slack, "C777")) == 1


def test_not_in_public_channel_joins_then_posts(start_app, fake_slack):
    app = start_app()
    fake_slack.respond("chat.postMessage", {"ok": False, "error": "not_in_channel"}, times=1)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    fake_slack.wait_for("conversations.join", n=1)
    fake_slack.wait_for("chat.postMessage", n=2)
    update = fake_slack.wait_for("views.update", n=1)[-1]
    assert "Posted" in str(update.args["view"])


def test_private_channel_tells_author_how_to_invite_and_keeps_draft(start_app, fake_slack, app_env):
    app = start_app()
    fake_slack.respond("chat.postMessage", {"ok": False, "error": "channel_not_found"}, times=1)
    _, preview = compose_to_preview(app, fake_slack, CHANNEL)
    post_preview(app, preview)
    update = fake_slack.wait_for("views.update", n=1)[-1]
    assert "/invite @oops" in str(update.args["view"])
    assert _rows(app_env, "select count(*) from oopses") == [(0,)]
    assert _rows(app_env, "select count(*) from drafts") == [(1,)]

    # After inviting the bot, one press brings the same draft back in the same modal.
    result = {**update.args["view"], "id": preview["id"]}
    press = block_actions("reopen_draft", view=result, user_id=AUTHOR)
    assert send_interaction(app.url, SECRET, press).status == 200
    reopened = fake_slack.wait_for("views.update", n=2)[-1]
    assert reopened.args["view_id"] == preview["id"]
    assert reopened.args["view"]["callback_id"] == "oops_preview"
    post_preview(app, {**reopened.args["view"], "id": preview["id"], "hash": "h3"})
    fake_slack.wait_for("views.update", n=3)  # the "posted" result: the oops is recorded
    assert len(_posts_to(fake_slack, "C777")) == 1
    assert _rows(app_env, "select count(*) from oopses") == [(1,)]


def test_unsigned_and_stale_requests_rejected_without_api_calls(start_app, fake_slack):
    import time

    app = start_app()
    before = len(fake_slack.calls())
    assert send_slash_command(app.url, SECRET, signed=False).status == 401
    assert send_slash_command(app.url, "wrong-secret").status == 401
    assert send_slash_command(app.url, SECRET, timestamp=int(time.time()) - 600).status == 401
    time.sleep(0.3)
    assert len(fake_slack.calls()) == before
