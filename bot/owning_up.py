"""The owning-up service: draft a message from the facts, post it, record it and its nudges."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.coach import DraftFacts, draft
from bot.compose_form import ComposeForm
from bot.config import Settings
from bot.errors import UserFacingError
from bot.i18n import N_
from bot.ids import Delivery
from bot.nudges.policy import resolve_tz
from bot.post_refusals import REFUSALS, FixIn, Refusal, explain_refusal
from bot.preferences import plan_nudges
from bot.slack_client import without_replays
from bot.user_profiles import user_facts
from bot.views.owned_message import build_owned_message
from storage import posting
from storage import repositories as repo
from storage.db import SessionFactory
from storage.install_key import InstallKey
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


class PostRefused(UserFacingError):
    """Slack refused the post (nothing was posted); the draft is open again at `draft_id`.

    `fix_in` says which step of the draft fixes it (bot/post_refusals.py).
    """

    def __init__(self, refusal: Refusal, *, params: dict[str, str] | None = None, code: str = ""):
        super().__init__(refusal.msgid, params=params, log_message=f"post refused: {code}")
        self.fix_in = refusal.fix_in
        self.code = code


class PostUnconfirmed(Exception):
    """Slack's answer to the post was lost (timeout, dropped connection, 5xx).

    The oops is recorded as `unknown`; bot/post_recovery.py looks in the conversation and tells
    the author. The draft stays claimed meanwhile, so it cannot be posted twice.
    """

    def __init__(self, oops_id: int) -> None:
        super().__init__(f"post of oops {oops_id} unconfirmed")
        self.oops_id = oops_id


POST_METADATA_TYPE = "oops_posted"
# Slack answers 5xx when it could not finish, but cannot promise it did nothing.
_ANSWER_LOST = (OSError,)


def post_timeout(settings: Settings) -> float:
    """Seconds one chat.postMessage of an oops may take: a tenth of OOPS_UNCONFIRMED_GRACE, at
    most 10 s. A post (a 429 waited out, a join, one more try: at most 7 of these) then ends
    inside the grace, after which bot/post_recovery.py may take its row as a dead process's."""
    return min(10.0, settings.unconfirmed_grace.total_seconds() / 10)


def post_metadata(oops_id: int) -> dict:
    """Message metadata that marks our post as oops `oops_id`, so a lost answer can be found."""
    return {"event_type": POST_METADATA_TYPE, "event_payload": {"oops_id": oops_id}}


def _destination(client: WebClient, form: ComposeForm) -> str:
    """The group DM with the affected people (conversations.open: safe to repeat)."""
    try:
        return client.conversations_open(users=",".join(form.affected))["channel"]["id"]
    except SlackApiError as err:
        code = str(err.response.get("error"))
        raise PostRefused(explain_refusal(code), code=code) from err


def deliver(
    client: WebClient,
    *,
    form: ComposeForm,
    channel: str,
    author_id: str,
    message: str,
    oops_id: int,
    timeout: float,
    locale: str | None = None,
) -> Posted:
    """Post the message in `channel`; join a public channel if needed, else say how.

    Each chat.postMessage gives up after `timeout` seconds and is never repeated blindly.

    The message is the author's own words; `locale` (theirs) only sets our chrome around it.
    Raises PostRefused (nothing posted), SlackApiError with a 5xx or OSError (answer lost).
    """
    text, blocks = build_owned_message(
        author_id=author_id,
        message=message,
        affected=form.affected,
        locale=locale,
        oops_id=oops_id,
    )
    once = without_replays(client, timeout)
    thread_ts = form.thread_ts if form.delivery != Delivery.GROUP_DM else None

    def post() -> dict:
        return once.chat_postMessage(
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            metadata=post_metadata(oops_id),
        ).data

    try:
        try:
            result = post()
        except SlackApiError as err:
            if err.response.get("error") not in ("not_in_channel", "channel_not_found"):
                raise
            _join_or_explain(client, channel, err.response.get("error"))
            result = post()
    except SlackApiError as err:
        if err.response.status_code >= 500:
            raise
        code = str(err.response.get("error"))
        raise PostRefused(explain_refusal(code), code=code) from err
    return Posted(channel_id=result.get("channel", channel), ts=result["ts"], permalink=None)


def permalink_of(client: WebClient, posted: Posted) -> str | None:
    """The posted message's link; None if Slack won't say (the post worked, that's what counts)."""
    try:
        return client.chat_getPermalink(channel=posted.channel_id, message_ts=posted.ts).get(
            "permalink"
        )
    except (SlackApiError, OSError):
        return None


_NOT_A_MEMBER = N_(
    "I'm not a member of {channel}, so I couldn't post there. "
    "Type `/invite @oops` in that channel, then press *Post it* again from your saved draft; "
    "or choose *Only a direct message*."
)


def _join_or_explain(client: WebClient, channel: str, error: str | None) -> None:
    """Join a public channel we are not in; for a private one, tell the author how to invite us."""
    refusal = Refusal(_NOT_A_MEMBER, FixIn.FORM)
    params = {"channel": f"<#{channel}>"}
    if error == "channel_not_found":
        raise PostRefused(refusal, params=params, code="channel_not_found")
    try:
        client.conversations_join(channel=channel)
    except SlackApiError as err:
        code = str(err.response.get("error"))
        if code in REFUSALS:  # e.g. is_archived: inviting us would not help
            raise PostRefused(REFUSALS[code], code=code) from err
        raise PostRefused(refusal, params=params, code=code) from err


