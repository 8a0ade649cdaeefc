"""Rebuild an open modal with fresh coach notes, leaving the author's input untouched."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ids import Block
from bot.views.coach_tips import coach_blocks

# Fields views.update accepts; Slack's copy of the view carries read-only ones (id, state, hash…).
_WRITABLE = (
    "type",
    "callback_id",
    "title",
    "submit",
    "close",
    "blocks",
    "private_metadata",
    "clear_on_close",
    "notify_on_close",
    "external_id",
    "submit_disabled",
)


def with_coach(view: dict, text: str, findings: Sequence, locale: str | None = None) -> dict:
    """A copy of `view` whose coach block shows `findings`; input blocks keep their ids."""
    new_coach = coach_blocks(text, findings, locale=locale)[0]
    blocks = [new_coach if b.get("block_id") == Block.COACH else b for b in view.get("blocks", [])]
    updated = {k: view[k] for k in _WRITABLE if k in view}
    updated["blocks"] = blocks
    return updated
