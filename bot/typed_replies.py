"""Typed replies: what someone types in the app's DM answers their latest open check-in.

Each message is taken once, whatever Slack redelivers (a retry after a slow ack, the same
event twice, another replica): the first delivery inserts the message's row, in the same
transaction as the answer, and only it replies; the others find the row and do nothing. The
row is the intent: it is committed before the confirmation goes out, and a confirmation whose
answer is lost (a timeout) is not sent again.

Ignored: anything with a subtype (bot messages, edits, deletions, joins, files), bot and app
messages, messages outside the app's DM, and replies in a thread. A thread hangs off one
message, but the answer goes to the most recent open prompt, and the confirmation would land
outside the thread: taking them would make it look as if the reply answered what it sits
under. Threads are left alone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.checkins import NOT_YOURS, Answered, record_checkin_answer, show_answered
from bot.clock import Clock
from bot.config import Settings
from bot.envelope import is_team_id
from bot.home import publish_home
from bot.i18n import translator
from bot.slack_text import decode_incoming, is_channel_id, is_user_id
from bot.states import NudgeStatus, TypedOutcome
from bot.user_profiles import user_locale
from bot.views.nudge_views import build_nudge_message
from bot.views.typed_replies import HELP, TOO_LONG, build_typed_answer, build_typed_undone
from storage import repositories as repo
from storage import typed_replies as store
from storage.db import SessionFactory

log = logging.getLogger(__name__)
# A typed message answers a check-in that went out at most this long ago.
ANSWER_WINDOW = timedelta(days=3)
MAX_ANSWER = 3000  # characters, as in the answer form
# Slack's clock and ours may differ a little: a message this much older than a prompt's
# recorded time may still answer it; anything older (a redelivered old message) does not.
CLOCK_SKEW = timedelta(minutes=5)
_TS = re.compile(r"^[0-9]{1,12}\.[0-9]{1,8}\Z")


@dataclass(frozen=True)
class TypedMessage:
    """A message someone typed in the app's DM, as Slack sent it."""

    team_id: str
    user_id: str
    channel_id: str
    ts: str
    text: str  # decoded: &amp; &lt; &gt; back to & < >

    @property
    def sent_at(self) -> datetime:
        """When it was written, from its ts (seconds since the epoch, UTC)."""
        return datetime.fromtimestamp(float(self.ts), UTC)


def typed_message(body: dict, event: dict) -> TypedMessage | None:
    """The message to take from a `message` event, or None to ignore it."""
    if event.get("type") != "message" or event.get("channel_type") != "im":
        return None
    channel = event.get("channel")
    if not (isinstance(channel, str) and channel.startswith("D")):  # only a direct message
        return None
    if event.get("subtype") is not None or event.get("bot_id") or event.get("app_id"):
        return None
    if event.get("hidden") or event.get("user") == "USLACKBOT":  # not a person writing
        return None
    thread_ts = event.get("thread_ts")
    if thread_ts and thread_ts != event.get("ts"):
        return None
    user, ts, text = (event.get(k) for k in ("user", "ts", "text"))
    # Who they are: their own team (Slack Connect, another Grid workspace), else the envelope's.
    team = next(
        (
            t
            for t in (event.get("user_team"), event.get("team"), body.get("team_id"))
            if is_team_id(t)
        ),
        None,
    )
    ours = {a.get("user_id") for a in body.get("authorizations") or [] if isinstance(a, dict)}
    if not (is_user_id(user) and is_team_id(team) and is_channel_id(channel)) or user in ours:
        return None
    if not (isinstance(ts, str) and _TS.match(ts)) or not isinstance(text, str):
        return None
    text = decode_incoming(text).strip()
    return TypedMessage(team, user, channel, ts, text) if text else None


