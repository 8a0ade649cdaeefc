"""Private replies from the affected people: thanks, still affected, feedback."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import Clock
from bot.i18n import N_, Translator
from bot.ids import Action, Block, Callback
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.listeners.notes import tell_presser
from bot.listeners.payload import pressed
from bot.replies import (
    already_replied,
    feedback_target,
    first_reply,
    may_reply,
    pressed_oops,
    withdrawn_if_unsent,
)
from bot.request_context import Actor
from bot.states import ReplyKind
from bot.stored import Oops, SessionFactory
from bot.view_metadata import FeedbackMeta
from bot.view_state import input_state, input_text
from bot.views.replies import build_feedback_modal, reply_sent_text, reply_to_author

ONLY_AFFECTED = N_("These buttons are for the people this note was addressed to.")
ALREADY_SENT = N_("You've already sent this to the author.")


def register(app: App) -> None:
    """Attach the reply listeners."""
    app.action(Action.REPLY_THANKS)(guarded(handle_reply))
    app.action(Action.REPLY_STILL_AFFECTED)(guarded(handle_reply))
    app.action(Action.REPLY_FEEDBACK)(guarded(handle_feedback_pressed))
    app.view_submission(Callback.FEEDBACK)(guarded(handle_feedback_sent))


def _oops_for_presser(
    client: WebClient, session_factory: SessionFactory, body: dict, language: Language
) -> tuple[Oops | None, Translator]:
    """(oops, presser's translator) for a reply button; the oops is None, after a refusal has
    been shown, when the presser isn't one of the affected people."""
    channel = (body.get("channel") or {}).get("id", "")
    ts = (body.get("message") or {}).get("ts", "")
    oops_id = pressed(body)  # messages posted before ids were carried: 0
    oops = pressed_oops(session_factory, oops_id=oops_id, channel_id=channel, message_ts=ts)
    presser = language.fresh
    if not may_reply(oops, language.user_id):
        tell_presser(client, body, presser(ONLY_AFFECTED))
        return None, presser
    return oops, presser


def handle_reply(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
) -> None:
    """Thanks / still affected: a private DM to the author, a quiet confirmation to the presser."""
    ack()
    oops, presser = _oops_for_presser(client, session_factory, body, language)
    if oops is None:
        return
    thanks = body["actions"][0]["action_id"] == Action.REPLY_THANKS
    kind = ReplyKind.THANKS if thanks else ReplyKind.STILL_AFFECTED
    reply = {"oops_id": oops.id, "user_id": actor.user_id, "kind": kind}
    if not first_reply(session_factory, **reply, team_id=oops.team_id, now=clock()):
        tell_presser(client, body, presser(ALREADY_SENT))
        return
    text = reply_to_author(
        kind,
        sender_id=actor.user_id,
        what_happened=oops.what_happened,
        locale=language.of(oops.author_id).locale,
    )
    with withdrawn_if_unsent(session_factory, **reply):
        client.chat_postMessage(channel=oops.author_id, text=text)
    tell_presser(client, body, reply_sent_text(presser.locale))


def handle_feedback_pressed(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    actor: Actor,
    language: Language,
) -> None:
    """Open the feedback modal for an affected person."""
    ack()
    oops, presser = _oops_for_presser(client, session_factory, body, language)
    if oops is None:
        return
    if already_replied(
        session_factory, oops_id=oops.id, user_id=actor.user_id, kind=ReplyKind.FEEDBACK
    ):
        tell_presser(client, body, presser(ALREADY_SENT))
        return
    modal = build_feedback_modal(oops.id, oops.what_happened, presser.locale)
    open_from_button(client, body, modal, presser.locale)


def handle_feedback_sent(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
    metadata: FeedbackMeta,
) -> None:
    """Check again who is sending (the payload could be forged), then DM the author."""
    values = view["state"]["values"]
    text = input_text(values, Block.FEEDBACK_TEXT, Action.FEEDBACK_TEXT)
    chosen = input_state(values, Block.FEEDBACK_ANONYMOUS, Action.FEEDBACK_ANONYMOUS)
    anonymous = bool(chosen.get("selected_options"))
    oops_id = metadata.oops_id
    user_id = actor.user_id
    target = feedback_target(session_factory, oops_id=oops_id, user_id=user_id)
    allowed, author, what = target.allowed, target.author_id, target.what_happened
    team_id = target.team_id
    # Answered in the ack: the stored locale only (opening the modal stored it).
    t = language.cached
    if not text or len(text) > 2000 or not allowed:
        message = (
            t(ONLY_AFFECTED)
            if not allowed
            else t("Write a sentence or two (under {limit} characters).", limit=2000)
        )
        ack(response_action="errors", errors={Block.FEEDBACK_TEXT: message})
        return
    reply = {"oops_id": oops_id, "user_id": user_id, "kind": ReplyKind.FEEDBACK}
    if not first_reply(session_factory, **reply, team_id=team_id, now=clock()):
        # The same form submitted twice (or from a second form): the first one sends.
        ack(response_action="errors", errors={Block.FEEDBACK_TEXT: t(ALREADY_SENT)})
        return
    ack()
    with withdrawn_if_unsent(session_factory, **reply):
        client.chat_postMessage(
            channel=author,
            text=reply_to_author(
                ReplyKind.FEEDBACK,
                sender_id=None if anonymous else user_id,
                what_happened=what,
                feedback=text,
                locale=language.of(author).locale,
            ),
        )
