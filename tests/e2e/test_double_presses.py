"""Every press that changes something counts once: the same form submitted twice, a button
pressed again or from a second device, on SQLite and PostgreSQL. The second press changes
nothing and sends nobody anything; the presser is told it was already done."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview, press_on_post
from sqlalchemy import text
from support.slack_payloads import block_actions, view_submission
from support.slack_requests import send_interaction

from storage.db import build_engine

AFFECTED = "U0AFF1"
BOTH_DUE = {"OOPS_REFLECTION_DELAY": "1s", "OOPS_PREVENTION_DELAY": "1s"}
FOLLOWUP_LATER = {"OOPS_FOLLOWUP_DELAY": "2d"}


def _at_once(*requests):
    """Send the requests together (released by one barrier); their responses, in order."""
    barrier = threading.Barrier(len(requests))

    def run(request):
        barrier.wait()
        return request()

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(run, requests))


def _query(url: str, sql: str, **params):
    engine = build_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


def _nudge_id(call) -> str:
    actions = next(b for b in call.args["blocks"] if b["type"] == "actions")
    return actions["elements"][0]["value"]


def _post_and_wait_nudges(app, fake, url, fields=None) -> dict[str, object]:
    """Post an oops in C777; wait for the reflection and prevention DMs; {kind: call}."""
    _, preview = compose_to_preview(app, fake, {"channel_input": "C777", **(fields or {})})
    post_preview(app, preview)
    calls = fake.wait_for(
        "chat.postMessage", n=2, where=lambda c: c.args["channel"] == AUTHOR, timeout=20
    )
    kinds = dict(_query(url, "SELECT id, kind FROM nudges"))
    return {kinds[int(_nudge_id(c))]: c for c in calls}


def _press(app, call, action_id: str, user_id: str = AUTHOR):
    message = {"ts": call.response["ts"], "blocks": call.args["blocks"]}
    channel = call.response["channel"]
    payload = block_actions(action_id, message=message, channel_id=channel, user_id=user_id)
    return lambda: send_interaction(app.url, SECRET, payload)


def _body(response) -> dict:
    """The ack's JSON body ({} for an empty ack)."""
    return response.json() if response.text.strip() else {}


def _ephemerals(fake, text_part: str) -> list:
    return [c for c in fake.calls("chat.postEphemeral") if text_part in c.args.get("text", "")]


def test_an_answer_submitted_twice_or_from_two_devices_is_stored_once(
    database_url, start_app, fake_slack
):
    app = start_app(DATABASE_URL=database_url, **BOTH_DUE, **FOLLOWUP_LATER)
    nudges = _post_and_wait_nudges(app, fake_slack, database_url)
    prevention = nudges["prevention"]
    # Answer pressed on a phone and on a laptop: both forms open (nothing is decided yet).
    _at_once(_press(app, prevention, "nudge_answer"), _press(app, prevention, "nudge_answer"))
    phone, laptop = (c.response["view"] for c in fake_slack.wait_for("views.open", n=3)[1:])
    fields = {"answer_input": "Add a lint rule for it"}

    def submit(view):
        payload = view_submission(view, fields=fields, user_id=AUTHOR)
        return lambda: send_interaction(app.url, SECRET, payload)

    answers = _at_once(submit(phone), submit(laptop))
    again = submit(phone)()  # the same form once more, after the first was stored

    bodies = [_body(r) for r in [*answers, again]]
    assert [b.get("errors", {}).get("answer") for b in bodies].count("Already answered.") == 2
    assert bodies.count({}) == 1 and _body(again) != {}
    rows = _query(database_url, "SELECT count(*) FROM answers")
    steps = _query(database_url, "SELECT count(*) FROM prevention_actions")
    assert (rows, steps) == ([(1,)], [(1,)])
    fake_slack.wait_for("chat.update", n=1)

    # Answer pressed again on the answered prompt: said so privately, no form opens.
    _press(app, prevention, "nudge_answer")()
    fake_slack.wait_for("chat.postEphemeral", n=1)
    assert _ephemerals(fake_slack, "Already answered.")
    assert fake_slack.count("views.open") == 3
    time.sleep(0.5)  # nothing else follows
    assert fake_slack.count("chat.update") == 1


