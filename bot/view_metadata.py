"""Typed private_metadata: one frozen dataclass per modal that carries any, read in one place.

A builder writes `ComposeMeta(...).dump()` into its modal; `read_metadata(view)` (run once per
request by bot/request_context.py) parses the view's private_metadata into the class its
callback_id names, so a listener takes `metadata: ComposeMeta`. Slack hands the string back as we
wrote it, but a request is input like any other: metadata that is missing, not a JSON object,
oversized or of the wrong types reads as the empty value (ids 0, which match no row, via
`row_id`), never as an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Self

from bot.envelope import is_ts, row_id
from bot.ids import Callback
from bot.slack_text import is_channel_id

MAX_METADATA = 3000  # Slack's limit, checked again by bot/views/blocks.modal


def _json_object(raw: object) -> dict:
    """`raw` as a JSON object; {} when it is not a string of at most MAX_METADATA that holds one."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_METADATA:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _ts(value: object) -> str | None:
    return value if is_ts(value) else None


def _channel(value: object) -> str | None:
    return value if is_channel_id(value) else None


def _row(default: int = 0) -> int:
    """A row id field: read with `row_id`, 0 when absent or invalid."""
    return field(default=default, metadata={"read": row_id})


class _Metadata:
    """What every metadata class shares: each field's `read` turns one JSON value (or None when
    missing) into a valid value or the field's default."""

    @classmethod
    def parse(cls, raw: object) -> Self:
        """The metadata in the string `raw`; the empty value when it cannot be read."""
        data = _json_object(raw)
        return cls(**{f.name: f.metadata["read"](data.get(f.name)) for f in fields(cls)})

    def dump(self) -> str:
        """The JSON string for private_metadata: only fields that are set; "" when none is."""
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown = {k: v for k, v in shown.items() if v}
        return json.dumps(shown) if shown else ""


@dataclass(frozen=True)
class ComposeMeta(_Metadata):
    """The compose modal: the kept draft it revises (0: a new one) and the thread it replies in,
    which applies only while the author keeps the thread's own channel."""

    draft_id: int = _row()
    thread_ts: str | None = field(default=None, metadata={"read": _ts})
    thread_channel: str | None = field(default=None, metadata={"read": _channel})

    def thread_in(self, channel_id: str | None) -> str | None:
        """The thread's ts when the form still posts to the thread's channel, else None."""
        return self.thread_ts if self.thread_channel == channel_id else None


@dataclass(frozen=True)
class PreviewMeta(_Metadata):
    """The preview modal: the draft being reviewed (0: expired or garbled)."""

    draft_id: int = _row()


@dataclass(frozen=True)
class AnswerMeta(_Metadata):
    """The check-in answer modal: the nudge being answered, and the DM whose Answer button
    opened it (so the DM is updated even before the sweep has recorded where it went)."""

    nudge_id: int = _row()
    channel_id: str | None = field(default=None, metadata={"read": _channel})
    message_ts: str | None = field(default=None, metadata={"read": _ts})


@dataclass(frozen=True)
class FeedbackMeta(_Metadata):
    """The feedback modal an affected person fills in: the oops it is about."""

    oops_id: int = _row()


@dataclass(frozen=True)
class ReassignMeta(_Metadata):
    """The modal where an author picks a new owner for a prevention step: that step."""

    step_id: int = _row()


ViewMeta = ComposeMeta | PreviewMeta | AnswerMeta | FeedbackMeta | ReassignMeta
_BY_CALLBACK: dict[str, type[ViewMeta]] = {
    Callback.COMPOSE: ComposeMeta,
    Callback.PREVIEW: PreviewMeta,
    Callback.NUDGE_ANSWER: AnswerMeta,
    Callback.FEEDBACK: FeedbackMeta,
    Callback.STEP_REASSIGN: ReassignMeta,
}


def read_metadata(view: object) -> ViewMeta | None:
    """The typed metadata of `view` (a payload's view dict); None for a view whose callback
    carries none (settings, forget, result) or for no view at all."""
    if not isinstance(view, dict):
        return None
    callback = view.get("callback_id")
    kind = _BY_CALLBACK.get(callback) if isinstance(callback, str) else None
    return kind.parse(view.get("private_metadata")) if kind else None
