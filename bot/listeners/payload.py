"""Reading who acted and on what from Slack payloads, the same way in every listener."""

from __future__ import annotations


def team_id_of(body: dict) -> str:
    """The acting user's workspace (user.team_id, else team.id)."""
    return body["user"].get("team_id") or (body.get("team") or {}).get("id", "")


def pressed(body: dict) -> tuple[str, str, int]:
    """(team, user, numeric button value) of a block_actions payload; 0 when not a number."""
    value = str((body.get("actions") or [{}])[0].get("value", ""))
    return team_id_of(body), body["user"]["id"], int(value) if value.isdigit() else 0
