"""Test and benchmark data built with plain defaults, so each caller names only what matters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage import repositories as repo
from storage import steps
from storage.models import PreventionStep


def new_oops(**overrides: Any) -> repo.NewOops:
    """A posted oops's record; any field can be overridden."""
    fields: dict[str, Any] = {
        "team_id": "T1",
        "author_id": "U0AUTH",
        "what_happened": "x",
        "impact": "",
        "severity": "minor",
        "repair": "",
        "prevention": "",
        "message": "m",
        "delivery": "channel",
        "channel_id": "C1",
        "thread_ts": None,
        "message_ts": "1.0",
        "permalink": None,
        "affected": [],
    }
    return repo.NewOops(**{**fields, **overrides})


def add_step(s: Session, *, oops_id: int, **overrides: Any) -> PreventionStep:
    """A prevention step on `oops_id`, owned by its author unless `owner_id` says otherwise."""
    fields: dict[str, Any] = {
        "team_id": "T1",
        "author_id": "U0AUTH",
        "description": "a checklist",
        "due_on": None,
        "now": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        **overrides,
    }
    fields.setdefault("owner_id", fields["author_id"])
    return steps.add_step(s, oops_id=oops_id, **fields)
