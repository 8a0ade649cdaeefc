"""The "Own up to this" message shortcut."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.clock import Clock
from bot.compose_form import ComposeForm
from bot.drafts import open_compose
from bot.ids import SHORTCUT_OWN_UP
from bot.language import Language
from bot.listeners.guard import guarded
from bot.request_context import Actor
from bot.slack_text import is_user_id
from bot.stored import SessionFactory


def register(app: App) -> None:
    """Attach the shortcut listener."""
    app.shortcut(SHORTCUT_OWN_UP)(guarded(handle_own_up_shortcut))


def form_from_message(shortcut: dict) -> ComposeForm:
    """Preselect the message's conversation and thread; suggest its poster as affected."""
    message = shortcut.get("message") or {}
    poster = message.get("user") or ""
    author = (shortcut.get("user") or {}).get("id")
    affected = [poster] if is_user_id(poster) and poster != author else []
    return ComposeForm(
        channel_id=(shortcut.get("channel") or {}).get("id"),
        thread_ts=message.get("thread_ts") or message.get("ts"),
        affected=affected,
    )


def handle_own_up_shortcut(
    ack: Ack,
    shortcut: dict,
    client: WebClient,
    respond: Respond,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
) -> None:
    """Open the compose modal aimed at the message's thread, in the author's language."""
    ack()
    open_compose(
        client,
        respond,
        session_factory,
        clock,
        trigger_id=shortcut["trigger_id"],
        form=form_from_message(shortcut),
        team_id=actor.team_id,
        author_id=actor.user_id,
        locale=language.fresh.locale,
    )
