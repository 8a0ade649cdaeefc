"""Reading what was pressed and the view's metadata from Slack payloads, the same way everywhere.

The request's envelope was checked and normalised before any listener runs
(`bot.envelope.envelope_problem`), so the acting user and team are known to be valid here.
"""

from __future__ import annotations

import json

from bot.envelope import row_id


def pressed(body: dict) -> int:
    """The database id in a block_actions payload's button value; 0 if none."""
    return row_id(body["actions"][0]["value"])


def view_metadata(view: dict) -> dict:
    """A view's private_metadata as a dict; {} when it is not a JSON object."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}
