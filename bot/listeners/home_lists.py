"""App Home lists in full: "Show all" opens one in a modal, Previous/Next page through it."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.clock import Clock
from bot.home import list_view
from bot.ids import Action
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.request_context import Actor
from bot.stored import SessionFactory
from bot.workspaces import installation_key


def register(app: App) -> None:
    """Attach the Home list listeners."""
    app.action(Action.SHOW_ALL)(guarded(handle_show_list))
    app.action(Action.SHOW_PAGE)(guarded(handle_show_list))


def _list_and_page(body: dict) -> tuple[str, int]:
    """("steps" | "oopses" | "answers", 0-based page) from the button's value; a page number
    that is not one (or past MAX_PAGE) reads as the first page."""
    name, _, page = str(body["actions"][0].get("value") or "").partition(":")
    number = int(page) if page.isdigit() and len(page) <= 6 else 0
    return name, number if number <= MAX_PAGE else 0


# Far beyond any real list (40 rows a page), small enough for any database's OFFSET.
MAX_PAGE = 100_000


def handle_show_list(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
    context: BoltContext,
) -> None:
    """Open the whole list in a modal ("Show all" on Home) or turn its page (in the modal):
    the presser's own rows only, found as the Home found them."""
    ack()
    name, page = _list_and_page(body)
    locale = language.fresh.locale
    view = list_view(
        session_factory,
        clock,
        **actor.who,
        name=name,
        page=page,
        locale=locale,
        install=installation_key(context),
    )
    shown_in = body.get("view") or {}
    if body["actions"][0]["action_id"] == Action.SHOW_PAGE and shown_in.get("type") == "modal":
        client.views_update(view_id=shown_in["id"], view=view)
    else:  # "Show all" on Home, or a page button from anywhere but the list's modal
        open_from_button(client, body, view, locale)
