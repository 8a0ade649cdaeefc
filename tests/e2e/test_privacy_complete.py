"""/oops export and /oops forget cover all a person's data, settings included (issue 10)."""

from __future__ import annotations

import json

from helpers import AUTHOR, SECRET, compose_to_preview, post_preview
from sqlalchemy import func, or_, select
from support.slack_payloads import app_home_opened, block_actions, view_submission
from support.slack_requests import send_event, send_interaction, send_slash_command

from storage.db import build_engine
from storage.models import Base

COLLEAGUE = "U0COLLEAGUE"


def _export(app, fake, user_id: str) -> dict:
    before = fake.count("(upload)")
    send_slash_command(app.url, SECRET, text="export", user_id=user_id)
    return json.loads(fake.wait_for("(upload)", n=before + 1)[-1].raw["_body"])


def _forget(app, fake, user_id: str) -> str:
    before = fake.count("views.open")
    send_slash_command(app.url, SECRET, text="forget", user_id=user_id)
    confirm = fake.wait_for("views.open", n=before + 1)[-1].response["view"]
    done = send_interaction(app.url, SECRET, view_submission(confirm, user_id=user_id))
    return json.dumps(done.json()["view"])


def _save_hours(app, fake, hours: str) -> None:
    send_event(app.url, SECRET, app_home_opened(AUTHOR))
    home = fake.wait_for("views.publish", n=1)[-1].args["view"]
    send_interaction(app.url, SECRET, block_actions("open_settings", view=home, user_id=AUTHOR))
    modal = fake.wait_for("views.open", n=1)[-1].response["view"]
    send_interaction(
        app.url, SECRET, view_submission(modal, fields={"hours_input": hours}, user_id=AUTHOR)
    )
    fake.wait_for("views.publish", n=2)


def test_export_and_forget_cover_settings_and_being_named(database_url, start_app, fake_slack):
    app = start_app(DATABASE_URL=database_url)
    _save_hours(app, fake_slack, "08:00-16:00")
    _, preview = compose_to_preview(
        app, fake_slack, {"channel_input": "C777", "affected_input": [COLLEAGUE]}
    )
    post_preview(app, preview)
    fake_slack.wait_for("views.update", n=1)

    mine = _export(app, fake_slack, AUTHOR)
    assert [r["working_hours"] for r in mine["user_settings"]] == ["08:00-16:00"]
    assert len(mine["oopses"]) == 1 and len(mine["nudges"]) == 3
    assert [r["user_id"] for r in mine["affected_people"]] == [COLLEAGUE]
    theirs = _export(app, fake_slack, COLLEAGUE)
    assert theirs["oopses"] == [] and theirs["user_settings"] == []
    assert [r["user_id"] for r in theirs["named_in"]["affected_people"]] == [COLLEAGUE]
    assert "I broke the build" not in json.dumps(theirs)  # someone else's words stay theirs

    # The colleague asks to be forgotten: their name leaves the author's record, nothing else.
    _forget(app, fake_slack, COLLEAGUE)
    mine = _export(app, fake_slack, AUTHOR)
    assert mine["affected_people"] == [] and len(mine["oopses"]) == 1
    assert _export(app, fake_slack, COLLEAGUE)["named_in"]["affected_people"] == []

    summary = _forget(app, fake_slack, AUTHOR)
    assert "1 oops" in summary and "1 oopses" not in summary and "3 check-ins" in summary
    assert _rows_naming(database_url, AUTHOR) == {}


def _rows_naming(url: str, user_id: str) -> dict[str, int]:
    """How many rows of each table hold `user_id` in a column marked as a person's."""
    engine = build_engine(url)
    found = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            marked = [c for c in table.columns if c.info.get("person")]
            if marked:
                n = conn.scalar(select(func.count()).where(or_(*(c == user_id for c in marked))))
                found.update({table.name: n} if n else {})
    engine.dispose()
    return found
