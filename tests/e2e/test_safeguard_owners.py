"""Issue 15 (1, 2): a safeguard's owner is told, can mark it done or pass it back, and is
reminded once on the due date inside their working hours; over signed HTTP, with a moved clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from clocked_app import SECRET, start_clocked_app
from sqlalchemy import select
from support.factories import new_oops
from support.slack_payloads import block_actions, view_submission
from support.slack_requests import send_interaction

from storage import repositories as repo
from storage.models import Nudge, PreventionStep

AUTHOR, OWNER, STRANGER, NEW_OWNER = "U123", "U0OWNER", "U0STRANGER", "U0NEWOWNER"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
DUE = "2026-03-04"  # Wednesday: 09:00 in Berlin is 08:00 UTC, the author's 09:00 UTC is 09:00
LINK = "https://example.slack.com/archives/C777/p1700000000000100"
STEP = "Add a staging check to the deploy script"


@pytest.fixture
def app(fake_slack, database_url):
    fake_slack.set_user(AUTHOR, tz="UTC")
    fake_slack.set_user(OWNER, tz="Europe/Berlin")
    fake_slack.set_user(NEW_OWNER, tz="UTC")
    running = start_clocked_app(fake_slack, database_url, T0, replicas=2)
    yield running
    running.stop()


def _dms(fake, user):
    return [c for c in fake.calls("chat.postMessage") if c.args["channel"] == user]


def _press(app, call, action_id, user_id):
    message = {"ts": call.response["ts"], "blocks": call.args["blocks"]}
    payload = block_actions(
        action_id, message=message, channel_id=call.response["channel"], user_id=user_id
    )
    assert send_interaction(app.url, SECRET, payload).status == 200


def _until(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def _nudges(app, **where):
    with app.session_factory() as s:
        rows = s.scalars(select(Nudge).where(Nudge.step_id.is_not(None)).order_by(Nudge.id))
        return [n for n in rows if all(getattr(n, k) == v for k, v in where.items())]


def _step(app):
    with app.session_factory() as s:
        return s.scalars(select(PreventionStep)).one()


def _give_step(app, fake, owner=OWNER):
    """The author answers the prevention check-in naming `owner`, due on DUE."""
    with app.session_factory.begin() as s:
        repo.record_oops(
            s,
            now=T0,
            nudges=[("prevention", T0)],
            new=new_oops(team_id="T0001", author_id=AUTHOR, channel_id="C777", permalink=LINK),
        )
    app.sweep()
    (prompt,) = _dms(fake, AUTHOR)
    _press(app, prompt, "nudge_answer", AUTHOR)
    modal = fake.wait_for("views.open")[-1].response["view"]
    fields = {"answer_input": STEP, "owner_input": owner, "due_input": DUE}
    response = send_interaction(
        app.url, SECRET, view_submission(modal, fields=fields, user_id=AUTHOR)
    )
    assert response.status == 200 and not response.text, response.text
    # After the ack the owner's zone is learned and their reminder moved into their hours.
    _until(lambda: [n.due_at for n in _nudges(app, kind="step_due", author_id=owner)])
    if owner == OWNER:
        expected = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
        _until(lambda: _nudges(app, kind="step_due", author_id=OWNER)[0].due_at == expected)


def test_owner_gets_the_dm_a_stranger_is_refused_and_the_owner_marks_it_done(app, fake_slack):
    _give_step(app, fake_slack)
    app.race()
    (dm,) = _dms(fake_slack, OWNER)
    text = str(dm.args["blocks"])
    assert STEP in text and f"<@{AUTHOR}>" in text and LINK in text and "Wed, Mar 4" in text
    actions = [b for b in dm.args["blocks"] if b["type"] == "actions"]
    buttons = [e["action_id"] for b in actions for e in b["elements"]]
    assert buttons == ["prevention_done", "step_not_mine"]

    _press(app, dm, "prevention_done", STRANGER)
    refusal = fake_slack.wait_for("chat.postEphemeral")[-1]
    assert refusal.args["user"] == STRANGER and "someone else" in refusal.args["text"]
    assert _step(app).status == "open"

    _press(app, dm, "prevention_done", OWNER)
    fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == dm.response["ts"])
    assert _step(app).status == "done"
    # The author hears it is done (and may post the update in the thread).
    fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.args["channel"] == AUTHOR and "Safeguard done" in c.args["text"],
    )
    assert {n.status for n in _nudges(app, kind="step_due")} == {"cancelled"}
    app.clock.advance(days=3)
    app.race()
    assert len(_dms(fake_slack, OWNER)) == 1


def test_not_mine_tells_the_author_once_and_the_author_reassigns(app, fake_slack):
    _give_step(app, fake_slack)
    app.sweep()
    (dm,) = _dms(fake_slack, OWNER)
    _press(app, dm, "step_not_mine", STRANGER)
    fake_slack.wait_for("chat.postEphemeral", where=lambda c: c.args["user"] == STRANGER)
    for _ in range(2):  # a double click
        _press(app, dm, "step_not_mine", OWNER)
    fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == dm.response["ts"])
    fake_slack.wait_for("chat.postEphemeral", where=lambda c: c.args["user"] == OWNER)
    assert [n.status for n in _nudges(app, kind="step_due", author_id=OWNER)] == ["cancelled"]
    app.race()
    app.race()
    asks = [c for c in _dms(fake_slack, AUTHOR) if "isn't theirs" in str(c.args["blocks"])]
    assert len(asks) == 1

    _press(app, asks[0], "step_reassign", AUTHOR)
    modal = fake_slack.wait_for("views.open", where=lambda c: "step_reassign" in str(c.args))
    view = modal[-1].response["view"]
    submit = view_submission(view, fields={"new_owner_input": NEW_OWNER}, user_id=AUTHOR)
    response = send_interaction(app.url, SECRET, submit)
    assert response.status == 200 and not response.text, response.text
    assert _step(app).owner_id == NEW_OWNER
    app.race()
    (assigned,) = _dms(fake_slack, NEW_OWNER)
    assert STEP in str(assigned.args["blocks"])
    # The new owner can finish it; the old one no longer can.
    _press(app, assigned, "prevention_done", OWNER)
    _until(
        lambda: (
            fake_slack.count("chat.postEphemeral", where=lambda c: "someone else" in c.args["text"])
            >= 2
        )
    )
    assert _step(app).status == "open"


def test_due_date_reminder_comes_once_inside_the_owners_hours(app, fake_slack):
    _give_step(app, fake_slack)
    app.race()  # the owner's DM
    assert len(_dms(fake_slack, OWNER)) == 1
    app.clock.now = datetime(2026, 3, 4, 7, 59, tzinfo=UTC)  # 08:59 in Berlin
    app.race()
    assert len(_dms(fake_slack, OWNER)) == 1
    app.clock.now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    for _ in range(3):  # two replicas racing, again and again: one reminder
        app.race()
    reminders = _dms(fake_slack, OWNER)[1:]
    assert len(reminders) == 1 and "Reminder" in reminders[0].args["blocks"][0]["text"]["text"]
    assert not [c for c in _dms(fake_slack, AUTHOR) if "Reminder" in str(c.args["blocks"])]
    app.clock.now = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # the author's 09:00
    app.race()
    app.race()
    to_author = [c for c in _dms(fake_slack, AUTHOR) if "Reminder" in str(c.args["blocks"])]
    assert len(to_author) == 1 and f"<@{OWNER}>" in str(to_author[0].args["blocks"])

    # Snooze works: an hour later, once more; after Done, never again.
    _press(app, reminders[0], "nudge_snooze_hour", OWNER)
    _until(lambda: _nudges(app, kind="step_due", author_id=OWNER)[0].status == "pending")
    app.race()
    assert len(_dms(fake_slack, OWNER)) == 2
    app.clock.advance(hours=1)
    app.race()
    app.race()
    assert len(_dms(fake_slack, OWNER)) == 3
    _press(app, _dms(fake_slack, OWNER)[-1], "prevention_done", OWNER)
    _until(lambda: _step(app).status == "done")
    app.clock.advance(days=1)
    app.race()
    assert len(_dms(fake_slack, OWNER)) == 3
