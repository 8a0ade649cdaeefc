"""The affected people answer privately; nobody else can press their buttons."""

from __future__ import annotations

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview, press_on_post
from support.slack_payloads import block_actions, view_submission
from support.slack_requests import send_interaction

AFFECTED = "U0AFF1"


def _posted(app, fake):
    _, preview = compose_to_preview(
        app, fake, {"channel_input": "C777", "affected_input": [AFFECTED]}
    )
    post_preview(app, preview)
    fake.wait_for("views.update", n=1)  # the oops is recorded by then
    post = fake.wait_for("chat.postMessage", n=1)[-1]
    return {"ts": post.response["ts"], "blocks": post.args["blocks"]}


def _dms_to_author(fake):
    return [c for c in fake.calls("chat.postMessage") if c.args["channel"] == AUTHOR]


def test_thanks_and_still_affected_reach_the_author_privately(start_app, fake_slack):
    app = start_app()
    message = _posted(app, fake_slack)
    for action in ("reply_thanks", "reply_still_affected"):
        send_interaction(
            app.url,
            SECRET,
            block_actions(action, message=message, channel_id="C777", user_id=AFFECTED),
        )
    fake_slack.wait_for("chat.postEphemeral", n=2)
    texts = [c.args["text"] for c in _dms_to_author(fake_slack)]
    assert any("said thanks" in t and f"<@{AFFECTED}>" in t for t in texts)
    assert any("still affected" in t for t in texts)


def test_bystander_cannot_press_and_author_hears_nothing(start_app, fake_slack):
    app = start_app()
    message = _posted(app, fake_slack)
    send_interaction(
        app.url,
        SECRET,
        block_actions("reply_feedback", message=message, channel_id="C777", user_id="U0BYSTAND"),
    )
    refusal = fake_slack.wait_for("chat.postEphemeral", n=1)[-1]
    assert refusal.args["user"] == "U0BYSTAND"
    assert fake_slack.count("views.open") == 1 and _dms_to_author(fake_slack) == []


def test_anonymous_feedback_hides_the_sender_and_is_escaped(start_app, fake_slack):
    app = start_app()
    message = _posted(app, fake_slack)
    send_interaction(
        app.url,
        SECRET,
        block_actions("reply_feedback", message=message, channel_id="C777", user_id=AFFECTED),
    )
    modal = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    forged = send_interaction(
        app.url,
        SECRET,
        view_submission(modal, fields={"feedback_input": "hi"}, user_id="U0BYSTAND"),
    )
    assert forged.json()["response_action"] == "errors"
    sent = send_interaction(
        app.url,
        SECRET,
        view_submission(
            modal,
            fields={
                "feedback_input": "Tell us sooner <!channel>",
                "feedback_anonymous": ["anonymous"],
            },
            user_id=AFFECTED,
        ),
    )
    assert sent.status == 200
    dm = fake_slack.wait_for("chat.postMessage", n=1, where=lambda c: c.args["channel"] == AUTHOR)
    text = dm[-1].args["text"]
    assert "Someone affected" in text and AFFECTED not in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text


def test_a_reply_pressed_the_moment_the_message_appears_is_taken(start_app, fake_slack):
    # Slack is slow to give the link; the message is already in the channel meanwhile, and the
    # affected person presses Thanks straight away.
    fake_slack.delay("chat.getPermalink", 3)
    app = start_app()
    _, preview = compose_to_preview(
        app, fake_slack, {"channel_input": "C777", "affected_input": [AFFECTED]}
    )
    post_preview(app, preview)
    post = fake_slack.wait_for("chat.postMessage", n=1)[-1]
    fake_slack.wait_for_arrival("chat.getPermalink")
    assert fake_slack.count("chat.getPermalink") == 0  # the app is still waiting for the link
    press_on_post(app, post, "reply_thanks", AFFECTED)
    fake_slack.wait_for("chat.postEphemeral", n=1)
    assert any("said thanks" in c.args["text"] for c in _dms_to_author(fake_slack))
    # The link still reaches the author's result modal once Slack gives it.
    result = fake_slack.wait_for("views.update", n=1)[-1]
    assert f"https://fake.slack/archives/C777/p{post.response['ts'].replace('.', '')}" in str(
        result.args["view"]
    )
