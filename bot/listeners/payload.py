"""Reading who acted and on what from Slack payloads, the same way in every listener.

The request's envelope was checked and normalised before any listener runs
(`bot.envelope.envelope_problem`), so the acting user and team are known to be valid here.
"""

from __future__ import annotations

import json

from bot.envelope import row_id


def team_id_of(body: dict) -> str:
    """The acting user's workspace (user.team_id, else team.id; resolved by the envelope)."""
    return body["user"]["team_id"]


def who(body: dict) -> dict[str, str]:
    """`team_id` and `user_id` of whoever acted, as keyword arguments."""
    return {"team_id": team_id_of(body), "user_id": body["user"]["id"]}


def pressed(body: dict) -> tuple[str, str, int]:
    """(team, user, database id in the button's value) of a block_actions payload; 0 if none."""
    return team_id_of(body), body["user"]["id"], row_id(body["actions"][0]["value"])


def view_metadata(view: dict) -> dict:
    """A view's private_metadata as a dict; {} when it is not a JSON object."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def metadata_id(view: dict, key: str) -> int:
    """A database id kept in a view's private_metadata; 0 when missing or out of range."""
    return row_id(view_metadata(view).get(key))
