"""When Slack won't open the form in time, nothing typed is lost and the author is told."""

from __future__ import annotations

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview, press_on_post
from support.fake_slack import RESPONSE_URL
from support.slack_payloads import block_actions, message_shortcut
from support.slack_requests import send_interaction, send_slash_command


def _reopen(app, fake_slack, note):
    """Press the note's button, as Slack would send it from the ephemeral message."""
    send_interaction(
        app.url,
        SECRET,
        block_actions(
            "reopen_draft", message={"ts": "1.1", "blocks": note}, channel_id="C777", user_id=AUTHOR
        ),
    )
    return fake_slack.wait_for("views.open", n=1, delivered_only=True)[-1].args["view"]


def test_busy_slack_keeps_the_text_and_offers_a_button_to_carry_on(start_app, fake_slack):
    fake_slack.fail("views.open", status=429, retry_after=30, times=1)
    app = start_app()
    send_slash_command(
        app.url,
        SECRET,
        text="I emailed the draft contract to the client",
        channel_id="C777",
        response_url=fake_slack.response_url(),
    )
    note = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=5)[-1]
    assert note.args["response_type"] == "ephemeral"
    assert "didn't open the form in time" in note.args["text"]
    assert fake_slack.count("views.open") == 1  # one try: a retry would outlive the trigger
    # The facts are complete (what happened, where it goes): the button leads to the preview.
    view = _reopen(app, fake_slack, note.args["blocks"])
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    drafted = blocks["message"]["element"]["initial_value"]
    assert "emailed the draft contract to the client" in drafted
    assert "<#C777>" in str(view["blocks"])


def test_an_empty_oops_that_did_not_open_just_asks_to_try_again(start_app, fake_slack):
    fake_slack.fail("views.open", status=500, times=1)
    app = start_app()
    send_slash_command(app.url, SECRET, text="", response_url=fake_slack.response_url())
    note = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=5)[-1]
    assert "type `/oops` again" in note.args["text"]
    assert "reopen_draft" not in str(note.args.get("blocks"))


def test_a_shortcut_that_did_not_open_keeps_the_thread_and_the_poster(start_app, fake_slack):
    fake_slack.fail("views.open", status=500, times=1)
    app = start_app()
    payload = message_shortcut(
        "own_up_to_this",
        author_id="U0REPORTER",
        channel_id="C777",
        user_id=AUTHOR,
        response_url=fake_slack.response_url(),
    )
    send_interaction(app.url, SECRET, payload)
    note = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=5)[-1]
    view = _reopen(app, fake_slack, note.args["blocks"])
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["affected"]["element"]["initial_users"] == ["U0REPORTER"]
    assert '"thread_ts"' in view["private_metadata"]


def test_a_button_whose_form_did_not_open_says_so_to_the_presser(start_app, fake_slack):
    app = start_app()
    _, preview = compose_to_preview(
        app, fake_slack, {"channel_input": "C777", "affected_input": ["U0AFF1"]}
    )
    post_preview(app, preview)
    post = fake_slack.wait_for("chat.postMessage", n=1)[-1]
    fake_slack.wait_for("views.update", n=1)  # recorded by then
    fake_slack.fail("views.open", status=429, retry_after=30, times=1)
    press_on_post(app, post, "reply_feedback", "U0AFF1")
    note = fake_slack.wait_for("chat.postEphemeral", n=1, timeout=5)[-1]
    assert note.args["user"] == "U0AFF1" and note.args["channel"] == "C777"
    assert "didn't open the form in time" in note.args["text"]


def test_forget_that_did_not_open_says_so(start_app, fake_slack):
    fake_slack.fail("views.open", status=500, times=1)
    app = start_app()
    send_slash_command(app.url, SECRET, text="forget", response_url=fake_slack.response_url())
    note = fake_slack.wait_for(RESPONSE_URL, n=1, timeout=5)[-1]
    assert "Please try again" in note.args["text"]