def test_skip_and_snooze_pressed_twice_count_once(database_url, start_app, fake_slack):
    app = start_app(DATABASE_URL=database_url, **BOTH_DUE, **FOLLOWUP_LATER)
    nudges = _post_and_wait_nudges(app, fake_slack, database_url)
    reflection, prevention = nudges["reflection"], nudges["prevention"]

    _at_once(_press(app, reflection, "nudge_skip"), _press(app, reflection, "nudge_skip"))
    fake_slack.wait_for("chat.postEphemeral", n=1)
    _press(app, prevention, "nudge_snooze_hour")()
    fake_slack.wait_for("chat.update", n=2)
    _press(app, prevention, "nudge_snooze_tomorrow")()  # a second press, the other option
    _press(app, prevention, "nudge_skip")()  # and Skip on the snoozed prompt
    fake_slack.wait_for("chat.postEphemeral", n=3)
    time.sleep(0.5)  # nothing else follows

    updates = [str(c.args["blocks"]) for c in fake_slack.calls("chat.update")]
    assert len(updates) == 2
    assert sum("Skipped" in u for u in updates) == 1 and sum("Snoozed" in u for u in updates) == 1
    assert len(_ephemerals(fake_slack, "Already skipped.")) == 1
    assert len(_ephemerals(fake_slack, "Already snoozed.")) == 2
    statuses = dict(_query(database_url, "SELECT kind, status FROM nudges"))
    assert statuses == {"reflection": "skipped", "prevention": "pending", "followup": "pending"}
    due = dict(_query(database_url, "SELECT kind, next_attempt_at FROM nudges"))
    snoozed_until = due["prevention"]
    time.sleep(0.2)
    assert (
        dict(_query(database_url, "SELECT kind, next_attempt_at FROM nudges"))["prevention"]
        == snoozed_until
    )  # the second snooze did not move it


def _dms_to_author(fake) -> list:
    return [c for c in fake.calls("chat.postMessage") if c.args["channel"] == AUTHOR]


def test_thanks_and_feedback_reach_the_author_once(database_url, start_app, fake_slack):
    app = start_app(DATABASE_URL=database_url)
    _, preview = compose_to_preview(
        app, fake_slack, {"channel_input": "C777", "affected_input": [AFFECTED]}
    )
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)
    post = fake_slack.wait_for("chat.postMessage", n=1)[-1]

    def thanks():
        return press_on_post(app, post, "reply_thanks", AFFECTED)

    _at_once(thanks, thanks)
    thanks()
    fake_slack.wait_for("chat.postEphemeral", n=3)
    assert len(_ephemerals(fake_slack, "already sent this")) == 2
    assert len(_ephemerals(fake_slack, "Sent privately")) == 1

    press_on_post(app, post, "reply_feedback", AFFECTED)
    modal = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    payload = view_submission(modal, fields={"feedback_input": "Tell us sooner"}, user_id=AFFECTED)
    sent = _at_once(*[lambda: send_interaction(app.url, SECRET, payload)] * 2)
    bodies = sorted((_body(r) for r in sent), key=len)
    assert bodies[0] == {} and "already sent" in str(bodies[1])
    fake_slack.wait_for("chat.postMessage", n=3)  # the post, one thanks, one feedback
    press_on_post(app, post, "reply_feedback", AFFECTED)  # no second form
    fake_slack.wait_for("chat.postEphemeral", n=4)
    time.sleep(0.5)  # nothing else follows
    texts = [c.args["text"] for c in _dms_to_author(fake_slack)]
    assert sum("said thanks" in t for t in texts) == 1
    assert sum("Tell us sooner" in t for t in texts) == 1
    assert fake_slack.count("views.open") == 2
    assert _query(database_url, "SELECT kind, user_id FROM replies ORDER BY kind") == [
        ("feedback", AFFECTED),
        ("thanks", AFFECTED),
    ]
