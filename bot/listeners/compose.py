"""The compose and preview modals: validate, draft, live coach, post."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.coach import review_message
from bot.compose_form import parse_compose, validate_compose, validate_message
from bot.config import Settings
from bot.drafts import keep_closed_draft, reopen_view, save_submitted_draft
from bot.errors import DATABASE_DOWN, UserFacingError
from bot.i18n import N_, Translator
from bot.ids import Action, Block, Callback
from bot.language import Language
from bot.listeners.guard import guarded
from bot.listeners.modal_opening import open_from_button
from bot.listeners.notes import tell_presser
from bot.listeners.payload import pressed
from bot.owning_up import PostRefused, PostUnconfirmed, post_oops
from bot.people import refuse_unreachable_people
from bot.post_refusals import FixIn
from bot.privacy import forget
from bot.request_context import Actor
from bot.slack_client import impatient
from bot.stored import SessionFactory
from bot.view_metadata import ComposeMeta, PreviewMeta
from bot.view_state import input_state
from bot.views.compose import build_posting_view, build_preview_modal, build_result_view
from bot.views.live_coach import with_coach
from bot.views.privacy import build_forgotten_view
from bot.workspaces import installation_key

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach the modal listeners."""
    app.view_submission(Callback.COMPOSE)(guarded(handle_compose_submission))
    app.view_submission(Callback.PREVIEW)(guarded(handle_preview_submission))
    app.block_action(Action.MESSAGE)(guarded(handle_message_typed))
    app.view_submission(Callback.FORGET)(guarded(handle_forget_confirmed))
    app.view_closed(Callback.COMPOSE)(guarded(handle_modal_closed))
    app.view_closed(Callback.PREVIEW)(guarded(handle_modal_closed))
    app.action(Action.REOPEN_DRAFT)(guarded(handle_reopen_draft))
    app.action(Action.FIX_DRAFT)(guarded(handle_reopen_draft))


def handle_compose_submission(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
    metadata: ComposeMeta,
) -> None:
    """Validate the facts; answer with errors, or with the preview of the drafted message."""
    form = parse_compose(view["state"]["values"])
    thread_ts = metadata.thread_in(form.channel_id)
    if thread_ts is not None:
        form.thread_ts = thread_ts
    # Both answers go in the ack, so only the locale already stored: no users.info first.
    t = language.cached
    locale = t.locale
    errors = validate_compose(form, locale)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    refused = refuse_unreachable_people(client, form.affected, locale)
    if refused:
        ack(response_action="errors", errors={Block.AFFECTED: refused})
        return
    try:
        draft_id, message = save_submitted_draft(
            session_factory,
            clock,
            team_id=actor.team_id,
            author_id=actor.user_id,
            kept_id=metadata.draft_id,
            form=form,
        )
    except SQLAlchemyError as err:
        log.warning("draft not saved, database unavailable: %s", type(err).__name__)
        ack(response_action="errors", errors={Block.WHAT: t(DATABASE_DOWN)})
        return
    ack(
        response_action="update",
        view=build_preview_modal(draft_id, form, message, review_message(message), locale),
    )


def _message_value(view: dict) -> str:
    value = input_state(view["state"]["values"], Block.MESSAGE, Action.MESSAGE).get("value")
    return value if isinstance(value, str) else ""


def handle_preview_submission(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    settings: Settings,
    actor: Actor,
    language: Language,
    metadata: PreviewMeta,
    context: dict,
) -> None:
    """Check the edited message, show 'posting', post it, then show the link or what went wrong."""
    message = _message_value(view).strip()
    t = language.cached
    errors = validate_message(message, t.locale)
    draft_id = metadata.draft_id
    if not errors and not draft_id:
        errors = {Block.MESSAGE: t("This form has expired; run /oops again.")}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=build_posting_view(t.locale))
    t = language.fresh
    try:
        _, posted = post_oops(
            client,
            session_factory,
            clock,
            settings,
            team_id=actor.team_id,
            author_id=actor.user_id,
            draft_id=draft_id,
            message=message,
            locale=t.locale,
            install=installation_key(context),
        )
        result = build_result_view(ok=True, text=_posted_text(t, posted.permalink), locale=t.locale)
    except PostRefused as err:
        text = t(":warning: {problem}", problem=err.for_locale(t.locale))
        result = build_result_view(
            ok=False,
            text=text,
            locale=t.locale,
            draft_id=draft_id,
            fix_form=err.fix_in == FixIn.FORM,
        )
    except PostUnconfirmed:
        result = build_result_view(ok=False, text=t(UNCONFIRMED), locale=t.locale)
        # bot/post_recovery.py DMs the author the outcome; no DM of the interim news.
        _show_result(client, view["id"], actor.user_id, result, dm_if_closed=False)
        return
    except UserFacingError as err:
        text = t(":warning: {problem}", problem=err.for_locale(t.locale))
        result = build_result_view(ok=False, text=text, locale=t.locale, draft_id=draft_id)
    except SQLAlchemyError as err:
        log.warning("posting stopped, database unavailable: %s", type(err).__name__)
        result = build_result_view(
            ok=False, text=t(DATABASE_DOWN), locale=t.locale, draft_id=draft_id
        )
    _show_result(client, view["id"], actor.user_id, result)


