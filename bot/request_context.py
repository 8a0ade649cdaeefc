"""Who acted, in what language, and on what view: read once per request, put in Bolt's context.

Bolt hands any context key to a listener parameter of the same name, so a listener takes
`actor`, `language` (bot/language.py) and `metadata` (bot/view_metadata.py) instead of reading
them from the body itself. The body was shape-checked
before this runs (bot/envelope.py): interactive payloads carry `user.id` and `user.team_id`,
slash commands `user_id` and `team_id`; of the events, only app_home_opened names its user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.envelope import is_team_id
from bot.language import Language
from bot.slack_text import is_user_id
from bot.view_metadata import read_metadata


@dataclass(frozen=True)
class Actor:
    """The person behind a request: their workspace, their id, their enterprise if any."""

    team_id: str
    user_id: str
    enterprise_id: str | None = None

    @property
    def who(self) -> dict[str, str]:
        """`team_id` and `user_id` as keyword arguments."""
        return {"team_id": self.team_id, "user_id": self.user_id}


def _enterprise(body: dict[str, Any]) -> str | None:
    enterprise = body.get("enterprise")
    found = enterprise.get("id") if isinstance(enterprise, dict) else body.get("enterprise_id")
    return found if isinstance(found, str) and found else None


def actor_of(body: dict[str, Any]) -> Actor | None:
    """The acting person of a shape-checked body; None when the request names nobody."""
    user = body.get("user")
    if isinstance(user, dict):  # interactive payloads: user.team_id resolved by the envelope
        return Actor(user["team_id"], user["id"], _enterprise(body))
    if "command" in body and "type" not in body:
        return Actor(body["team_id"], body["user_id"], _enterprise(body))
    event = body.get("event")
    if isinstance(event, dict) and event.get("type") == "app_home_opened":
        team_id, user_id = body.get("team_id"), event.get("user")
        if is_team_id(team_id) and is_user_id(user_id):
            return Actor(team_id, user_id, _enterprise(body))
    return None


class ProvideRequestContext(Middleware):
    """Put `actor`, their `language` and the view's typed private_metadata (`metadata`) in
    the context; each is None when the request names no one or has no such view.

    Runs after ProvideDependencies (bot/app_factory.py) and Bolt's authorization, whose
    session_factory, clock and client the language looks the locale up with, lazily: building
    it costs no database read and no network call.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Read the body once, then carry on down the chain."""
        context = req.context
        actor = actor_of(req.body)
        context["actor"] = actor
        context["language"] = None
        if actor is not None:
            context["language"] = Language(
                team_id=actor.team_id,
                user_id=actor.user_id,
                ack=context.ack,
                client=context.client,
                session_factory=context.get("session_factory"),
                clock=context.get("clock"),
            )
        context["metadata"] = read_metadata(req.body.get("view"))
        return next()