def schedule_for(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    team_id: str,
    author_id: str,
    severity: str,
) -> tuple[list[tuple[str, datetime]], bool]:
    """(kind, due) of the check-ins of a new oops, and whether they start paused.

    The time zone comes from the profile cache or one quick users.info: a stalled lookup must
    not hold a post that is already in the channel (the cache, else UTC, stands in).
    """
    facts = user_facts(
        client, session_factory, clock, team_id=team_id, user_id=author_id, patient=False
    )
    with session_factory() as s:
        prefs = get_prefs(s, team_id=team_id, user_id=author_id)
    now = clock()
    plan = plan_nudges(
        now, severity=severity, prefs=prefs, settings=settings, tz=resolve_tz(facts.tz)
    )
    return plan, prefs.paused


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
    install: InstallKey | None = None,
) -> tuple[int, Posted]:
    """Write the intent, post the message, then finish the record and schedule its check-ins.

    Order matters (nothing lost, nothing sent twice): the oops is written as `posting` and its
    draft claimed before Slack is called, so a crash or a lost answer leaves a row to resolve
    (bot/post_recovery.py) and a second press finds the draft taken; the draft is deleted only
    when the post is known. Raises UserFacingError (draft gone or being posted), PostRefused
    (nothing posted; draft open again, with `message`) or PostUnconfirmed (answer lost).
    `install` is the installation that served the request (its bot sends the check-ins; None:
    a plain install of `team_id`); `team_id` stays the author's own team.
    """
    with session_factory() as s:
        draft = repo.get_draft(s, draft_id=draft_id, author_id=author_id)
        fields = dict(draft.fields) if draft is not None and draft.posting_oops_id is None else None
    if fields is None:
        raise UserFacingError(N_("This draft has already been posted or discarded."))
    fields.pop("team_id", None)
    form = ComposeForm.from_dict(fields)
    # A group DM's channel is only known from conversations.open, after the intent: a row
    # without a channel then means "never posted", which recovery can settle at once.
    channel = form.channel_id if form.delivery != Delivery.GROUP_DM else None
    with session_factory.begin() as s:
        oops_id = posting.start_posting(
            s,
            draft_id=draft_id,
            author_id=author_id,
            now=clock(),
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
                channel_id=channel,
                thread_ts=form.thread_ts if form.delivery != Delivery.GROUP_DM else None,
                message_ts=None,
                permalink=None,
                affected=form.affected,
                install=install,
            ),
        )
    if oops_id is None:
        raise UserFacingError(N_("This draft has already been posted or discarded."))
    try:
        if channel is None:
            try:
                channel = _destination(client, form)
            except _ANSWER_LOST as err:  # no channel, so certainly nothing posted
                raise PostRefused(explain_refusal(None), code=type(err).__name__) from err
            with session_factory.begin() as s:
                posting.set_posting_channel(s, oops_id=oops_id, channel_id=channel)
        posted = deliver(
            client,
            form=form,
            channel=channel,
            author_id=author_id,
            message=message,
            oops_id=oops_id,
            timeout=post_timeout(settings),
            locale=locale,
        )
    except PostRefused:
        with session_factory.begin() as s:
            posting.abandon_posting(s, oops_id=oops_id, message=message, now=clock())
        raise
    except (SlackApiError, *_ANSWER_LOST) as err:
        reason = err.response.status_code if isinstance(err, SlackApiError) else type(err).__name__
        log.warning("post of oops %s unconfirmed: %s", oops_id, reason)
        with session_factory.begin() as s:
            posting.mark_unknown(s, oops_id=oops_id, now=clock())
        raise PostUnconfirmed(oops_id) from err
    record_posted(
        client,
        session_factory,
        clock,
        settings,
        oops_id=oops_id,
        posted=posted,
        team_id=team_id,
        author_id=author_id,
        severity=form.severity,
    )
    permalink = permalink_of(client, posted)
    if permalink:
        with session_factory.begin() as s:
            repo.set_permalink(s, oops_id=oops_id, permalink=permalink)
    return oops_id, replace(posted, permalink=permalink)


def record_posted(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    *,
    oops_id: int,
    posted: Posted,
    team_id: str,
    author_id: str,
    severity: str,
) -> bool:
    """Finish the intent of a message known to be in Slack; False if another caller did."""
    plan, paused = schedule_for(
        client,
        session_factory,
        clock,
        settings,
        team_id=team_id,
        author_id=author_id,
        severity=severity,
    )
    with session_factory.begin() as s:
        won = posting.finish_posting(
            s,
            oops_id=oops_id,
            message_ts=posted.ts,
            channel_id=posted.channel_id,
            nudges=plan,
            paused=paused,
            now=clock(),
        )
    if won:
        log.info("oops posted id=%s team=%s channel=%s", oops_id, team_id, posted.channel_id)
    return won
