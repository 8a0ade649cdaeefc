"""The /oops slash command."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.compose_form import MAX_WHAT, ComposeForm
from bot.drafts import open_compose
from bot.errors import DATABASE_DOWN
from bot.i18n import N_
from bot.ids import COMMAND
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import NOT_OPENED
from bot.privacy import send_export
from bot.request_context import Actor
from bot.slack_client import open_modal
from bot.slack_text import decode_incoming
from bot.stored import SessionFactory
from bot.views.privacy import build_forget_modal

log = logging.getLogger(__name__)

HELP = N_(
    "*/oops* helps you own up to a mistake quickly and well.\n"
    "• `/oops` opens a short form; `/oops what happened` fills in the first line for you.\n"
    "• You'll get a drafted message to edit, with a coach that points out excuses, blame and "
    "over-apologising, then it goes to the channel or the people affected.\n"
    "• Over the next days you'll get a few private prompts to reflect and to put a safeguard "
    "in place. Your answers are only visible to you, in the app's Home tab.\n"
    "• `/oops export` sends you everything stored about you, as a file.\n"
    "• `/oops forget` deletes everything stored about you (after you confirm).\n"
    "• `/oops help` shows this."
)
EXPORTING = N_("Gathering your data; it will arrive in a direct message from me.")


def register(app: App) -> None:
    """Attach the command listener."""
    app.command(COMMAND)(guarded(handle_oops_command))


def handle_oops_command(
    ack: Ack,
    command: dict,
    client: WebClient,
    respond: Respond,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
) -> None:
    """Ack at once, then open the compose modal prefilled with the command's text."""
    text = decode_incoming(command.get("text") or "").strip()
    word = text.lower()
    # The envelope check made text and trigger_id strings.
    who = actor.who
    if word in ("help", "-h", "--help", "?", "export"):
        # Answered in the ack itself: only the locale already stored, never users.info.
        t = language.cached
        ack(text=t(EXPORTING if word == "export" else HELP), response_type="ephemeral")
        if word == "export":
            t = language.fresh
            try:
                send_export(client, session_factory, locale=t.locale, **who)
            except SQLAlchemyError as err:
                log.warning("export not sent, database unavailable: %s", type(err).__name__)
                respond(text=t(DATABASE_DOWN), response_type="ephemeral")
        return
    ack()
    t = language.fresh
    if word == "forget":
        if not open_modal(client, command["trigger_id"], build_forget_modal(t.locale)):
            respond(text=t(NOT_OPENED), response_type="ephemeral")
        return
    form = ComposeForm(what_happened=text[:MAX_WHAT], channel_id=command.get("channel_id"))
    open_compose(
        client,
        respond,
        session_factory,
        clock,
        trigger_id=command["trigger_id"],
        form=form,
        locale=t.locale,
        team_id=who["team_id"],
        author_id=who["user_id"],
    )
