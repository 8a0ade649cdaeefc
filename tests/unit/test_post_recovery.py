"""bot/post_recovery.py with a moved clock and a stub Slack: when an unconfirmed post is
settled, and what the author is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from support.factories import new_oops

from bot.config import load_settings
from bot.post_recovery import resolve_unconfirmed_posts
from storage import posting
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema
from storage.models import Draft, Oops

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SETTINGS = load_settings(
    {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "OOPS_UNCONFIRMED_GRACE": "10s"}
)


class StubSlack:
    """Answers history with `messages`, or raises `error`; records the DMs."""

    # What impatient() copies; the copy's users.info then finds nobody listening (UTC is used).
    token, base_url, default_params, logger = "xoxb-1", "http://127.0.0.1:9/", {}, None

    def __init__(self, messages=(), error: str | None = None) -> None:
        self.messages, self.error, self.dms = list(messages), error, []

    def _answer(self, data: dict) -> SlackResponse:
        return SlackResponse(
            client=None,
            http_verb="POST",
            api_url="",
            req_args={},
            data=data,
            headers={},
            status_code=200,
        )

    def conversations_history(self, **_):
        if self.error:
            raise SlackApiError(self.error, self._answer({"ok": False, "error": self.error}))
        return self._answer({"ok": True, "messages": self.messages})

    conversations_replies = conversations_history

    def chat_postMessage(self, **args):  # noqa: N802 (slack_sdk's name)
        self.dms.append(args)
        return self._answer({"ok": True, "ts": "1.1", "channel": "D1"})

    def chat_getPermalink(self, **_):  # noqa: N802
        return self._answer({"ok": True, "permalink": "https://x/p1"})

    def users_info(self, **_):
        return self._answer({"ok": True, "user": {"tz": "Europe/Paris", "locale": "en-US"}})


@pytest.fixture
def unknown_post(tmp_path):
    """A post marked unknown at T0 (its answer was lost), with its draft claimed."""
    engine = build_engine(f"sqlite:///{tmp_path / 'o.db'}")
    create_schema(engine)
    sf = build_session_factory(engine)
    with sf.begin() as s:
        draft = repo.save_draft(s, team_id="T1", author_id="U0AUTH", fields={"a": 1}, now=T0)
        oops_id = posting.start_posting(
            s, draft_id=draft.id, author_id="U0AUTH", now=T0, new=new_oops(message_ts=None)
        )
        posting.mark_unknown(s, oops_id=oops_id, now=T0)
    yield sf, oops_id
    engine.dispose()


def _run(sf, slack, at):
    return resolve_unconfirmed_posts(lambda _team: slack, sf, lambda: at, SETTINGS)


def test_not_there_is_final_only_minutes_after_the_answer_was_lost(unknown_post):
    sf, _ = unknown_post
    slack = StubSlack(messages=[])
    assert _run(sf, slack, T0 + timedelta(seconds=25)) == 0  # twice the grace: still waiting
    assert slack.dms == []
    assert _run(sf, slack, T0 + timedelta(minutes=3)) == 1
    (dm,) = slack.dms
    assert "didn't reach" in dm["text"]
    with sf() as s:
        assert s.query(Oops).count() == 0 and s.query(Draft).one().posting_oops_id is None


def test_found_late_is_recorded_with_its_check_ins(unknown_post):
    sf, oops_id = unknown_post
    ours = {
        "ts": "1772445660.000100",
        "metadata": {"event_type": "oops_posted", "event_payload": {"oops_id": oops_id}},
    }
    slack = StubSlack(messages=[{"ts": "1.0"}, ours])
    assert _run(sf, slack, T0 + timedelta(minutes=2)) == 1
    assert "did go out" in slack.dms[0]["text"]
    with sf() as s:
        oops = s.get(Oops, oops_id)
        assert (oops.status, oops.message_ts) == ("posted", "1772445660.000100")
        assert len(oops.nudges) == 3


@pytest.mark.parametrize("error", ["missing_scope", "not_in_channel"])
def test_a_conversation_we_may_not_read_goes_to_the_author_at_once(unknown_post, error):
    sf, _ = unknown_post
    slack = StubSlack(error=error)
    assert _run(sf, slack, T0 + timedelta(seconds=5)) == 1
    assert "couldn't confirm" in slack.dms[0]["text"]


def test_a_passing_history_error_waits_and_asks_later(unknown_post):
    sf, _ = unknown_post
    slack = StubSlack(error="internal_error")
    assert _run(sf, slack, T0 + timedelta(seconds=30)) == 0
    assert _run(sf, slack, T0 + timedelta(seconds=101)) == 1
    assert "couldn't confirm" in slack.dms[0]["text"]
