"""Issue 15 (5): App Home shows everything: 10 of each list, "…and N more", and the rest a
"Show all" away, paged in a modal; owners see the steps they own, overdue ones marked."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from clocked_app import SECRET, start_clocked_app
from support.factories import new_oops
from support.slack_payloads import app_home_opened, block_actions
from support.slack_requests import send_event, send_interaction

from storage import repositories as repo
from storage import steps

AUTHOR, OWNER = "U123", "U0OWNER"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def app(fake_slack, database_url):
    fake_slack.set_user(AUTHOR, tz="UTC")
    running = start_clocked_app(fake_slack, database_url, T0)
    with running.session_factory.begin() as s:
        oopses = [
            repo.record_oops(
                s,
                now=T0 - timedelta(hours=i),
                nudges=[],
                new=new_oops(team_id="T0001", author_id=AUTHOR, what_happened=f"Slip {i}"),
            )
            for i in range(45)
        ]
        for i in range(25):
            steps.add_step(
                s,
                oops_id=oopses[i].id,
                team_id="T0001",
                author_id=AUTHOR,
                # Long and full of mrkdwn: escaped, cut, and still under 3000 chars a block.
                description=f"Step {i:02d} <!channel> *bold* " + "x" * 4000,
                owner_id=OWNER if i == 3 else AUTHOR,
                due_on=date(2026, 3, 1) if i == 0 else date(2026, 3, 10) + timedelta(days=i),
                now=T0,
            )
    yield running
    running.stop()


def _home(app, fake, user):
    before = fake.count("views.publish")
    send_event(app.url, SECRET, app_home_opened(user))
    return fake.wait_for("views.publish", n=before + 1)[-1].args


def _texts(blocks):
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def _fits_slack(view):
    assert len(view["blocks"]) <= 100
    for block in view["blocks"]:
        for text in [block.get("text") or {}, *block.get("elements", [])]:
            assert len(text.get("text", "")) <= 3000 if isinstance(text, dict) else True


def test_home_with_25_open_steps_says_how_many_more_and_shows_them_all(app, fake_slack):
    published = _home(app, fake_slack, AUTHOR)
    assert published["user_id"] == AUTHOR
    home = published["view"]
    _fits_slack(home)
    done_buttons = [
        b for b in home["blocks"] if b.get("accessory", {}).get("action_id") == "prevention_done"
    ]
    assert len(done_buttons) == 10
    assert ":warning: *Overdue*" in done_buttons[0]["text"]["text"]
    assert "<!channel>" not in json.dumps(home) and "&lt;!channel&gt;" in json.dumps(home)
    more = [b for b in home["blocks"] if b.get("accessory", {}).get("action_id") == "home_show_all"]
    assert [b["text"]["text"] for b in more] == ["…and 15 more", "…and 35 more"]

    send_interaction(
        app.url, SECRET, block_actions("home_show_all", view=home, value="steps", user_id=AUTHOR)
    )
    modal = fake_slack.wait_for("views.open")[-1].response["view"]
    _fits_slack(modal)
    listed = [t for t in _texts(modal["blocks"]) if t.startswith("Step ")]
    assert len(listed) == 25 and listed[0].startswith("Step 00")
    assert "Page 1 of 1" in json.dumps(modal)

    send_interaction(
        app.url, SECRET, block_actions("home_show_all", view=home, value="oopses", user_id=AUTHOR)
    )
    first = fake_slack.wait_for("views.open", n=2)[-1].response["view"]
    assert len([t for t in _texts(first["blocks"]) if "Slip" in t]) == 40
    send_interaction(app.url, SECRET, block_actions("home_show_page", view=first, user_id=AUTHOR))
    second = fake_slack.wait_for("views.update")[-1]
    assert second.args["view_id"] == first["id"]
    page = (
        json.loads(second.args["view"])
        if isinstance(second.args["view"], str)
        else second.args["view"]
    )
    assert len([t for t in _texts(page["blocks"]) if "Slip" in t]) == 5
    assert "Page 2 of 2" in json.dumps(page)


def test_an_owners_home_lists_the_step_they_own(app, fake_slack):
    home = _home(app, fake_slack, OWNER)["view"]
    steps_shown = [t for t in _texts(home["blocks"]) if t.startswith("Step ")]
    assert len(steps_shown) == 1 and f"Asked by <@{AUTHOR}>" in steps_shown[0]
    assert "Slip" not in json.dumps(home)  # the author's own log stays theirs
