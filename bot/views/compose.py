"""The /oops compose modal and the preview modal built from it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from bot.coach.language import reads_english
from bot.compose_form import MAX_FIELD, MAX_MESSAGE, MAX_WHAT, ComposeForm
from bot.i18n import N_, Translator, translator
from bot.ids import Action, Block, Callback, Delivery, Severity
from bot.slack_text import is_channel_id, mention
from bot.view_metadata import ComposeMeta, PreviewMeta
from bot.views.blocks import button, context, divider, modal, option, section, text_input
from bot.views.coach_tips import coach_blocks

SEVERITY_OPTIONS = {
    Severity.MINOR: (N_("Minor"), N_("A slip; little or no lasting harm")),
    Severity.SIGNIFICANT: (N_("Significant"), N_("Cost people time, money or trust")),
    Severity.SERIOUS: (N_("Serious"), N_("Real harm to customers, data or the team")),
}
DELIVERY_OPTIONS = {
    Delivery.CHANNEL: (N_("Post in a channel"), N_("The channel picked below")),
    Delivery.GROUP_DM: (N_("Only a direct message"), N_("A group DM with the affected people")),
}


def _options(t: Translator, labels: dict) -> list[dict]:
    """Radio options from `{value: (label, description)}`, translated."""
    return [option(value, t(label), t(about)) for value, (label, about) in labels.items()]


def _radio_block(block_id: str, action_id: str, label: str, options: list, selected: str) -> dict:
    """A required radio-button input with `selected` (else the first option) chosen."""
    initial = next((o for o in options if o["value"] == selected), options[0])
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "radio_buttons",
            "action_id": action_id,
            "options": options,
            "initial_option": initial,
        },
    }


def _severity_block(t: Translator, selected: str) -> dict:
    return _radio_block(
        Block.SEVERITY,
        Action.SEVERITY,
        t("How bad is it?"),
        _options(t, SEVERITY_OPTIONS),
        selected,
    )


def _delivery_block(t: Translator, selected: str) -> dict:
    return _radio_block(
        Block.DELIVERY,
        Action.DELIVERY,
        t("Where should it go?"),
        _options(t, DELIVERY_OPTIONS),
        selected,
    )


def _preselectable(channel_id: str | None) -> bool:
    """Only channels can be preselected; /oops typed in a DM has no channel to default to."""
    return bool(channel_id and is_channel_id(channel_id) and not channel_id.startswith("D"))


def _channel_block(t: Translator, channel_id: str | None) -> dict:
    element: dict = {
        "type": "conversations_select",
        "action_id": Action.CHANNEL,
        "placeholder": {"type": "plain_text", "text": t("Pick a channel")},
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if _preselectable(channel_id):
        element["initial_conversation"] = channel_id
    return {
        "type": "input",
        "block_id": Block.CHANNEL,
        "optional": True,
        "label": {"type": "plain_text", "text": t("Channel")},
        "element": element,
    }


def _affected_block(t: Translator, users: Sequence[str]) -> dict:
    element: dict = {
        "type": "multi_users_select",
        "action_id": Action.AFFECTED,
        "placeholder": {"type": "plain_text", "text": t("Who felt the effect?")},
    }
    if users:
        element["initial_users"] = list(users)
    return {
        "type": "input",
        "block_id": Block.AFFECTED,
        "optional": True,
        "label": {"type": "plain_text", "text": t("Who was affected?")},
        "element": element,
    }


def compose_blocks(form: ComposeForm, t: Translator) -> list[dict]:
    """The compose modal's blocks for `form`, built from scratch."""
    return [
        section(
            t(
                "Owning a mistake quickly and plainly is the fastest way back to trust. "
                "Give the facts; we'll draft a message you can edit before anything is sent."
            )
        ),
        text_input(
            Block.WHAT,
            Action.WHAT,
            t("What happened?"),
            initial=form.what_happened,
            max_length=MAX_WHAT,
            placeholder=t("e.g. I deployed the billing change without running the migration"),
        ),
        text_input(
            Block.WHY,
            Action.WHY,
            t("Why did it happen?"),
            optional=True,
            initial=form.why,
            max_length=MAX_FIELD,
            placeholder=t("e.g. I ran the script in the production tab, not staging"),
            hint=t("About your part, in the first person; the coach reads it in the draft too."),
        ),
        text_input(
            Block.IMPACT,
            Action.IMPACT,
            t("What was the impact?"),
            optional=True,
            initial=form.impact,
            max_length=MAX_FIELD,
            placeholder=t("Who or what it affected, and how much"),
        ),
        _affected_block(t, form.affected),
        _severity_block(t, form.severity),
        text_input(
            Block.REPAIR,
            Action.REPAIR,
            t("What I'm doing to put it right"),
            optional=True,
            initial=form.repair,
            max_length=MAX_FIELD,
            placeholder=t("e.g. Rolled back at 10:40; re-running the failed invoices now"),
        ),
        text_input(
            Block.PREVENTION,
            Action.PREVENTION,
            t("What will stop it happening again?"),
            optional=True,
            initial=form.prevention,
            max_length=MAX_FIELD,
            hint=t("Optional now; we'll ask you again in a few days."),
        ),
        _delivery_block(t, form.delivery),
        _channel_block(t, form.channel_id),
    ]


# Each /oops opens this modal, so its fixed parts are built once per locale and shared between
# views (nothing mutates a built view; it is only serialised). A form's values go into fresh
# copies of just the dicts they change. tests/views check this equals compose_blocks().
@cache
def _blank_blocks(locale: str) -> tuple[dict, ...]:
    return tuple(compose_blocks(ComposeForm(), translator(locale)))