UNCONFIRMED = N_(
    ":hourglass: Slack didn't confirm in time whether your message went out. I'm checking the "
    "conversation and will message you in a few minutes: with a link if it's there, or with "
    "your draft if it isn't. Please don't post it again meanwhile."
)


def _posted_text(t: Translator, permalink: str | None) -> str:
    """The good news, with a link to the message when Slack gave one."""
    if permalink:
        return t(
            ":white_check_mark: Your message is out. <{link}|See it in Slack>\n\n"
            "Well done for owning it quickly. Over the next days I'll check in privately to "
            "help you reflect and make sure it doesn't happen again.",
            link=permalink,
        )
    return t(
        ":white_check_mark: Your message is out.\n\n"
        "Well done for owning it quickly. Over the next days I'll check in privately to "
        "help you reflect and make sure it doesn't happen again."
    )


def _show_result(
    client: WebClient, view_id: str, user_id: str, result: dict, *, dm_if_closed: bool = True
) -> None:
    """Update the modal; if the author already closed it, tell them by DM instead (unless a DM
    with the outcome follows anyway: a "still checking" DM could arrive after the answer)."""
    try:
        client.views_update(view_id=view_id, view=result)
    except SlackApiError:
        if dm_if_closed:
            text = result["blocks"][0]["text"]["text"]
            client.chat_postMessage(channel=user_id, text=text)


def handle_message_typed(ack: Ack, body: dict, client: WebClient, language: Language) -> None:
    """Re-review the message on each pause in typing and refresh the coach's notes."""
    ack()
    view = body.get("view")
    if view is None:  # the message input lives only in the preview modal
        return
    text = next((a.get("value") or "" for a in body.get("actions", [])), "")
    updated = with_coach(view, text, review_message(text), language.fresh.locale)
    # Best effort, one quick try: the next pause in typing brings a fresh review, so a result
    # that Slack refuses (hash_conflict: a newer keystroke got there first) or rate-limits is
    # dropped, not retried; sleeping out a Retry-After would only hold a listener thread.
    try:
        impatient(client).views_update(view_id=view["id"], hash=view.get("hash"), view=updated)
    except SlackApiError as err:
        if err.response.get("error") != "hash_conflict":
            log.info("live coach update dropped: %s", err.response.get("error"))
    except OSError as err:
        log.info("live coach update dropped: %s", type(err).__name__)


def handle_forget_confirmed(
    ack: Ack, session_factory: SessionFactory, actor: Actor, language: Language
) -> None:
    """The person confirmed: delete their data and say what went."""
    t = language.cached  # read before the profile is deleted
    locale = t.locale
    try:
        counts = forget(session_factory, **actor.who)
    except SQLAlchemyError as err:
        log.warning("forget not done, database unavailable: %s", type(err).__name__)
        text = t(DATABASE_DOWN)
        ack(response_action="update", view=build_result_view(ok=False, text=text, locale=locale))
        return
    ack(response_action="update", view=build_forgotten_view(counts, locale))


def handle_modal_closed(
    ack: Ack,
    view: dict,
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    actor: Actor,
    language: Language,
    metadata: ComposeMeta | PreviewMeta,
) -> None:
    """Closed without posting: keep the draft and remind the author once."""
    ack()
    preview = view.get("callback_id") == Callback.PREVIEW
    draft_id = metadata.draft_id or None
    keep_closed_draft(
        client,
        session_factory,
        clock,
        team_id=actor.team_id,
        author_id=actor.user_id,
        draft_id=draft_id,
        form=None if preview else parse_compose(view["state"]["values"]),
        message=_message_value(view) if preview else None,
        locale=language.fresh.locale,
    )


def handle_reopen_draft(
    ack: Ack,
    body: dict,
    client: WebClient,
    session_factory: SessionFactory,
    actor: Actor,
    language: Language,
) -> None:
    """Open the saved draft again, for its author only."""
    ack()
    draft_id = pressed(body)
    t = language.fresh
    view = reopen_view(
        session_factory,
        draft_id=draft_id,
        author_id=actor.user_id,
        locale=t.locale,
        to_form=body["actions"][0]["action_id"] == Action.FIX_DRAFT,
    )
    gone = t("That draft has already been posted or has expired. Start again with /oops.")
    if body.get("view"):
        # Pressed inside the result modal: replace it rather than stack a second modal.
        shown = view or build_result_view(ok=False, text=gone, locale=t.locale)
        client.views_update(view_id=body["view"]["id"], view=shown)
    elif view is None:
        tell_presser(client, body, gone)
    else:
        open_from_button(client, body, view, t.locale)
