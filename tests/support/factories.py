"""Test and benchmark data built with plain defaults, so each caller names only what matters."""

from __future__ import annotations

from typing import Any

from storage import repositories as repo


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