_TEXT_FIELDS = {
    Block.WHAT: "what_happened",
    Block.WHY: "why",
    Block.IMPACT: "impact",
    Block.REPAIR: "repair",
    Block.PREVENTION: "prevention",
}


def _with_element(block: dict, **changes: object) -> dict:
    return {**block, "element": {**block["element"], **changes}}


def _filled(block: dict, form: ComposeForm) -> dict:
    """`block` from the blank modal with `form`'s value for it, copying only what changes."""
    block_id = block.get("block_id")
    element = block.get("element", {})
    if block_id in _TEXT_FIELDS:
        value = getattr(form, _TEXT_FIELDS[block_id])
        if not value:
            return block
        return _with_element(block, initial_value=value[: element["max_length"]])
    if block_id == Block.AFFECTED:
        return _with_element(block, initial_users=list(form.affected)) if form.affected else block
    if block_id in (Block.SEVERITY, Block.DELIVERY):
        selected = form.severity if block_id == Block.SEVERITY else form.delivery
        if element["initial_option"]["value"] == selected:
            return block
        chosen = next((o for o in element["options"] if o["value"] == selected), None)
        return _with_element(block, initial_option=chosen) if chosen else block
    if block_id == Block.CHANNEL and _preselectable(form.channel_id):
        return _with_element(block, initial_conversation=form.channel_id)
    return block


def build_compose_modal(
    form: ComposeForm, locale: str | None = None, *, draft_id: int | None = None
) -> dict:
    """The first step: the facts, who is affected, where it goes, how bad it is, the repair.

    `draft_id`: the kept draft these facts come from, revised in place on submit (its edited
    message kept) rather than copied.
    """
    t = translator(locale)
    blocks = [_filled(block, form) for block in _blank_blocks(t.locale)]
    # The thread only applies while the author keeps the message's own channel.
    meta = ComposeMeta(
        draft_id=draft_id or 0,
        thread_ts=form.thread_ts or None,
        thread_channel=form.channel_id if form.thread_ts else None,
    )
    if form.thread_ts:
        blocks.insert(
            1, context(t(":thread: It will be posted as a reply in that message's thread."))
        )
    # notify_on_close: closing keeps the draft and reminds the author once (see listeners).
    return modal(
        Callback.COMPOSE,
        t("Own up"),
        blocks,
        submit=t("Draft message"),
        close=t("Cancel"),
        private_metadata=meta.dump(),
        notify_on_close=True,
    )


def destination_text(form: ComposeForm, locale: str | None = None) -> str:
    """Where the message will go, in words, for the preview."""
    t = translator(locale)
    people = " ".join(mention(u) for u in form.affected)
    if form.delivery == Delivery.GROUP_DM:
        return t("Goes to a group DM with {people}.", people=people)
    where = f"<#{form.channel_id}>" if form.channel_id else t("the channel")
    if form.thread_ts and people:
        return t("Goes to {where} in the thread, mentioning {people}.", where=where, people=people)
    if form.thread_ts:
        return t("Goes to {where} in the thread.", where=where)
    if people:
        return t("Goes to {where}, mentioning {people}.", where=where, people=people)
    return t("Goes to {where}.", where=where)


def build_preview_modal(
    draft_id: int, form: ComposeForm, message: str, findings, locale: str | None = None
) -> dict:
    """The second step: the drafted message, editable, with the coach's live notes."""
    t = translator(locale)
    blocks = [
        text_input(
            Block.MESSAGE,
            Action.MESSAGE,
            t("Your message (edit freely)"),
            initial=message,
            max_length=MAX_MESSAGE,
            dispatch=True,
            hint=t("The coach below re-reads it as you type. It only advises: you decide."),
        ),
        *coach_blocks(message, findings, locale=t.locale),
        divider(),
        context(destination_text(form, t.locale)),
    ]
    if not t.is_english and message and reads_english(message):
        # Facts typed in English get an English draft; say why, and how to get one in Chinese.
        blocks.insert(
            1,
            context(
                t(
                    "The draft is in English, like the facts you gave; give them in Chinese for "
                    "a Chinese draft. The coach reads English only, so it can check this one. "
                    "Edit it freely: what goes out is what you write."
                )
            ),
        )
    return modal(
        Callback.PREVIEW,
        t("Review and post"),
        blocks,
        submit=t("Post it"),
        close=t("Cancel"),
        private_metadata=PreviewMeta(draft_id=draft_id).dump(),
        notify_on_close=True,
    )


def build_posting_view(locale: str | None = None) -> dict:
    """Shown the moment Post is pressed, while the message goes out."""
    t = translator(locale)
    return modal(
        Callback.RESULT, t("Posting…"), [section(t("Sending your message…"))], close=t("Close")
    )


def build_result_view(
    *,
    ok: bool,
    text: str,
    locale: str | None = None,
    draft_id: int | None = None,
    fix_form: bool = False,
) -> dict:
    """Tells the author how posting went: a link when it worked, what to do when it didn't
    (with a button back to the kept draft: its form when `fix_form`, else its message)."""
    t = translator(locale)
    title = t("Posted") if ok else t("Not posted")
    body = section(text)
    if draft_id is None:
        return modal(Callback.RESULT, title, [body], close=t("Done"))
    reopen = button(t("Open my draft"), Action.REOPEN_DRAFT, str(draft_id))
    if not fix_form:
        reopen["style"] = "primary"
        body["accessory"] = reopen
        return modal(Callback.RESULT, title, [body], close=t("Done"))
    fix = button(t("Change the details"), Action.FIX_DRAFT, str(draft_id), style="primary")
    choices = {"type": "actions", "block_id": "draft_choices", "elements": [fix, reopen]}
    return modal(Callback.RESULT, title, [body, choices], close=t("Done"))