def take_typed_reply(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    message: TypedMessage,
) -> None:
    """Answer the latest open check-in with `message` and confirm it, or reply with help."""
    now = clock()
    who = {"team_id": message.team_id, "user_id": message.user_id}
    t = translator(user_locale(client, session_factory, clock, **who))
    answered: Answered | None = None
    note = t(HELP)
    with session_factory.begin() as s:
        taken = store.take_message(
            s, **who, channel_id=message.channel_id, message_ts=message.ts, now=now
        )
        if not taken:
            log.info("typed message delivered again, already taken")
            return
        nudge = store.latest_open_prompt(
            s,
            team_id=message.team_id,
            author_id=message.user_id,
            since=now - ANSWER_WINDOW,
            until=min(now, message.sent_at + CLOCK_SKEW),
        )
        if nudge is not None and len(message.text) <= MAX_ANSWER:
            reopen_as = NudgeStatus.SENT if nudge.status == NudgeStatus.SENDING else nudge.status
            result = record_checkin_answer(
                session_factory,
                clock,
                settings,
                author_id=message.user_id,
                nudge_id=nudge.id,
                text=message.text,
                owner=None,  # a typed prevention step is the author's own, with no due date
                due_on=None,
                held=False,  # a follow-up's "it's in place" is a tick in the form, not a guess
                t=t,
                in_session=s,
            )
            if isinstance(result, str):  # the form got there first, a moment ago
                note = result
            else:
                answered = result
                store.note_answer(
                    s,
                    **who,
                    message_ts=message.ts,
                    nudge_id=nudge.id,
                    answer_id=result.answer_id,
                    step_id=result.step_id,
                    reopen_as=reopen_as,
                )
    if answered is None:
        if nudge is not None and len(message.text) > MAX_ANSWER:
            note = t(TOO_LONG, limit=MAX_ANSWER)
        _say(client, channel=message.user_id, text=note)
        return
    text, blocks = build_typed_answer(
        kind=answered.nudge.kind, text=message.text, message_ts=message.ts, locale=t.locale
    )
    _say(client, channel=message.user_id, text=text, blocks=blocks)
    show_answered(
        client,
        session_factory,
        clock,
        settings,
        answered=answered,
        author_id=message.user_id,
        text=message.text,
    )


def _say(client: WebClient, *, channel: str, **message) -> None:
    """Post once: a lost answer (timeout, dropped connection) is unknown, never sent again."""
    try:
        client.chat_postMessage(channel=channel, **message)
    except SlackApiError as err:
        log.warning("typed reply not posted: %s", err.response.get("error"))
    except OSError as err:  # it may well have arrived: unknown, and not repeated
        log.warning("typed reply unconfirmed (unknown): %s", type(err).__name__)


def undo_typed_answer(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    message_ts: str,
    pressed_in: tuple[str | None, str | None],
) -> str | None:
    """Withdraw a typed answer and reopen its prompt (the writer only, once); a note for the
    presser when nothing changed."""
    who = {"team_id": team_id, "user_id": user_id}
    t = translator(user_locale(client, session_factory, clock, **who))
    ts = message_ts if isinstance(message_ts, str) and _TS.match(message_ts) else ""
    with session_factory.begin() as s:
        undone = store.undo_answer(s, **who, message_ts=ts) if ts else None
        outcome = None if undone else store.typed_outcome(s, **who, message_ts=ts)
        nudge = (
            repo.get_author_nudge(s, nudge_id=undone.nudge_id, author_id=user_id)
            if undone
            else None
        )
        what, posted_at = (nudge.oops.what_happened, nudge.oops.posted_at) if nudge else ("", None)
    if undone is None:
        return t("Already undone.") if outcome == TypedOutcome.UNDONE else t(NOT_YOURS)
    channel, ts_pressed = pressed_in
    if channel and ts_pressed:
        text, blocks = build_typed_undone(t.locale)
        client.chat_update(channel=channel, ts=ts_pressed, text=text, blocks=blocks)
    if nudge is not None and nudge.channel_id and nudge.message_ts:
        # The prompt gets its buttons back, so it can be answered again either way.
        text, blocks = build_nudge_message(
            nudge_id=nudge.id,
            kind=nudge.kind,
            what_happened=what,
            posted_at=posted_at,
            locale=t.locale,
        )
        client.chat_update(channel=nudge.channel_id, ts=nudge.message_ts, text=text, blocks=blocks)
    publish_home(
        client,
        session_factory,
        team_id=team_id,
        user_id=user_id,
        default_hours=settings.working_hours,
        locale=t.locale,
    )
    return None
