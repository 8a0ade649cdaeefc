"""Drafts the author walked away from: kept, one reminder, reopened where they left off."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.coach import review_message
from bot.compose_form import ComposeForm, validate_compose
from bot.owning_up import draft_message
from bot.slack_client import open_modal
from bot.views.compose import build_compose_modal, build_preview_modal
from bot.views.drafts import build_draft_reminder, build_unopened_notice
from storage import repositories as repo
from storage.db import SessionFactory

log = logging.getLogger(__name__)


def save_submitted_draft(
    session_factory: SessionFactory,
    clock: Clock,
    *,
    team_id: str,
    author_id: str,
    kept_id: int,
    form: ComposeForm,
) -> tuple[int, str]:
    """(draft id, message to preview): the draft these facts revise (reopened to fix them),
    else a new one."""
    now, fields = clock(), form.to_dict()
    with session_factory.begin() as s:
        draft = None
        if kept_id:
            draft = repo.revise_draft(
                s, draft_id=kept_id, author_id=author_id, fields=fields, now=now
            )
        if draft is None:
            draft = repo.save_draft(s, team_id=team_id, author_id=author_id, fields=fields, now=now)
        return draft.id, draft.fields.get("message") or draft_message(form)


def keep_closed_draft(
    client: WebClient,
    session_factory: SessionFactory,
    clock: Clock,
    *,
    team_id: str,
    author_id: str,
    draft_id: int | None,
    form: ComposeForm | None,
    message: str | None,
    locale: str | None = None,
) -> None:
    """Save what was in the closed modal; the first time, DM a reminder with a reopen button."""
    now = clock()
    with session_factory.begin() as s:
        draft = repo.get_draft(s, draft_id=draft_id, author_id=author_id) if draft_id else None
        if draft is None:
            if form is None or not form.what_happened:
                return  # closed before writing anything: nothing worth keeping
            draft = repo.save_draft(
                s, team_id=team_id, author_id=author_id, fields=form.to_dict(), now=now
            )
        if message is not None:
            repo.update_draft(s, draft=draft, fields={**draft.fields, "message": message}, now=now)
        kept_id = draft.id
    with session_factory.begin() as s:  # its own commit: the claim is made before the DM
        remind = repo.claim_draft_reminder(s, draft_id=kept_id, now=now)
    if remind:
        text, blocks = build_draft_reminder(kept_id, locale=locale)
        client.chat_postMessage(channel=author_id, text=text, blocks=blocks)
    log.info("draft kept id=%s reminded=%s", kept_id, remind)


def reopen_view(
    session_factory: SessionFactory,
    *,
    draft_id: int,
    author_id: str,
    locale: str | None = None,
    to_form: bool = False,
) -> dict | None:
    """The modal to continue a kept draft: the preview if its facts are complete, else the form.

    `to_form`: the form with every value kept (to change where it goes or who is named, after
    Slack refused the post there); submitting it revises this same draft.
    """
    with session_factory.begin() as s:
        draft = repo.get_draft(s, draft_id=draft_id, author_id=author_id)
        if draft is None or draft.posting_oops_id is not None:
            return None
        fields = dict(draft.fields)
        form = ComposeForm.from_dict(fields)
        if to_form:
            return build_compose_modal(form, locale=locale, draft_id=draft.id)
        if validate_compose(form):
            # Incomplete facts: back to the form; closing it again saves a fresh draft.
            s.delete(draft)
            return build_compose_modal(form, locale=locale)
        message = fields.get("message") or draft_message(form)
        return build_preview_modal(draft.id, form, message, review_message(message), locale=locale)


def open_compose(
    client: WebClient,
    respond: Callable[..., object],
    session_factory: SessionFactory,
    clock: Clock,
    *,
    trigger_id: str,
    form: ComposeForm,
    team_id: str,
    author_id: str,
    locale: str | None = None,
) -> None:
    """Open the compose modal; if Slack won't in time, keep what we have and say how to go on.

    One try (see `open_modal`); if it fails, the author gets a private note through `respond`,
    with a button that opens the saved facts under a fresh trigger.
    """
    if open_modal(client, trigger_id, build_compose_modal(form, locale)):
        return
    draft_id = None
    if form.what_happened or form.thread_ts or form.affected:
        try:
            with session_factory.begin() as s:
                draft_id = repo.save_draft(
                    s, team_id=team_id, author_id=author_id, fields=form.to_dict(), now=clock()
                ).id
        except SQLAlchemyError as err:  # then the note just asks to type /oops again
            log.warning("draft not kept, database unavailable: %s", type(err).__name__)
    text, blocks = build_unopened_notice(draft_id, locale)
    try:
        respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
    except Exception:  # Slack is having a bad moment; the draft is kept all the same
        log.warning("could not tell %s the form did not open", author_id)
