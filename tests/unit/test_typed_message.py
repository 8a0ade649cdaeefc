"""Which message events are a typed answer: only what a person typed in the app's DM."""

from __future__ import annotations

import pytest

from bot.typed_replies import TypedMessage, typed_message

BODY = {"team_id": "T0001", "authorizations": [{"user_id": "UBOT", "is_bot": True}]}
EVENT = {
    "type": "message",
    "channel_type": "im",
    "channel": "D0ABC",
    "user": "U123",
    "ts": "1772532000.000200",
    "text": " a &lt;b&gt; &amp; c ",
}


def test_a_plain_dm_message_is_taken_decoded():
    assert typed_message(BODY, EVENT) == TypedMessage(
        "T0001", "U123", "D0ABC", "1772532000.000200", "a <b> & c"
    )
    # A thread's parent itself (thread_ts == ts) is a message like any other.
    assert typed_message(BODY, {**EVENT, "thread_ts": EVENT["ts"]}) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"subtype": "bot_message", "bot_id": "B1"},
        {"bot_id": "B1"},
        {"app_id": "A1"},
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "file_share"},
        {"thread_ts": "1772532000.000100"},
        {"channel_type": "channel", "channel": "C0ABC"},
        {"channel_type": "mpim"},
        {"user": "UBOT"},
        {"user": "USLACKBOT"},
        {"hidden": True},
        {"channel": "C0ABC"},  # says "im" but is no direct message
        {"user": "not a user"},
        {"ts": "yesterday"},
        {"text": "   "},
        {"text": None},
        {"type": "app_mention"},
    ],
)
def test_everything_else_is_ignored(change):
    assert typed_message(BODY, {**EVENT, **change}) is None


def test_a_body_without_a_team_is_ignored():
    assert typed_message({}, EVENT) is None


def test_a_connect_or_grid_writer_is_known_by_their_own_team():
    found = typed_message(BODY, {**EVENT, "user_team": "T0002"})
    assert found is not None and found.team_id == "T0002"
