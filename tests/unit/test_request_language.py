"""The request's language: the stored locale at once, Slack's once, after the ack, if asked."""

from datetime import UTC, datetime

import pytest
from slack_bolt import Ack, BoltRequest, BoltResponse
from slack_sdk import WebClient
from support.clock import FrozenClock

from bot.i18n import CHINESE, ENGLISH
from bot.language import Language
from bot.request_context import ProvideRequestContext
from bot.view_metadata import PreviewMeta
from storage import repositories as repo
from storage.db import build_engine, build_session_factory, create_schema

NOW = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.fixture
def session_factory(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'oops.db'}")
    create_schema(engine)
    return build_session_factory(engine)


def _language(fake_slack, session_factory, ack, user_id="U1"):
    fake_slack.set_user("U1", locale="zh-CN")
    fake_slack.set_user("U2", locale="en-US")
    client = WebClient(token="xoxb-test", base_url=fake_slack.base_url)
    return Language(
        team_id="T1",
        user_id=user_id,
        ack=ack,
        client=client,
        session_factory=session_factory,
        clock=FrozenClock(NOW),
    )


def _asked(fake_slack):
    return len(fake_slack.calls("users.info"))


def test_unused_it_asks_nobody(fake_slack, session_factory):
    ack = Ack()
    _language(fake_slack, session_factory, ack)
    ack()
    assert _asked(fake_slack) == 0


def test_before_the_ack_only_the_stored_locale_is_read(fake_slack, session_factory):
    ack = Ack()
    language = _language(fake_slack, session_factory, ack)
    assert language.cached.locale == ENGLISH  # nothing stored yet: a miss
    assert language.fresh.locale == ENGLISH  # not acked: the cached one, no users.info
    assert _asked(fake_slack) == 0
    ack()
    assert language.fresh.locale == CHINESE
    assert language.fresh.locale == CHINESE
    assert _asked(fake_slack) == 1


def test_the_stored_locale_needs_no_network(fake_slack, session_factory):
    with session_factory.begin() as s:
        repo.save_profile(s, team_id="T1", user_id="U1", tz=None, locale="zh-CN", now=NOW)
    language = _language(fake_slack, session_factory, Ack())
    assert language.cached.locale == CHINESE
    assert _asked(fake_slack) == 0


def test_a_database_that_is_down_is_english_before_the_ack(fake_slack, tmp_path):
    unreachable = build_session_factory(build_engine(f"sqlite:///{tmp_path / 'gone' / 'x.db'}"))
    ack = Ack()
    language = _language(fake_slack, unreachable, ack)
    assert language.cached.locale == ENGLISH
    ack()
    assert language.fresh.locale == CHINESE  # Slack still answers
    assert _asked(fake_slack) == 1


def test_slack_failing_after_the_ack_is_english(fake_slack, session_factory):
    fake_slack.respond("users.info", {"ok": False, "error": "user_not_found"})
    ack = Ack()
    language = _language(fake_slack, session_factory, ack)
    ack()
    assert language.fresh.locale == ENGLISH


def test_another_persons_language_is_theirs(fake_slack, session_factory):
    ack = Ack()
    language = _language(fake_slack, session_factory, ack)
    ack()
    assert language.of("U2").locale == ENGLISH
    assert language.of("U1").locale == CHINESE
    assert language.fresh.locale == CHINESE
    assert _asked(fake_slack) == 2  # once for each person


def _through_middleware(body, session_factory, client):
    req = BoltRequest(body=body, mode="socket_mode")
    req.context.update(session_factory=session_factory, clock=FrozenClock(NOW), client=client)
    ProvideRequestContext().process(req=req, resp=BoltResponse(status=200), next=lambda: None)
    return req.context


def test_the_middleware_builds_it_lazily(fake_slack, session_factory):
    client = WebClient(token="xoxb-test", base_url=fake_slack.base_url)
    body = {
        "type": "view_submission",
        "user": {"id": "U1", "team_id": "T1"},
        "view": {"callback_id": "oops_preview", "private_metadata": '{"draft_id": 4}'},
    }
    context = _through_middleware(body, session_factory, client)
    assert context["actor"].who == {"team_id": "T1", "user_id": "U1"}
    assert context["metadata"] == PreviewMeta(4)
    language = context["language"]
    assert language.fresh.locale == ENGLISH  # the request is not acked yet
    context.ack()
    fake_slack.set_user("U1", locale="zh-CN")
    assert language.fresh.locale == CHINESE
    assert _asked(fake_slack) == 1


def test_a_request_that_names_nobody_has_no_language(session_factory):
    context = _through_middleware({"type": "event_callback"}, session_factory, None)
    assert context["actor"] is None and context["language"] is None
    assert context["metadata"] is None
