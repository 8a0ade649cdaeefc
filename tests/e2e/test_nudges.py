"""Nudges end to end: timed DMs, answers, snooze/skip, App Home, crashes and Slack failures."""

from __future__ import annotations

import time

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from support.slack_payloads import app_home_opened, block_actions, view_submission
from support.slack_requests import send_event, send_interaction

FAST = {"OOPS_REFLECTION_DELAY": "3s", "OOPS_PREVENTION_DELAY": "4s", "OOPS_FOLLOWUP_DELAY": "5s"}
CHANNEL = {"channel_input": "C777"}


def _nudges(fake, delivered_only=True):
    return [
        c
        for c in fake.calls("chat.postMessage", delivered_only=delivered_only)
        if c.args.get("channel") == AUTHOR
    ]


def _post_oops(app, fake) -> float:
    _, preview = compose_to_preview(app, fake, CHANNEL)
    post_preview(app, preview)
    fake.wait_for("views.update", n=1)
    return fake.calls("chat.postMessage")[0].at


def _wait_nudges(fake, n, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_nudges(fake)) >= n:
            return _nudges(fake)
        time.sleep(0.1)
    raise AssertionError(f"expected {n} nudges, got {len(_nudges(fake))}:\n{fake.describe()}")


def _nudge_id(call) -> str:
    actions = next(b for b in call.args["blocks"] if b["type"] == "actions")
    return actions["elements"][0]["value"]


def test_each_nudge_arrives_once_and_not_before_its_delay(start_app, fake_slack):
    app = start_app(**FAST)
    posted_at = _post_oops(app, fake_slack)
    nudges = _wait_nudges(fake_slack, 3)
    time.sleep(2.5)  # a few more sweeps: nothing else may arrive
    assert len(_nudges(fake_slack, delivered_only=False)) == 3
    for call, delay in zip(nudges, (3, 4, 5), strict=True):
        assert call.at >= posted_at + delay - 0.05, call
    assert [
        "learn" in str(nudges[0].args["blocks"]),
        "change" in str(nudges[1].args["blocks"]),
    ] == [True, True]
    assert len({_nudge_id(c) for c in nudges}) == 3


def test_answer_is_stored_and_shown_only_in_authors_home(start_app, fake_slack):
    app = start_app(
        OOPS_REFLECTION_DELAY="1s", OOPS_PREVENTION_DELAY="1d", OOPS_FOLLOWUP_DELAY="2d"
    )
    _post_oops(app, fake_slack)
    (nudge,) = _wait_nudges(fake_slack, 1)
    message = {"ts": nudge.response["ts"], "blocks": nudge.args["blocks"]}
    channel = nudge.response["channel"]

    # Someone else presses the author's button: polite refusal, nothing opened.
    other = block_actions("nudge_answer", message=message, channel_id=channel, user_id="U0OTHER")
    assert send_interaction(app.url, SECRET, other).status == 200
    refusal = fake_slack.wait_for("chat.postEphemeral", n=1)[-1]
    assert refusal.args["user"] == "U0OTHER"
    assert "I broke the build" not in str(refusal.args)
    assert fake_slack.count("views.open") == 1  # only the /oops modal

    press = block_actions("nudge_answer", message=message, channel_id=channel, user_id=AUTHOR)
    send_interaction(app.url, SECRET, press)
    modal = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    blank = send_interaction(
        app.url, SECRET, view_submission(modal, fields={"answer_input": " "}, user_id=AUTHOR)
    )
    assert list(blank.json()["errors"]) == ["answer"]
    forged = send_interaction(
        app.url,
        SECRET,
        view_submission(modal, fields={"answer_input": "mine now"}, user_id="U0OTHER"),
    )
    assert forged.json()["response_action"] == "errors"
    done = send_interaction(
        app.url,
        SECRET,
        view_submission(
            modal,
            fields={"answer_input": "I rushed <!here> the release; next time I wait"},
            user_id=AUTHOR,
        ),
    )
    assert done.status == 200 and done.text in ("", "{}") or done.json() == {}
    update = fake_slack.wait_for("chat.update", n=1)[-1]
    assert update.args["ts"] == nudge.response["ts"]
    assert "nudge_answer" not in str(update.args["blocks"])  # buttons replaced

    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake_slack.wait_for("views.publish", n=2)[-1]
    assert home.args["user_id"] == AUTHOR
    assert "I rushed &lt;!here&gt; the release" in str(home.args["view"])
    send_event(app.url, SECRET, app_home_opened("U0OTHER"))
    other_home = fake_slack.wait_for("views.publish", n=3)[-1]
    assert other_home.args["user_id"] == "U0OTHER"
    assert "I rushed" not in str(other_home.args["view"])


def test_snooze_and_skip_replace_buttons_and_snooze_resends(start_app, fake_slack):
    app = start_app(
        OOPS_REFLECTION_DELAY="1s", OOPS_PREVENTION_DELAY="2s", OOPS_FOLLOWUP_DELAY="2d"
    )
    _post_oops(app, fake_slack)
    first, second = _wait_nudges(fake_slack, 2)
    for call, action in ((first, "nudge_skip"), (second, "nudge_snooze_hour")):
        message = {"ts": call.response["ts"], "blocks": call.args["blocks"]}
        send_interaction(
            app.url,
            SECRET,
            block_actions(
                action, message=message, channel_id=call.response["channel"], user_id=AUTHOR
            ),
        )
    updates = fake_slack.wait_for("chat.update", n=2)
    texts = " ".join(str(u.args["blocks"]) for u in updates)
    assert "Skipped" in texts and "Snoozed until" in texts
    assert all("nudge_answer" not in str(u.args["blocks"]) for u in updates)
    time.sleep(2)
    assert len(_nudges(fake_slack)) == 2  # the snoozed one waits its hour


def test_kill_between_post_and_due_then_restart_sends_each_once(start_app, fake_slack):
    app = start_app(**FAST)
    _post_oops(app, fake_slack)
    app.kill()
    assert _nudges(fake_slack) == []
    time.sleep(3.5)  # the reflection falls due while no process runs
    app.start()
    _wait_nudges(fake_slack, 3)
    time.sleep(2)
    assert len(_nudges(fake_slack, delivered_only=False)) == 3


def test_429_and_500_on_nudges_still_deliver_each_exactly_once(start_app, fake_slack):
    app = start_app(
        OOPS_REFLECTION_DELAY="1s", OOPS_PREVENTION_DELAY="1s", OOPS_FOLLOWUP_DELAY="1s"
    )
    _post_oops(app, fake_slack)
    fake_slack.fail("chat.postMessage", status=429, retry_after=1, times=2)
    # Two 500s are absorbed by the client's retries; backoff after exhausted retries is unit-tested.
    fake_slack.fail("chat.postMessage", status=500, times=2)
    nudges = _wait_nudges(fake_slack, 3, timeout=30)
    time.sleep(2)
    assert len(_nudges(fake_slack)) == 3
    assert len({_nudge_id(c) for c in nudges}) == 3
