"""The owning-up service: draft a message from the facts, post it, record it and its nudges."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.coach import DraftFacts, draft, review
from bot.coach.language import reads_english
from bot.compose_form import ComposeForm
from bot.config import Settings
from bot.errors import UserFacingError
from bot.i18n import N_
from bot.ids import Delivery
from bot.nudges.policy import resolve_tz
from bot.preferences import plan_nudges
from bot.user_profiles import user_facts
from bot.views.owned_message import build_owned_message
from storage import repositories as repo
from storage.db import SessionFactory
from storage.user_settings import get_prefs

log = logging.getLogger(__name__)


def draft_message(form: ComposeForm) -> str:
    """The coach's draft for the author's facts."""
    return draft(
        DraftFacts(
            what_happened=form.what_happened,
            why=form.why,
            impact=form.impact,
            severity=form.severity,
            repair=form.repair,
            prevention=form.prevention,
            affected_count=len(form.affected),
        )
    )


@dataclass(frozen=True)
class Posted:
    """Where the message landed."""

    channel_id: str
    ts: str
    permalink: str | None


def _post(client: WebClient, channel: str, text: str, blocks: list, thread_ts: str | None) -> dict:
    return client.chat_postMessage(
        channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, unfurl_links=False
    ).data


def deliver(
    client: WebClient,
    *,
    form: ComposeForm,
    author_id: str,
    message: str,
    locale: str | None = None,
) -> Posted:
    """Post the message where the author chose; join a public channel if needed, else say how.

    The message is the author's own words; `locale` (theirs) only sets our chrome around it.
    """
    text, blocks = build_owned_message(
        author_id=author_id, message=message, affected=form.affected, locale=locale
    )
    if form.delivery == Delivery.GROUP_DM:
        channel = client.conversations_open(users=",".join(form.affected))["channel"]["id"]
        result = _post(client, channel, text, blocks, None)
    else:
        channel = form.channel_id or ""
        try:
            result = _post(client, channel, text, blocks, form.thread_ts)
        except SlackApiError as err:
            if err.response.get("error") not in ("not_in_channel", "channel_not_found"):
                raise
            _join_or_explain(client, channel, err.response.get("error"))
            result = _post(client, channel, text, blocks, form.thread_ts)
    return Posted(channel_id=result.get("channel", channel), ts=result["ts"], permalink=None)


def _permalink(client: WebClient, posted: Posted) -> str | None:
    """The posted message's link; None if Slack won't say (the post worked, that's what counts)."""
    try:
        return client.chat_getPermalink(channel=posted.channel_id, message_ts=posted.ts).get(
            "permalink"
        )
    except SlackApiError:
        return None


def _join_or_explain(client: WebClient, channel: str, error: str | None) -> None:
    """Join a public channel we are not in; for a private one, tell the author how to invite us."""
    how = N_(
        "I'm not a member of {channel}, so I couldn't post there. "
        "Type `/invite @oops` in that channel, then press *Post it* again from your saved draft; "
        "or choose *Only a direct message*."
    )
    params = {"channel": f"<#{channel}>"}
    if error == "channel_not_found":
        raise UserFacingError(how, params=params, log_message=f"channel_not_found for {channel}")
    try:
        client.conversations_join(channel=channel)
    except SlackApiError as err:
        raise UserFacingError(
            how, params=params, log_message=f"join {channel}: {err.response.get('error')}"
        ) from err


def post_oops(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    author_id: str,
    draft_id: int,
    message: str,
    locale: str | None = None,
) -> tuple[int, Posted]:
    """Take the draft, post the message, then record the oops and schedule its nudges.

    The draft is taken first so a second press cannot post twice; if posting fails it is
    put back so the author loses nothing. Everything the record needs is worked out before
    the post, so the oops is in the database the moment Slack has the message: an affected
    person's reply button, pressed right away, finds it.
    """
    with session_factory.begin() as s:
        fields = repo.take_draft(s, draft_id=draft_id, author_id=author_id)
    if fields is None:
        raise UserFacingError(N_("This draft has already been posted or discarded."))
    fields.pop("team_id", None)
    form = ComposeForm.from_dict(fields)
    tz = resolve_tz(
        user_facts(client, session_factory, clock, team_id=team_id, user_id=author_id).tz
    )
    with session_factory() as s:
        prefs = get_prefs(s, team_id=team_id, user_id=author_id)
    try:
        posted = deliver(client, form=form, author_id=author_id, message=message, locale=locale)
    except Exception:
        with session_factory.begin() as s:
            repo.save_draft(
                s,
                team_id=team_id,
                author_id=author_id,
                fields={**form.to_dict(), "message": message},
                now=clock(),
                draft_id=draft_id,  # same id: the author's open modal and buttons still work
            )
        raise
    now = clock()
    due = plan_nudges(now, severity=form.severity, prefs=prefs, settings=settings, tz=tz)
    with session_factory.begin() as s:
        oops = repo.record_oops(
            s,
            now=now,
            nudges=due,
            paused=prefs.paused,
            new=repo.NewOops(
                team_id=team_id,
                author_id=author_id,
                what_happened=form.what_happened,
                impact=form.impact,
                severity=form.severity,
                repair=form.repair,
                prevention=form.prevention,
                message=message,
                delivery=form.delivery,
                channel_id=posted.channel_id,
                thread_ts=form.thread_ts,
                message_ts=posted.ts,
                permalink=None,
                affected=form.affected,
            ),
        )
        oops_id = oops.id
    log.info("oops posted id=%s team=%s channel=%s", oops_id, team_id, posted.channel_id)
    permalink = _permalink(client, posted)
    if permalink:
        with session_factory.begin() as s:
            repo.set_permalink(s, oops_id=oops_id, permalink=permalink)
    return oops_id, replace(posted, permalink=permalink)


def review_message(text: str) -> list:
    """The coach's findings for the message as typed; none for text it cannot read (the coach
    block says so instead)."""
    return review(text) if reads_english(text) else []
